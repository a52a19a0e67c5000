/**
 * The core of subkeeper without its edges: the runtime with every actor kind registered, the panels, and the sales
 * services. main.ts puts HTTP and the bots around it; the demo and the tests use it as it is.
 */
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import { Runtime } from "../actors/runtime.ts";
import type { RuntimeObserver } from "../actors/types.ts";
import type { Clock } from "./domain/time.ts";
import type { TokenBox } from "./panels/token-box.ts";
import type { PanelDriver } from "./panels/panel.ts";
import { PanelDrivers } from "./panels/kinds.ts";
import { PanelRegistry } from "./servers/registry.ts";
import { orderKind } from "./kinds/order-kind.ts";
import { subscriptionKind } from "./kinds/subscription-kind.ts";
import { serverKind } from "./kinds/server-kind.ts";
import { broadcastKind } from "./kinds/broadcast-kind.ts";
import { ServerService } from "./servers/service.ts";
import type { Notices } from "./kinds/notices.ts";
import { Sales } from "./sales/orders.ts";
import { Subscriptions } from "./sales/subscriptions.ts";
import { PaymentGateways } from "./sales/payments/gateways.ts";
import { openStore, type Store } from "./store/index.ts";

export interface CoreOptions {
  db: Database;
  tokens: TokenBox;
  notices: Notices;
  publicUrl: string;
  clock?: Clock;
  log?: Logger;
  observer?: RuntimeObserver;
  /** False in tests that move a manual clock and call runtime.runDue() themselves. */
  autoSchedule?: boolean;
  panelTimeoutMs?: number;
  /** Wraps each server's driver once, e.g. `timedDriver` for the metrics. */
  wrapPanel?: (driver: PanelDriver, serverId: string) => PanelDriver;
  /** Server health probe and usage sync periods. */
  healthIntervalMs?: number;
  syncIntervalMs?: number;
}

export interface Core {
  /** The connection, for wiring only (the notifier, metrics); bots and HTTP use `store`. */
  db: Database;
  store: Store;
  runtime: Runtime;
  panels: PanelRegistry;
  notices: Notices;
  sales: Sales;
  subscriptions: Subscriptions;
  servers: ServerService;
  /** Where payment effects reach the outside (the user bot plugs in Telegram Stars when it starts). */
  gateways: PaymentGateways;
}

/** Builds the core; call `core.runtime.start()` once the edges are ready. */
export function buildCore(options: CoreOptions): Core {
  const { db, notices } = options;
  const runtime = new Runtime({ db, clock: options.clock, log: options.log, observer: options.observer, autoSchedule: options.autoSchedule });
  // One factory for the registry and the checks made before saving a server: one session per panel.
  const drivers = new PanelDrivers({ ...(options.panelTimeoutMs !== undefined ? { timeoutMs: options.panelTimeoutMs } : {}) });
  const panels = new PanelRegistry(db, options.tokens, { drivers, ...(options.wrapPanel ? { wrap: options.wrapPanel } : {}) });
  const gateways = new PaymentGateways();
  runtime.register(orderKind({ db, notices, runtime: () => runtime, gateways }));
  let sales: Sales | undefined;
  runtime.register(subscriptionKind({ db, panels, notices, runtime: () => runtime, autoRenew: (input) => sales!.autoRenew(input) }));
  runtime.register(serverKind({ db, panels, notices, runtime: () => runtime }));
  runtime.register(broadcastKind({ db, notices }));
  return {
    db,
    store: openStore(db),
    runtime,
    panels,
    notices,
    gateways,
    sales: (sales = new Sales({ db, runtime, gateways, notices })),
    subscriptions: new Subscriptions({ db, runtime, publicUrl: options.publicUrl }),
    servers: new ServerService({
      db,
      runtime,
      panels,
      drivers,
      tokens: options.tokens,
      healthIntervalMs: options.healthIntervalMs ?? 60_000,
      syncIntervalMs: options.syncIntervalMs ?? 60_000,
      log: options.log,
    }),
  };
}
