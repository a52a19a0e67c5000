/**
 * The scripted workload: customers who start the user bot, choose English, buy the plan by card, send a receipt,
 * wait for the admin's approval, use traffic on the panel, and renew by card; and an admin who approves every
 * receipt with the Approve button of its card in the admin bot.
 *
 * People here behave like people on a flaky service: when an answer does not come (the process was killed, an
 * update was lost), they look at where they are (the store, read-only) and do the step again. Nothing in the checks
 * trusts them: a retried step must never do the thing twice.
 */
import type { FakeMessage, FakePerson } from "../../fakes/telegram.ts";
import type { Random } from "./prng.ts";
import { eventually, PLAN, type Shop } from "./shop.ts";

/** How much of the plan's volume a customer uses before renewing, and the notice that must follow. */
export type TrafficUse = "none" | "half" | "80" | "95" | "limited";
export const TRAFFIC_FRACTION: Record<TrafficUse, number> = { none: 0, half: 0.5, "80": 0.85, "95": 0.97, limited: 1.2 };
export const TRAFFIC_NOTICE: Record<TrafficUse, string | null> = { none: null, half: null, "80": "traffic-80", "95": "traffic-95", limited: "limited" };

const REPLY_MS = 4000;

interface OrderRow {
  id: string;
  number: number;
  state: string;
  subscription_id: string | null;
}

interface SubscriptionRow {
  id: string;
  state: string;
  client_name: string;
  used_bytes: number;
  usage_level: number;
  expires_at: number | null;
}

export interface CustomerOutcome {
  id: number;
  traffic: TrafficUse;
  /** Blocks the bot after buying and renewing (Telegram-faults run); later notices to them cannot be delivered. */
  blocksBot: boolean;
  done: boolean;
  /** Steps done again because an answer did not come. */
  retries: number;
  trafficAdded: number;
  error?: string;
}

export class ScriptedCustomer {
  readonly outcome: CustomerOutcome;
  private readonly person: FakePerson;
  private lastStep = "";

  constructor(
    private readonly shop: Shop,
    id: number,
    traffic: TrafficUse,
    blocksBot: boolean,
  ) {
    this.person = shop.person(id);
    this.outcome = { id, traffic, blocksBot, done: false, retries: 0, trafficAdded: 0 };
  }

  get id(): number {
    return this.outcome.id;
  }

  async run(deadline: number): Promise<void> {
    try {
      await this.registered(deadline);
      await this.paid("purchase", deadline);
      await this.active(deadline);
      await this.usedTraffic(deadline);
      await this.paid("renewal", deadline);
      await this.renewed(deadline);
      if (this.outcome.blocksBot) this.shop.tg.block(this.id, this.shop.userBot);
      this.outcome.done = true;
    } catch (error) {
      this.outcome.error = (error as Error).message;
    }
  }

  // ---- what the store says

  private customer(): { language: string; language_chosen: number } | null {
    return this.shop.db.query<{ language: string; language_chosen: number }, [number]>("SELECT language, language_chosen FROM customers WHERE telegram_id = ?").get(this.id);
  }

  private order(kind: "purchase" | "renewal"): OrderRow | null {
    return this.shop.db
      .query<OrderRow, [number, string]>("SELECT id, number, state, subscription_id FROM orders WHERE customer_id = ? AND kind = ? ORDER BY number DESC LIMIT 1")
      .get(this.id, kind);
  }

  subscription(): SubscriptionRow | null {
    return this.shop.db
      .query<SubscriptionRow, [number]>("SELECT id, state, client_name, used_bytes, usage_level, expires_at FROM subscriptions WHERE customer_id = ?")
      .get(this.id);
  }

  // ---- steps

  /** Counts a step done again from the same place: an answer that did not come. */
  private again(step: string): void {
    if (this.lastStep === step) this.outcome.retries++;
    this.lastStep = step;
  }

  private async registered(deadline: number): Promise<void> {
    for (;;) {
      this.checkDeadline(deadline, "choosing English");
      const row = this.customer();
      if (row && row.language === "en" && row.language_chosen === 1) return;
      this.again("start");
      await this.person.send("/start");
      if (!(await this.reply((m) => m.buttons.some((b) => b.text === "English")))) continue;
      if (!(await this.tap("English"))) continue;
      await this.reply("I'll speak English");
    }
  }

  private async paid(kind: "purchase" | "renewal", deadline: number): Promise<void> {
    for (;;) {
      this.checkDeadline(deadline, `paying for the ${kind}`);
      const order = this.order(kind);
      if (order?.state === "fulfilled") return;
      if (!order || ["expired", "cancelled", "rejected"].includes(order.state)) {
        this.again(`order ${kind} ${order?.id ?? ""}`);
        await this.order_(kind);
      } else if (order.state === "awaiting_payment") {
        this.again(`receipt ${order.id}`);
        await this.person.sendPhoto();
        await this.reply("waiting for approval");
        // A receipt that arrived is now with the admin; give the store a moment before looking again.
        await eventually(() => this.order(kind)?.state !== "awaiting_payment", 3000, 100);
      } else {
        // receipt_submitted (the admin's turn), paid, fulfilling: wait for it to move on.
        await eventually(() => this.order(kind)?.state !== order.state, 10_000, 150);
      }
    }
  }

  private async order_(kind: "purchase" | "renewal"): Promise<void> {
    if (kind === "purchase") {
      await this.person.send("/plans");
      if (!(await this.reply("Choose a plan"))) return;
    } else {
      await this.person.send("/subs");
      if (!(await this.reply((m) => m.buttons.some((b) => b.text === "🔄 Renew")))) return;
      if (!(await this.tap("🔄 Renew"))) return;
      if (!(await this.reply("with which plan?"))) return;
    }
    if (!(await this.tap(new RegExp(`^${PLAN.name}`)))) return;
    if (!(await this.reply("How would you like to pay"))) return;
    if (!(await this.tap("💳 Card-to-card"))) return;
    await this.reply("transfer exactly");
  }

  private async active(deadline: number): Promise<void> {
    const ok = await eventually(() => this.subscription()?.state === "active", Math.max(0, deadline - Date.now()), 150);
    if (!ok) throw new Error(`subscription of ${this.id} is ${this.subscription()?.state ?? "missing"} at the deadline`);
  }

  private async usedTraffic(deadline: number): Promise<void> {
    const fraction = TRAFFIC_FRACTION[this.outcome.traffic];
    if (fraction === 0) return;
    const sub = this.subscription()!;
    const bytes = Math.round(PLAN.trafficBytes * fraction);
    const down = Math.round(bytes * 0.8);
    this.shop.panel.addTraffic(sub.client_name, bytes - down, down);
    this.outcome.trafficAdded = bytes;
    const seen = () => {
      const row = this.subscription();
      if (!row) return false;
      switch (this.outcome.traffic) {
        case "half":
          return row.used_bytes >= bytes;
        case "80":
          return row.usage_level >= 80;
        case "95":
          return row.usage_level >= 95;
        case "limited":
          return row.state === "limited";
        default:
          return true;
      }
    };
    if (!(await eventually(seen, Math.max(0, deadline - Date.now()), 150))) {
      throw new Error(`usage of ${this.id} (${this.outcome.traffic}) never reached the store`);
    }
  }

  private async renewed(deadline: number): Promise<void> {
    const ok = await eventually(() => this.subscription()?.state === "active", Math.max(0, deadline - Date.now()), 150);
    if (!ok) throw new Error(`renewed subscription of ${this.id} is ${this.subscription()?.state} at the deadline`);
  }

  // ---- a person's patience

  private async reply(match: string | RegExp | ((m: FakeMessage) => boolean)): Promise<boolean> {
    return await this.person.waitForMessage(match, { timeoutMs: REPLY_MS }).then(
      () => true,
      () => false,
    );
  }

  private async tap(match: string | RegExp): Promise<boolean> {
    try {
      await this.person.tap(match);
      return true;
    } catch {
      return false;
    }
  }

  private checkDeadline(deadline: number, doing: string): void {
    if (Date.now() > deadline) throw new Error(`customer ${this.id} ran out of time ${doing}`);
  }
}

/**
 * The admin: approves every receipt waiting in the store by tapping Approve on its card in the admin bot; when no
 * card has arrived for a while, asks for the receipts queue (/receipts), which posts the cards again.
 */
export class ScriptedAdmin {
  taps = 0;
  listings = 0;
  private stopped = false;
  private readonly lastTap = new Map<string, number>();
  private readonly firstSeen = new Map<string, number>();
  private lastListing = 0;
  private loop: Promise<void> | undefined;

  constructor(private readonly shop: Shop) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.round();
      } catch {
        // the store may be mid-recovery; look again
      }
      await Bun.sleep(150);
    }
  }

  private async round(): Promise<void> {
    const now = Date.now();
    const waiting = this.shop.db.query<{ id: string; number: number }, []>("SELECT id, number FROM orders WHERE state = 'receipt_submitted' ORDER BY number").all();
    let missing = false;
    const messages = this.shop.admin.messages().reverse();
    for (const order of waiting) {
      if (!this.firstSeen.has(order.id)) this.firstSeen.set(order.id, now);
      if (now - (this.lastTap.get(order.id) ?? 0) < 5000) continue;
      const title = new RegExp(`Receipt for order #${order.number}(?!\\d)`);
      const card = messages.find((m) => title.test(m.caption ?? m.text ?? "") && m.buttons.some((b) => b.text === "✅ Approve"));
      const approve = card?.buttons.find((b) => b.text === "✅ Approve")?.data;
      if (approve) {
        this.lastTap.set(order.id, now);
        this.taps++;
        await this.shop.admin.tap(approve).catch(() => {});
      } else if (now - this.firstSeen.get(order.id)! > 3000) {
        missing = true;
      }
    }
    // Receipt cards reach an admin's chat at Telegram's pace (one message a second); the queue shows ten at once.
    if (missing && now - this.lastListing > 4000) {
      this.lastListing = now;
      this.listings++;
      await this.shop.admin.send("/receipts");
    }
  }
}

/** Runs `tasks` with at most `limit` at once. */
export async function pool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

/** Plans the customers of a run: their ids, how much traffic each uses, and who blocks the bot at the end. */
export function planCustomers(shop: Shop, random: Random, count: number, options: { blockers?: number } = {}): ScriptedCustomer[] {
  const uses: TrafficUse[] = ["none", "half", "80", "95", "limited"];
  const blockers = new Set<number>();
  while (blockers.size < Math.min(options.blockers ?? 0, count)) blockers.add(random.int(0, count - 1));
  return Array.from({ length: count }, (_, i) => new ScriptedCustomer(shop, 10_001 + i, random.pick(uses), blockers.has(i)));
}
