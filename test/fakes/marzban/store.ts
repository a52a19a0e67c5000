/**
 * The users of one simulated Marzban-family panel and what each write does to them, as the panels' crud does it
 * (see model.ts for the sources). The HTTP side is test/fakes/marzban-panel.ts.
 */
import { invalid, Refusal, type MarzbanFlavor, type SimGroup, type SimInbound, type SimUser, type UserStatus } from "./model.ts";
import { userLinks } from "./shapes.ts";
import { checkUsername, readCommonFields, readGroupIds, readProxies } from "./validation.ts";

export class MarzbanStore {
  readonly users = new Map<number, SimUser>();
  private nextId = 1;
  private readonly proxyKey: "proxies" | "proxy_settings";
  // Links change only on writes: a 10,000-user listing should cost the simulator milliseconds, not the benchmark.
  private linksEpoch = 0;
  private readonly linksCache = new WeakMap<SimUser, { epoch: number; host: string; links: string[] }>();

  constructor(
    readonly flavor: MarzbanFlavor,
    readonly inbounds: SimInbound[],
    readonly groups: Map<number, SimGroup>,
    private readonly now: () => number,
  ) {
    this.proxyKey = flavor === "marzban" ? "proxies" : "proxy_settings";
  }

  /** Something may have changed a user's links. */
  touched(): void {
    this.linksEpoch += 1;
  }

  sameName(a: string, b: string): boolean {
    return this.flavor === "marzban" ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  byName(name: string): SimUser | undefined {
    return [...this.users.values()].find((u) => this.sameName(u.username, name));
  }

  // Links change only on writes: a 10,000-user listing should cost the simulator milliseconds, not the benchmark.
  linksOf(user: SimUser, host: string): string[] {
    const cached = this.linksCache.get(user);
    if (cached && cached.epoch === this.linksEpoch && cached.host === host) return cached.links;
    const links = userLinks(this.flavor, user, this.inbounds, this.groups, host);
    this.linksCache.set(user, { epoch: this.linksEpoch, host, links });
    return links;
  }

  blankUser(name: string): SimUser {
    return {
      id: this.nextId++, username: name, status: "active", usedTraffic: 0, resetTraffic: 0, dataLimit: null, expire: null,
      dataLimitResetStrategy: "no_reset", note: null, createdAt: this.now(), editAt: null, onlineAt: null, subUpdatedAt: null,
      subLastUserAgent: null, subRevokedAt: null, onHoldExpireDuration: null, onHoldTimeout: null, autoDeleteInDays: null,
      nextPlan: null, hwidLimit: null, proxies: {}, excludedInbounds: {}, groupIds: [],
    };
  }

  /** Marzban's `this.inbounds` on create: absent excludes every inbound (no links); `{}` or a protocol left out means all. */
  private excludedFor(proxies: Record<string, unknown>, given: unknown, onCreate: boolean): Record<string, string[]> | undefined {
    if (given === undefined || given === null) return onCreate ? Object.fromEntries(Object.keys(proxies).map((p) => [p, this.inbounds.filter((i) => i.protocol === p).map((i) => i.tag)])) : undefined;
    if (typeof given !== "object" || Array.isArray(given)) throw invalid("inbounds", "Input should be a valid dictionary");
    const wanted = given as Record<string, unknown>;
    if (!onCreate && Object.keys(wanted).length === 0) return undefined;
    const out: Record<string, string[]> = {};
    for (const protocol of onCreate ? Object.keys(proxies) : Object.keys(wanted)) {
      const tags = wanted[protocol];
      if (tags !== undefined && !Array.isArray(tags)) throw invalid(protocol, "Input should be a valid list");
      for (const tag of (tags as unknown[] | undefined) ?? []) {
        if (!this.inbounds.some((i) => i.tag === tag)) throw invalid("inbounds", `Value error, Inbound ${String(tag)} doesn't exist`);
      }
      const chosen = (tags as string[] | undefined)?.length ? (tags as string[]) : onCreate ? this.inbounds.filter((i) => i.protocol === protocol).map((i) => i.tag) : [];
      out[protocol] = this.inbounds.filter((i) => i.protocol === protocol && !chosen.includes(i.tag)).map((i) => i.tag);
    }
    return out;
  }

  private checkGroups(ids: number[]): void {
    if (ids.some((id) => !this.groups.has(id))) throw new Refusal(404, "Group not found");
  }

  create(body: Record<string, unknown>): SimUser {
    const name = checkUsername(this.flavor, body.username);
    const fields = readCommonFields(this.flavor, body, ["active", "on_hold"]);
    const proxies = readProxies(this.flavor, body[this.proxyKey], true) ?? {};
    const user = this.blankUser(name);
    if (this.flavor === "marzban") {
      user.excludedInbounds = this.excludedFor(proxies, body.inbounds, true) ?? {};
      for (const protocol of Object.keys(proxies)) {
        if (!this.inbounds.some((i) => i.protocol === protocol)) throw new Refusal(400, `Protocol ${protocol} is disabled on your server`);
      }
    } else {
      user.groupIds = readGroupIds(body, true) ?? [];
      this.checkGroups(user.groupIds);
    }
    if (this.byName(name)) throw new Refusal(409, "User already exists");
    user.proxies = proxies;
    user.status = fields.status ?? "active";
    user.expire = fields.expire || null;
    // Marzban stores `data_limit or None`; PasarGuard's create keeps a 0 (its modify does not).
    user.dataLimit = this.flavor === "marzban" ? fields.dataLimit || null : (fields.dataLimit ?? null);
    user.dataLimitResetStrategy = fields.dataLimitResetStrategy ?? "no_reset";
    user.note = fields.note ?? null;
    user.onHoldExpireDuration = fields.onHoldExpireDuration || null;
    user.autoDeleteInDays = fields.autoDeleteInDays ?? null;
    user.hwidLimit = fields.hwidLimit ?? null;
    user.nextPlan = fields.nextPlan;
    this.users.set(user.id, user);
    return user;
  }

  /** Validates a modify body (throws a Refusal) and returns how to apply it to a user. */
  prepareModify(body: Record<string, unknown>): (user: SimUser) => void {
    const fields = readCommonFields(this.flavor, body, ["active", "disabled", "on_hold"]);
    const proxies = readProxies(this.flavor, body[this.proxyKey], false);
    const excluded = this.flavor === "marzban" ? this.excludedFor(proxies ?? {}, body.inbounds, false) : undefined;
    const groupIds = this.flavor === "pasarguard" ? readGroupIds(body, false) : undefined;
    if (this.flavor === "marzban") {
      for (const protocol of Object.keys(proxies ?? {})) {
        if (!this.inbounds.some((i) => i.protocol === protocol)) throw new Refusal(400, `Protocol ${protocol} is disabled on your server`);
      }
    }
    return (user) => {
      if (groupIds) this.checkGroups(groupIds);
      this.modify(user, fields, proxies, excluded, groupIds);
    };
  }

  private modify(
    user: SimUser,
    fields: ReturnType<typeof readCommonFields>,
    proxies: Record<string, Record<string, unknown>> | undefined,
    excluded: Record<string, string[]> | undefined,
    groupIds: number[] | undefined,
  ): void {
    const at = this.now();
    // Marzban: a non-empty `proxies` replaces the set (protocols left out are deleted); `{}` changes nothing.
    if (proxies && (this.flavor === "pasarguard" || Object.keys(proxies).length > 0)) user.proxies = proxies;
    if (excluded) Object.assign(user.excludedInbounds, excluded);
    // PasarGuard's docs say an empty list changes nothing; its crud assigns it, leaving the user with no this.groups.
    if (groupIds) user.groupIds = groupIds;
    if (fields.status !== undefined) {
      user.status = this.flavor === "pasarguard" && fields.status === "active" && user.status === "disabled" ? this.enabledStatus(user, at) : fields.status;
    }
    if (this.flavor === "pasarguard" && fields.status === "on_hold") user.expire = null;
    else if (fields.expire !== undefined && fields.expire !== null) {
      user.expire = fields.expire || null;
      if (user.status === "active" || user.status === "expired") user.status = !user.expire || user.expire > at ? "active" : "expired";
    }
    if (fields.dataLimit !== undefined && fields.dataLimit !== null) {
      user.dataLimit = fields.dataLimit || null;
      if (user.status !== "expired" && user.status !== "disabled") {
        if (!user.dataLimit || user.usedTraffic < user.dataLimit) {
          if (user.status !== "on_hold") user.status = "active";
        } else user.status = "limited";
      }
    }
    if (fields.note !== undefined && fields.note !== null) user.note = fields.note || null;
    if (fields.dataLimitResetStrategy !== undefined) user.dataLimitResetStrategy = fields.dataLimitResetStrategy;
    if (fields.onHoldExpireDuration !== undefined && fields.onHoldExpireDuration !== null) user.onHoldExpireDuration = fields.onHoldExpireDuration;
    if (fields.hwidLimit !== undefined && fields.hwidLimit !== null) user.hwidLimit = fields.hwidLimit;
    // Both: a modify without next_plan deletes the stored one.
    user.nextPlan = fields.nextPlan;
    user.editAt = at;
  }

  private enabledStatus(user: SimUser, at: number): UserStatus {
    if (user.expire !== null && user.expire <= at) return "expired";
    if (user.dataLimit && user.usedTraffic >= user.dataLimit) return "limited";
    return user.onHoldExpireDuration !== null ? "on_hold" : "active";
  }

  reset(user: SimUser): void {
    user.resetTraffic += user.usedTraffic;
    user.usedTraffic = 0;
    // Marzban tests `status not in (expired or disabled)`, i.e. not a substring of "expired": disabled, limited and
    // on_hold this.users all come back active. PasarGuard only lifts "limited".
    if (this.flavor === "marzban") {
      if (!"expired".includes(user.status)) user.status = "active";
      user.nextPlan = null;
    } else if (user.status === "limited") user.status = "active";
  }
}
