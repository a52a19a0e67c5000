/**
 * The HTTP app on a scenario world: the operator token, a request helper that goes through `app.handle`, and
 * helpers for the people involved (a customer who bought a subscription that is now active).
 */
import { createWorld, type World } from "../support/world.ts";
import { createHttpApp, type HttpDeps } from "../../src/http/app.ts";
import { createMetrics, timedDriver, type Metrics } from "../../src/http/metrics/index.ts";
import { createLogger } from "../../src/log.ts";

export const TOKEN = "operator-token-for-tests-0123456789";

export interface HttpWorld {
  world: World;
  metrics: Metrics;
  app: ReturnType<typeof createHttpApp>;
  /** A request through the app; JSON bodies are sent as given (a string is sent raw). */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** A customer buys a plan by card and an admin approves: the subscription is active on the world's panel. */
  activeSubscription(customerId: number, plan?: { trafficBytes?: number; name?: string }): Promise<{ id: string; token: string; orderId: string }>;
  close(): Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  /** The bearer token; TOKEN by default, null for none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function createHttpWorld(
  options: { operatorToken?: string | null; subscriptionCacheMs?: number; deps?: Partial<Pick<HttpDeps, "receiptPhotos" | "consoleSessionLimits">> } = {},
): Promise<HttpWorld> {
  // Drivers are built on first use, after the metrics exist: every panel call is timed, as in main.ts.
  let metrics: Metrics | undefined;
  const world = await createWorld({ wrapPanel: (driver, serverId) => timedDriver(driver, serverId, { observePanelCall: (...args) => metrics!.observePanelCall(...args) }) });
  metrics = createMetrics({ db: world.db, defaultMetrics: false });
  const app = createHttpApp({
    core: world,
    metrics,
    operatorToken: options.operatorToken === null ? undefined : (options.operatorToken ?? TOKEN),
    publicUrl: "https://sub.example.com",
    log: createLogger({ level: "silent" }),
    subscriptionCacheMs: options.subscriptionCacheMs,
    panelTimeoutMs: 2000,
    ...options.deps,
  });

  async function call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? TOKEN : opts.token;
    if (token !== null) headers.authorization ??= `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await app.handle(new Request(`http://localhost${path}`, { method, headers, body }));
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  return {
    world,
    metrics,
    app,
    call,
    async activeSubscription(customerId, plan = {}) {
      world.customer(customerId);
      const planId = world.plan({ name: plan.name ?? "Monthly 50 GB", ...(plan.trafficBytes ? { trafficBytes: plan.trafficBytes } : {}) });
      const order = await world.sales.startOrder({ customerId, kind: "purchase", planId, method: "card" });
      if (!order.ok) throw new Error(order.error.message);
      await world.sales.submitReceipt(order.value.orderId, customerId, "photo");
      await world.sales.decide(order.value.orderId, { by: "900", approve: true });
      await world.settle();
      const id = order.value.subscriptionId!;
      const sub = world.subscriptions.get(id);
      if (!sub || sub.state !== "active") throw new Error(`subscription ${id} is ${sub?.state}`);
      return { id, token: sub.token, orderId: order.value.orderId };
    },
    close: () => world.close(),
  };
}
