/**
 * Typed callback data, built and parsed in one place. A button's data is `prefix:field:field.signature`: fields are
 * checked by kind on the way in and out, and a short HMAC (keyed from the bot token) marks data this bot made, so a
 * forged payload from a modified client is told apart from a stale button. Whatever passes still needs the
 * handler's own checks (the order is this person's, the plan is on sale): data from a client is never trusted.
 *
 *   const codec = CallbackCodec.fromToken(token);
 *   const planButton = codec.define("pl", { planId: field.int() });
 *   planButton.pack({ planId: 3 })        // "pl:3.Xy9-abCd"
 *   planButton.unpack(ctx.callbackQuery.data)  // { planId: 3 } or null
 *   composer.callbackQuery(planButton.pattern, …)
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Telegram's limit on callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SIGNATURE_CHARS = 8;

/** One field of callback data: how a value is written and read back (undefined: not a valid value). */
export interface Field<T> {
  readonly format: (value: T) => string;
  readonly parse: (raw: string) => T | undefined;
}

const ID = /^[A-Za-z0-9_-]+$/;

/** The field kinds. Values never contain ":" or ".", which separate fields and the signature. */
export const field = {
  /** A whole number from 0 to `max`. */
  int(max = Number.MAX_SAFE_INTEGER): Field<number> {
    return {
      format: (value) => {
        if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new RangeError(`callback field: ${value} is not a whole number 0..${max}`);
        return String(value);
      },
      parse: (raw) => {
        if (!/^(0|[1-9]\d{0,15})$/.test(raw)) return undefined;
        const value = Number(raw);
        return Number.isSafeInteger(value) && value <= max ? value : undefined;
      },
    };
  },
  /** An id of letters, digits, "-" and "_", up to `maxLength` characters. */
  id(maxLength = 24): Field<string> {
    return {
      format: (value) => {
        if (!ID.test(value) || value.length > maxLength) throw new RangeError(`callback field: ${JSON.stringify(value)} is not an id`);
        return value;
      },
      parse: (raw) => (ID.test(raw) && raw.length <= maxLength ? raw : undefined),
    };
  },
  /** One of a few words. */
  oneOf<const V extends string>(...values: V[]): Field<V> {
    for (const value of values) if (!ID.test(value)) throw new RangeError(`callback field: ${JSON.stringify(value)} is not a word`);
    return {
      format: (value) => {
        if (!values.includes(value)) throw new RangeError(`callback field: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
        return value;
      },
      parse: (raw) => (values as string[]).includes(raw) ? (raw as V) : undefined,
    };
  },
};

// A field of any value type: each shape keeps its own types through CallbackValues.
type AnyField = Field<any>;
export type Shape = Record<string, AnyField>;
export type CallbackValues<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Why data did not unpack: not this kind, a bad field or field count, or a missing or wrong signature. */
export type CallbackProblem = "other-prefix" | "malformed" | "forged";

export class CallbackData<S extends Shape> {
  /** Matches this kind's data (prefix only), for `composer.callbackQuery(pattern, …)`. */
  readonly pattern: RegExp;
  private readonly names: (keyof S & string)[];

  constructor(
    private readonly codec: CallbackCodec,
    readonly prefix: string,
    private readonly shape: S,
  ) {
    this.pattern = new RegExp(`^${prefix}[:.]`);
    this.names = Object.keys(shape) as (keyof S & string)[];
  }

  /** The data for a button; throws on a value its field refuses or data over 64 bytes (a bug, not input). */
  pack(values: CallbackValues<S>): string {
    const parts = [this.prefix, ...this.names.map((name) => this.shape[name]!.format(values[name]))];
    const payload = parts.join(":");
    const data = `${payload}.${this.codec.sign(payload)}`;
    if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new RangeError(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${data}`);
    return data;
  }

  /** The values in `data`, or null for anything this kind did not make. */
  unpack(data: string | undefined): CallbackValues<S> | null {
    const result = this.check(data);
    return result.ok ? result.values : null;
  }

  /** Like unpack, but says what was wrong. */
  check(data: string | undefined): { ok: true; values: CallbackValues<S> } | { ok: false; problem: CallbackProblem } {
    if (typeof data !== "string" || !this.pattern.test(data)) return { ok: false, problem: "other-prefix" };
    if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return { ok: false, problem: "malformed" };
    const dot = data.lastIndexOf(".");
    if (dot < 0) return { ok: false, problem: "forged" };
    const payload = data.slice(0, dot);
    if (!this.codec.verify(payload, data.slice(dot + 1))) return { ok: false, problem: "forged" };
    const parts = payload.split(":");
    if (parts.length !== this.names.length + 1) return { ok: false, problem: "malformed" };
    const values: Record<string, unknown> = {};
    for (const [i, name] of this.names.entries()) {
      const value = this.shape[name]!.parse(parts[i + 1]!);
      if (value === undefined) return { ok: false, problem: "malformed" };
      values[name] = value;
    }
    return { ok: true, values: values as CallbackValues<S> };
  }
}

/** Signs and defines the callback data kinds of one bot. */
export class CallbackCodec {
  private readonly prefixes = new Set<string>();

  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new RangeError("the callback data secret must be at least 16 characters");
  }

  /** A codec keyed from the bot's token, so buttons stay valid across restarts and change with the token. */
  static fromToken(token: string): CallbackCodec {
    return new CallbackCodec(createHmac("sha256", token).update("subkeeper callback data").digest("base64url"));
  }

  /** A kind of button data; prefixes are 1 to 8 lower-case letters, unique per codec. */
  define<S extends Shape>(prefix: string, shape: S): CallbackData<S> {
    if (!/^[a-z]{1,8}$/.test(prefix)) throw new RangeError(`callback prefix ${JSON.stringify(prefix)} must be 1-8 lower-case letters`);
    if (this.prefixes.has(prefix)) throw new RangeError(`callback prefix ${prefix} is defined twice`);
    this.prefixes.add(prefix);
    return new CallbackData(this, prefix, shape);
  }

  /** Whether `data` starts with a prefix this codec defined. */
  knows(data: string | undefined): boolean {
    const prefix = data?.split(/[:.]/, 1)[0];
    return prefix !== undefined && this.prefixes.has(prefix);
  }

  sign(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, SIGNATURE_CHARS);
  }

  verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
