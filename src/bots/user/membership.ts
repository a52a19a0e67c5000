/**
 * Whether a customer has joined the required channels (settings.requiredChannels), asked of Telegram with
 * getChatMember: "left" and "kicked" (and "restricted" with is_member false) are not members; everyone else is.
 *
 * The answer is kept for a few minutes per customer, so a customer costs at most one getChatMember per channel per
 * window however often they tap; "I've joined" asks again at once. Concurrent checks for one customer share one
 * call. A channel the bot cannot look into (it is not the channel's administrator, or the @name is wrong) blocks
 * nobody: the admins are alerted once per channel and customers pass. Any other failure (network, 5xx, 429) lets the
 * customer pass too, without being remembered, so the next tap asks again.
 */
import { GrammyError, type Api } from "grammy";
import type { ChatMember } from "grammy/types";
import type { Logger } from "pino";
import type { Notices } from "../../kinds/notices.ts";

/** How long an answer is kept. */
const MEMBERSHIP_TTL_MS = 5 * 60_000;
/** Past this many remembered customers, expired answers are dropped. */
const PRUNE_AT = 10_000;

interface Remembered {
  /** The channel list the answer is for: a changed setting asks again. */
  channels: string;
  missing: string[];
  at: number;
}

export interface MembershipDeps {
  api: () => Api;
  /** The channels to require now (read from the settings each time). */
  channels: () => string[];
  notices: Notices;
  now: () => number;
  log: Logger;
  ttlMs?: number;
}

/** Telegram's words for "this bot cannot see this channel's members". */
const CANNOT_CHECK = /member list is inaccessible|chat not found|bot is not a member|not enough rights|CHAT_ADMIN_REQUIRED|bot was kicked/i;

export function isMember(member: ChatMember): boolean {
  if (member.status === "left" || member.status === "kicked") return false;
  if (member.status === "restricted") return member.is_member;
  return true;
}

export class ChannelMembership {
  private readonly remembered = new Map<number, Remembered>();
  private readonly inFlight = new Map<number, Promise<string[]>>();
  /** Channels the admins were told about in this process (the alert's dedupe key keeps it once across restarts). */
  private readonly alerted = new Set<string>();

  constructor(private readonly deps: MembershipDeps) {}

  /** The required channels `userId` has not joined; [] when none is required or all are joined. */
  async missing(userId: number, options: { fresh?: boolean } = {}): Promise<string[]> {
    const channels = this.deps.channels();
    if (channels.length === 0) return [];
    const key = channels.join(" ");
    const known = this.remembered.get(userId);
    const ttl = this.deps.ttlMs ?? MEMBERSHIP_TTL_MS;
    if (!options.fresh && known && known.channels === key && this.deps.now() - known.at < ttl) return known.missing;
    const running = this.inFlight.get(userId);
    if (running) return running;
    const check = this.check(userId, channels, key).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, check);
    return check;
  }

  private async check(userId: number, channels: string[], key: string): Promise<string[]> {
    const missing: string[] = [];
    let certain = true;
    for (const channel of channels) {
      try {
        if (!isMember(await this.deps.api().getChatMember(channel, userId))) missing.push(channel);
      } catch (error) {
        if (error instanceof GrammyError && CANNOT_CHECK.test(error.description)) await this.cannotCheck(channel, error.description);
        else {
          certain = false;
          this.deps.log.warn({ channel, err: error instanceof GrammyError ? error.description : String(error) }, "channel membership not checked; the customer passes");
        }
      }
    }
    if (certain) this.remember(userId, { channels: key, missing, at: this.deps.now() });
    return missing;
  }

  private async cannotCheck(channel: string, description: string): Promise<void> {
    if (this.alerted.has(channel.toLowerCase())) return;
    this.alerted.add(channel.toLowerCase());
    try {
      await this.deps.notices.admins({ alert: "channel-unchecked", channel, message: description, dedupeKey: `channel-unchecked:${channel.toLowerCase()}` });
    } catch (error) {
      this.deps.log.warn({ channel, err: String(error) }, "admins not alerted about a required channel");
    }
  }

  private remember(userId: number, answer: Remembered): void {
    if (this.remembered.size >= PRUNE_AT) {
      const ttl = this.deps.ttlMs ?? MEMBERSHIP_TTL_MS;
      for (const [id, old] of this.remembered) if (this.deps.now() - old.at >= ttl) this.remembered.delete(id);
    }
    this.remembered.set(userId, answer);
  }
}
