/**
 * A rule said no, inside a transition (a writer) or before one. It carries a code the bots and HTTP translate, so no
 * caller ever matches message text; the message is words for logs. The runtime rolls the event back and keeps this
 * error as the `cause` of the ActorError it throws.
 */
export class Refusal extends Error {
  readonly kind = "invalid-input";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

/** The refusal behind an error the runtime threw, if a rule caused it. */
export function refusalOf(error: unknown): Refusal | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof Refusal) return e;
  }
  return null;
}
