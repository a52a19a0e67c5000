/**
 * The notifier's rows (migration 003): one per dedupe key, claimed before Telegram is called and marked with the
 * outcome after; and the chats that blocked the bot.
 *
 * status: sending (claimed, answer not recorded yet) → sent | failed (Telegram said no, nothing was delivered: a
 * later send with the same key may try again) | blocked | unconfirmed (the answer is unknown). An unconfirmed row, or
 * a sending one whose claimer is gone, is never sent again under the at-most-once policy and is claimed again (a
 * resend, counted in `resends`) under at-least-once (migration 014).
 */
import type { DeliveryPolicy } from "../domain/notice-kinds.ts";
import type { Database } from "bun:sqlite";

export type DeliveryStatus = "sending" | "sent" | "failed" | "blocked" | "unconfirmed";

/** A notifications row. */
export interface Delivery {
  dedupeKey: string;
  chatId: number;
  status: DeliveryStatus;
  attempts: number;
  claimedAt: number;
  sentAt: number | null;
  messageId: number | null;
  error: string | null;
  policy: DeliveryPolicy;
  resends: number;
}

interface Row {
  dedupe_key: string;
  chat_id: number;
  status: DeliveryStatus;
  attempts: number;
  claimed_at: number;
  sent_at: number | null;
  message_id: number | null;
  error: string | null;
  policy: DeliveryPolicy;
  resends: number;
}

const toDelivery = (row: Row): Delivery => ({
  dedupeKey: row.dedupe_key,
  chatId: row.chat_id,
  status: row.status,
  attempts: row.attempts,
  claimedAt: row.claimed_at,
  sentAt: row.sent_at,
  messageId: row.message_id,
  error: row.error,
  policy: row.policy,
  resends: row.resends,
});

/** What a claim found: the key is ours to send now (again, after a send in doubt: `resend`), or the row that says why not. */
export type Claim = { claimed: true; resend: boolean } | { claimed: false; existing: Delivery };

/** How to claim: under at-least-once, `staleBefore` is when a claim still marked sending counts as abandoned. */
export type ClaimPolicy = { policy: "at-most-once" } | { policy: "at-least-once"; staleBefore: number };

/** May this row be claimed now? failed and blocked rows delivered nothing; rows in doubt only under at-least-once. */
function claimable(row: Row | null, how: ClaimPolicy): { ok: boolean; resend: boolean } {
  if (!row || row.status === "failed" || row.status === "blocked") return { ok: true, resend: false };
  if (how.policy !== "at-least-once") return { ok: false, resend: false };
  if (row.status === "unconfirmed" || (row.status === "sending" && row.claimed_at < how.staleBefore)) return { ok: true, resend: true };
  return { ok: false, resend: false };
}

export class Deliveries {
  private readonly select;
  private readonly upsertClaim;
  private readonly setOutcome;
  private readonly upsertBlockedRow;
  private readonly staleSending;
  private readonly insertBlockedChat;
  private readonly deleteBlockedChat;
  private readonly claimTx;

  constructor(private readonly db: Database) {
    this.select = db.query<Row, [string]>("SELECT * FROM notifications WHERE dedupe_key = ?");
    this.upsertClaim = db.query<unknown, [string, number, number, DeliveryPolicy, number]>(
      `INSERT INTO notifications (dedupe_key, chat_id, status, attempts, claimed_at, policy) VALUES (?1, ?2, 'sending', 1, ?3, ?4)
       ON CONFLICT (dedupe_key) DO UPDATE SET status = 'sending', attempts = attempts + 1, claimed_at = ?3,
         chat_id = ?2, error = NULL, policy = ?4, resends = resends + ?5`,
    );
    this.setOutcome = db.query<unknown, [DeliveryStatus, number | null, number | null, string | null, string]>(
      "UPDATE notifications SET status = ?1, sent_at = ?2, message_id = ?3, error = ?4 WHERE dedupe_key = ?5",
    );
    this.upsertBlockedRow = db.query<unknown, [string, number, number, string]>(
      `INSERT INTO notifications (dedupe_key, chat_id, status, attempts, claimed_at, error)
       VALUES (?1, ?2, 'blocked', 0, ?3, ?4)
       ON CONFLICT (dedupe_key) DO UPDATE SET status = 'blocked', error = ?4
       WHERE status IN ('failed', 'blocked')`,
    );
    this.staleSending = db.query<Row, [number]>(
      "SELECT * FROM notifications WHERE status = 'sending' AND claimed_at < ? ORDER BY claimed_at",
    );
    this.insertBlockedChat = db.query<unknown, [number, number, string]>(
      "INSERT INTO notify_blocked_chats (chat_id, blocked_at, error) VALUES (?, ?, ?) ON CONFLICT (chat_id) DO NOTHING",
    );
    this.deleteBlockedChat = db.query<unknown, [number]>("DELETE FROM notify_blocked_chats WHERE chat_id = ?");
    this.claimTx = db.transaction((key: string, chatId: number, now: number, how: ClaimPolicy): Claim => {
      const row = this.select.get(key);
      const { ok, resend } = claimable(row, how);
      if (!ok) return { claimed: false, existing: toDelivery(row!) };
      this.upsertClaim.run(key, chatId, now, how.policy, resend ? 1 : 0);
      return { claimed: true, resend };
    });
  }

  /** The row for a key, if any. */
  get(dedupeKey: string): Delivery | undefined {
    const row = this.select.get(dedupeKey);
    return row ? toDelivery(row) : undefined;
  }

  /** Atomically takes the key for sending unless it is sent, being sent, or in doubt under at-most-once. */
  claim(dedupeKey: string, chatId: number, now: number, how: ClaimPolicy = { policy: "at-most-once" }): Claim {
    return this.claimTx(dedupeKey, chatId, now, how);
  }

  /** Would a claim under `how` take this row? (The row as `get` read it.) */
  isClaimable(row: Delivery, how: ClaimPolicy): boolean {
    return claimable({ status: row.status, claimed_at: row.claimedAt } as Row, how).ok;
  }

  markSent(dedupeKey: string, at: number, messageId: number): void {
    this.setOutcome.run("sent", at, messageId, null, dedupeKey);
  }

  markFailed(dedupeKey: string, error: string): void {
    this.setOutcome.run("failed", null, null, error, dedupeKey);
  }

  markBlocked(dedupeKey: string, error: string): void {
    this.setOutcome.run("blocked", null, null, error, dedupeKey);
  }

  markUnconfirmed(dedupeKey: string, error: string): void {
    this.setOutcome.run("unconfirmed", null, null, error, dedupeKey);
  }

  /** Records a send skipped because the chat is blocked (keeps a sent or pending row as it is). */
  recordSkippedBlocked(dedupeKey: string, chatId: number, now: number): void {
    this.upsertBlockedRow.run(dedupeKey, chatId, now, "chat blocked the bot earlier; not sent");
  }

  /** Rows claimed before `olderThan` whose outcome was never recorded. */
  staleClaims(olderThan: number): Delivery[] {
    return this.staleSending.all(olderThan).map(toDelivery);
  }

  /** Every chat that blocked the bot. */
  blockedChats(): number[] {
    return this.db.query<{ chat_id: number }, []>("SELECT chat_id FROM notify_blocked_chats").all().map((r) => r.chat_id);
  }

  /** Remembers a blocked chat; true if it was not known yet. */
  addBlockedChat(chatId: number, at: number, error: string): boolean {
    return this.insertBlockedChat.run(chatId, at, error).changes > 0;
  }

  removeBlockedChat(chatId: number): void {
    this.deleteBlockedChat.run(chatId);
  }
}
