/**
 * What actors say to people: a notice to a customer (traffic warnings, expiry, renewed…) and an alert to admins
 * (new receipt, server down, provisioning failed…). Each carries a dedupe key; an implementation sends it once.
 * The bots provide the Telegram implementation; the demo and tests use `RecordingNotices`.
 */
import type { EffectSpec } from "../../actors/types.ts";
import { deliveryPolicyOf, type NoticeKind } from "../domain/notice-kinds.ts";

export interface CustomerNotice {
  customerId: number;
  /** What happened; its delivery policy is in src/domain/notice-kinds.ts. */
  kind: NoticeKind;
  subscriptionId?: string;
  vars: Record<string, unknown>;
  dedupeKey: string;
}

export interface AdminAlert {
  /** new-receipt, server-down, server-recovered, provision-failed, fulfil-failed, drift, payment-unmatched, payment-partial, refund-failed */
  alert: string;
  dedupeKey: string;
  [detail: string]: unknown;
}

export interface Notices {
  customer(notice: CustomerNotice): Promise<void>;
  admins(alert: AdminAlert): Promise<void>;
}

/** Attempts of the notify effect before a notice counts as undeliverable. */
const NOTIFY_ATTEMPTS = 8;

/**
 * The admins' alert for an at-least-once notice that can never be delivered (blocked, deleted account, Telegram
 * refusing it, or every attempt failed), once per notice: who missed what, so a person can reach them.
 */
export function undeliveredAlert(notice: CustomerNotice, reason: string): AdminAlert {
  return {
    alert: "notice-undelivered",
    dedupeKey: `undelivered:${notice.dedupeKey}`,
    customerId: notice.customerId,
    kind: notice.kind,
    ...(notice.subscriptionId ? { subscriptionId: notice.subscriptionId } : {}),
    ...(notice.vars.number !== undefined ? { orderNumber: notice.vars.number } : {}),
    reason,
  };
}

/** Keeps every notice in memory, once per dedupe key. */
export class RecordingNotices implements Notices {
  readonly sent: CustomerNotice[] = [];
  readonly alerts: AdminAlert[] = [];
  private readonly keys = new Set<string>();
  onNotice?: (notice: CustomerNotice) => void;
  onAlert?: (alert: AdminAlert) => void;

  async customer(notice: CustomerNotice): Promise<void> {
    if (this.keys.has(notice.dedupeKey)) return;
    this.keys.add(notice.dedupeKey);
    this.sent.push(notice);
    this.onNotice?.(notice);
  }

  async admins(alert: AdminAlert): Promise<void> {
    if (this.keys.has(alert.dedupeKey)) return;
    this.keys.add(alert.dedupeKey);
    this.alerts.push(alert);
    this.onAlert?.(alert);
  }

  kinds(customerId?: number): string[] {
    return this.sent.filter((n) => customerId === undefined || n.customerId === customerId).map((n) => n.kind);
  }
}

/** The effects through which every kind's machine speaks to people: `notify` a customer, `alertAdmins`. */
export function noticeEffects(notices: Notices): { notify: EffectSpec; alertAdmins: EffectSpec } {
  return {
    notify: {
      maxAttempts: NOTIFY_ATTEMPTS,
      run: async (input: CustomerNotice, ctx) => {
        try {
          await notices.customer(input);
        } catch (error) {
          // The last attempt of a notice that must arrive: the admins hear who missed it before the outbox gives up.
          if (ctx.attempt >= NOTIFY_ATTEMPTS && deliveryPolicyOf(input.kind) === "at-least-once") {
            await notices.admins(undeliveredAlert(input, (error as Error)?.message ?? String(error))).catch((alertError) =>
              ctx.log.error({ err: String(alertError), customerId: input.customerId, kind: input.kind }, "undelivered-notice alert not sent"),
            );
          }
          throw error;
        }
      },
    },
    alertAdmins: { maxAttempts: 8, run: (input: AdminAlert) => notices.admins(input) },
  };
}
