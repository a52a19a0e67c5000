/**
 * What the admin was asked to type next (a rejection reason, a top-up amount, a step of a wizard), per chat in
 * SQLite so a restart in the middle of a form loses nothing. One flow at a time; a command or /cancel ends it.
 */
import type { Store } from "../../store/index.ts";
import type { Audience } from "../../../machines/broadcast.ts";
import { PendingInputs } from "../shared/pending-input.ts";
import type { PlanField, SettingField } from "./callbacks.ts";

/** An inbound, group or squad of the panel, as the panel names it. */
export interface InboundChoice {
  id: string;
  tag: string;
  protocol: string;
}

export type ServerAddStep = "kind" | "name" | "url" | "auth" | "token" | "username" | "password" | "sub-url" | "inbounds" | "capacity";
export type PlanAddStep = "name" | "price" | "traffic" | "days" | "policy" | "group";

export type Flow =
  | { kind: "reject-reason"; orderId: string }
  | { kind: "topup-amount"; orderId: string }
  | {
      kind: "server-add";
      step: ServerAddStep;
      /** The panel kind, asked first: it decides which fields come next. */
      panel?: string;
      name?: string;
      panelUrl?: string;
      authType?: "token" | "login";
      username?: string;
      /** The API token or the password, sealed with the token box: a plain secret never rests in the store. */
      tokenSealed?: string;
      /** The panel's version, as the test before saving found it. */
      version?: string | null;
      subUrl?: string | null;
      inbounds?: InboundChoice[];
      picked?: string[];
      /** Clients the panel had when the connection was tested. */
      clients?: number;
    }
  | {
      kind: "plan-add";
      step: PlanAddStep;
      /** A subscription plan (the default, for forms saved before packs were made here) or a traffic pack. */
      planKind?: "subscription" | "traffic";
      name?: string;
      price?: number;
      trafficBytes?: number;
      days?: number;
      policy?: "reset" | "stack";
    }
  | { kind: "plan-edit"; planId: number; field: PlanField }
  | { kind: "code" }
  | { kind: "user-find" }
  | { kind: "adjust"; customerId: number }
  | { kind: "agent-terms"; customerId: number }
  | { kind: "setting"; field: SettingField }
  | { kind: "broadcast-text"; audience: Audience }
  | { kind: "ticket-reply"; ticketId: number };

/** A form left for a day is forgotten. */
const TTL_MS = 24 * 3600_000;

/** The admin bot's pending inputs (src/bots/shared/pending-input.ts). */
export class Flows extends PendingInputs<Flow> {
  constructor(store: Store, now: () => number) {
    super(store.botState("admin", { ttlMs: TTL_MS, now }));
  }
}
