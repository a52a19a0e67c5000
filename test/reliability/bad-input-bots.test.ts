/**
 * Bad input at the bots, thrown by fast-check at the app as `subkeeper serve` wires it (startApp in this process):
 *
 *  - raw update bodies pushed into the fake Telegram's queues of both bots: updates shaped as the Bot API documents
 *    them with junk in every value (from people, bots, groups and channels, kinds the bots never asked for), and
 *    updates Telegram would never send (fields missing or mistyped, kinds that do not exist);
 *  - forged callback data on real messages, from customers in the user bot and from the admin and a stranger in the
 *    admin bot;
 *  - junk text, files and photos while a customer is in the middle of a step (a discount code, a top-up amount, a
 *    receipt awaited).
 *
 * Whatever comes: no row of state changes, every tap is answered, every answer to a customer is in their language,
 * garbage nobody can answer is ignored, and the bots go on. For anything Telegram could send, no update fails at
 * all; for shapes it never sends, a handler that trusted a field's type is caught by the error boundary (counted).
 *
 *   RELIABILITY_SEED=… RELIABILITY_BOT_RUNS=100 npx bun test test/reliability/bad-input-bots.test.ts
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import fc from "fast-check";
import type { FakeMessage, FakePerson } from "../fakes/telegram.ts";
import type { UpdateBody } from "../fakes/telegram/updates.ts";
import { forgeTap } from "../bots/user/harness.ts";
import { ADMIN, quiet, startAppWorld, type AppWorld } from "./support/app-world.ts";
import { changedTables, STATE_TABLES, tableDigests } from "./support/digest.ts";
import { envInt, seedFromEnv } from "./support/prng.ts";

const SEED = seedFromEnv();
const RUNS = envInt("RELIABILITY_BOT_RUNS", 15);
const tried = { rawUpdates: 0, malformedUpdates: 0, caughtByBoundary: 0, forgedTaps: 0, junkInFlows: 0 };

let w: AppWorld;
const people: { person: FakePerson; lang: "en" | "fa" }[] = [];
let stranger: FakePerson;
// The admin bot writes an audit row for each refusal of a stranger: checked on its own.
const TABLES = STATE_TABLES.filter((t) => t !== "audit_log");

beforeAll(async () => {
  w = await startAppWorld();
  // Enough customers that taking turns keeps each under the bot's rate limit (20 updates in 10 s).
  for (let i = 0; i < 12; i++) {
    const lang = i % 2 === 0 ? "en" : "fa";
    people.push({ person: await w.customer(6001 + i, lang), lang });
  }
  // Everyone has a chat with both bots, as anyone who writes to a bot does. Mallory (not an admin) and the admin are
  // customers too: writing to the user bot registers a person, which is not what junk is being checked for.
  for (const { person } of people) person.chatWith(w.adminBot).open();
  await w.customer(6666, "en");
  await w.customer(ADMIN, "en");
  stranger = w.tg.user({ id: 6666, firstName: "Mallory", languageCode: "en" }, w.adminBot).open();
  await quiet(w);
  console.log(`reliability bad-input-bots: seed ${SEED}, ${RUNS} runs per property`);
}, 30_000);

afterAll(async () => {
  console.log(`RELIABILITY ${JSON.stringify({ reliability: "bad-input-bots", seed: SEED, ...tried, logLines: w.logLines.length })}`);
  await w.close();
});

// ---- junk

const tricky = fc.constantFrom(
  "", " ", "\n", "0", "-1", "1e400", "NaN", "null", "<b>bold", "</code>", "&amp;", "<script>", "' OR 1=1 --", "${7*7}", "٣", "۱۲۳٬۰۰۰",
  "\u0000", "\u202e\u202d", "🏳️‍🌈".repeat(50), "a".repeat(5000), "@", "#", "ref_", "/", "//", "/start@", "/ start",
);
const junkText = fc.oneof(tricky, fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 30 }));
const junkValue: fc.Arbitrary<unknown> = fc.oneof(junkText, fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, true, -1, 1.5, 2 ** 60, [], {}));
/** Text that is not one of the bots' commands (a command is valid input, not junk). */
const notACommand = junkText.filter((text) => !/^\/(start|plans|subs|wallet|trial|support|lang|help|receipts|servers|plans|codes|customers|settings|broadcast|stats|tickets|cancel|menu)\b/i.test(text.trim()));

function peopleIds(): number[] {
  return [...people.map((p) => p.person.id), 6666, ADMIN];
}

/** Updates shaped as the Bot API documents them — every field of its type — with junk in every value. */
function wellFormedUpdate(): fc.Arbitrary<UpdateBody> {
  const id = fc.constantFrom(...peopleIds());
  const user = fc.record(
    { id, is_bot: fc.boolean(), first_name: junkText, last_name: junkText, username: junkText, language_code: fc.constantFrom("en", "fa", "de", "", "xx-YY") },
    { requiredKeys: ["id", "is_bot", "first_name"] },
  );
  // A private chat's id is its person's id; groups and channels have their own.
  const group = fc.record({ id: fc.integer({ min: -1_000_000_000_000, max: -1 }), type: fc.constantFrom("group", "supergroup", "channel"), title: junkText });
  const file = { file_id: junkText, file_unique_id: junkText };
  const text = fc.oneof(notACommand, junkText.map((t) => `/${t.replace(/[^A-Za-z0-9_]/g, "")}x_${t}`));
  const message = fc
    .record(
      {
        message_id: fc.nat(),
        date: fc.nat(),
        from: user,
        inGroup: fc.option(group, { nil: undefined }),
        text,
        caption: junkText,
        photo: fc.array(fc.record({ ...file, width: fc.nat(), height: fc.nat(), file_size: fc.nat() }), { maxLength: 3 }),
        document: fc.record({ ...file, file_name: junkText, mime_type: junkText }, { requiredKeys: ["file_id", "file_unique_id"] }),
        sticker: fc.record({ ...file, type: fc.constant("regular"), width: fc.nat(), height: fc.nat(), is_animated: fc.boolean(), is_video: fc.boolean() }),
        voice: fc.record({ ...file, duration: fc.nat() }),
        contact: fc.record({ phone_number: junkText, first_name: junkText, user_id: fc.nat() }, { requiredKeys: ["phone_number", "first_name"] }),
        location: fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }),
        via_bot: user,
        forward_date: fc.nat(),
      },
      { requiredKeys: ["message_id", "date", "from", "inGroup"] },
    )
    .map(({ inGroup, ...m }) => {
      const chat = inGroup ?? { id: m.from.id, type: "private", first_name: m.from.first_name };
      // A command carries its bot_command entity, as Telegram sends it.
      const command = typeof m.text === "string" ? /^\/[A-Za-z0-9_]+/.exec(m.text) : null;
      return { ...m, chat, ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}) };
    });
  // A tap comes from the person who sees the message: in a private chat, its owner.
  const callback = fc
    .record(
      { id: junkText, message, data: junkText.map((d) => d.slice(0, 64)), chat_instance: junkText, game_short_name: junkText },
      { requiredKeys: ["id", "message", "chat_instance"] },
    )
    .chain((c) => (c.message.chat.type === "private" ? fc.constant({ ...c, from: c.message.from }) : user.map((from) => ({ ...c, from }))));
  return fc.oneof(
    message.map((m) => ({ message: m }) as UpdateBody),
    message.map((m) => ({ edited_message: m }) as UpdateBody),
    message.map((m) => ({ channel_post: m }) as UpdateBody),
    callback.map((c) => ({ callback_query: c }) as UpdateBody),
    fc.record({ inline_query: fc.record({ id: junkText, from: user, query: junkText, offset: junkText }) }).map((u) => u as UpdateBody),
  );
}

/** Updates Telegram would never send: fields missing or of the wrong type, kinds that do not exist, nothing at all. */
function malformedUpdate(): fc.Arbitrary<UpdateBody> {
  const id = fc.constantFrom(...peopleIds());
  const chat = fc.oneof(id.map((chatId) => ({ id: chatId, type: "private", first_name: "X" })), junkValue);
  const message = fc.record(
    { message_id: junkValue, date: junkValue, chat, from: fc.oneof(id.map((i) => ({ id: i, is_bot: false, first_name: "X" })), junkValue), text: junkValue, entities: junkValue, photo: junkValue, caption: junkValue, document: junkValue },
    { requiredKeys: [] },
  );
  return fc.oneof(
    message.map((m) => ({ message: m }) as UpdateBody),
    fc.record({ callback_query: fc.record({ id: junkValue, from: junkValue, message: junkValue, data: junkValue }, { requiredKeys: [] }) }).map((u) => u as UpdateBody),
    fc.dictionary(fc.constantFrom("message", "callback_query", "inline_query", "my_chat_member", "unknown_kind"), junkValue, { minKeys: 1, maxKeys: 3 }).map((d) => d as UpdateBody),
    fc.constant({} as UpdateBody),
  );
}

/** Callback data as a modified client could send it: junk, or real prefixes with forged fields and signatures. */
const forgedData = fc.oneof(
  junkText.map((text) => text.slice(0, 64)).filter((text) => text.length > 0 && new TextEncoder().encode(text).length <= 64),
  fc
    .tuple(fc.constantFrom("pl", "pay", "buy", "sub", "rn", "tp", "lang", "rc", "rcpt", "bc", "srv", "plan", "cust", "x"), fc.array(fc.oneof(fc.nat().map(String), fc.constantFrom("ok", "no", "en", "fa", "1001", "-1", "9999999999999999")), { maxLength: 3 }), fc.string({ unit: "binary-ascii", minLength: 0, maxLength: 10 }))
    .map(([prefix, fields, sig]) => `${[prefix, ...fields].join(":")}.${sig}`.slice(0, 64)),
);

// ---- what must hold

const PERSIAN = /[\u0600-\u06FF]/;

/** The text a person reads, without what sits in <code> (echoed input, ids and links may be in any script). */
function prose(message: FakeMessage): string {
  const text = message.text ?? message.caption ?? "";
  let out = "";
  let at = 0;
  for (const e of [...message.entities].filter((e) => e.type === "code" || e.type === "pre").sort((a, b) => a.offset - b.offset)) {
    out += text.slice(at, e.offset);
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

interface Snapshot {
  digests: Record<string, string>;
  logs: number;
  audits: number;
  versions: Map<number, number>;
}

function snapshot(): Snapshot {
  const audits = w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log").get()!.n;
  return { digests: tableDigests(w.app.core.db, TABLES), logs: w.logLines.length, audits, versions: new Map(people.map((p) => [p.person.id, p.person.messages().length])) };
}

/** After junk: nothing changed, nothing failed, refusals audited as refusals, answers in the person's language. */
function unchanged(before: Snapshot, what: string): void {
  expect(changedTables(before.digests, tableDigests(w.app.core.db, TABLES)), what).toEqual([]);
  const failures = w.logLines.slice(before.logs).filter((line) => /"level":(50|60)/.test(line));
  expect(failures, what).toEqual([]);
  const audits = w.app.core.db.query<{ action: string }, [number]>("SELECT action FROM audit_log LIMIT -1 OFFSET ?").all(before.audits);
  expect(audits.filter((a) => a.action !== "refused"), what).toEqual([]);
  for (const { person, lang } of people) {
    for (const message of person.messages().slice(before.versions.get(person.id) ?? 0)) {
      const text = prose(message);
      if (!/[A-Za-z\u0600-\u06FF]/.test(text)) continue;
      if (lang === "en") expect(PERSIAN.test(text) ? `Persian in an English chat: ${text}` : "", what).toBe("");
      else expect(PERSIAN.test(text) ? "" : `no Persian in a Persian chat: ${text}`, what).toBe("");
    }
  }
}

async function stillAnswers(): Promise<void> {
  const { person, lang } = people[0]!;
  await person.send("/help");
  await person.waitForMessage(lang === "en" ? /./ : /./, { timeoutMs: 5000 });
  await w.admin.send("/stats");
  await w.admin.waitForMessage(/Stats/, { timeoutMs: 5000 });
}

test("well-formed updates with junk in every field, at both bots: ignored or answered, never a failure, nothing changed", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(wellFormedUpdate(), fc.boolean()), { minLength: 1, maxLength: 12 }), async (batch) => {
      const before = snapshot();
      for (const [update, toAdmin] of batch) w.tg.pushUpdate(update, toAdmin ? w.adminBot : w.userBot);
      tried.rawUpdates += batch.length;
      await quiet(w);
      unchanged(before, JSON.stringify(batch).slice(0, 2000));
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  await stillAnswers();
}, 180_000);

test("malformed updates Telegram would never send: the bots go on, nothing changed, any failure caught by the boundary", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(malformedUpdate(), fc.boolean()), { minLength: 1, maxLength: 12 }), async (batch) => {
      const before = snapshot();
      for (const [update, toAdmin] of batch) w.tg.pushUpdate(update, toAdmin ? w.adminBot : w.userBot);
      tried.malformedUpdates += batch.length;
      await quiet(w);
      const what = JSON.stringify(batch).slice(0, 2000);
      expect(changedTables(before.digests, tableDigests(w.app.core.db, TABLES)), what).toEqual([]);
      // The error boundary may have to catch a handler that trusted a field's type; nothing else may fail.
      const failures = w.logLines.slice(before.logs).filter((line) => /"level":(50|60)/.test(line));
      tried.caughtByBoundary += failures.filter((line) => line.includes('"msg":"update failed"')).length;
      expect(failures.filter((line) => !line.includes('"msg":"update failed"')), what).toEqual([]);
    }),
    { numRuns: RUNS, seed: SEED + 3, endOnFailure: true },
  );
  await stillAnswers();
}, 180_000);

test("forged callback data: every tap answered, in the person's language, nothing changed", async () => {
  // Give everyone a message with buttons to tap on: the main menu, the admin's menu.
  for (const { person } of people) {
    await person.send("/plans");
    await person.waitForMessage((m) => m.buttons.length > 0, { timeoutMs: 5000 });
  }
  await w.admin.send("/start");
  await w.admin.waitForMessage((m) => m.buttons.length > 0, { timeoutMs: 5000 });
  await stranger.send("/start");
  await stranger.waitForMessage(/./, { timeoutMs: 5000 });
  await quiet(w);
  const tappers = [...people.map((p) => ({ person: p.person, lang: p.lang })), { person: w.admin, lang: "en" as const }];

  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(tappers.length), forgedData), { minLength: 1, maxLength: 8 }), async (taps) => {
      const before = snapshot();
      const queries = [];
      for (const [who, data] of taps) {
        const tapper = who === tappers.length ? { person: stranger, lang: "en" as const } : tappers[who]!;
        if (tapper.person.messages().length === 0) continue;
        queries.push({ tap: forgeTap(tapper.person, data), lang: tapper.lang, data });
      }
      tried.forgedTaps += queries.length;
      await quiet(w);
      for (const { tap, lang, data } of queries) {
        expect(tap.query?.answered, `tap on ${JSON.stringify(data)} was never answered`).toBe(true);
        const toast = tap.query?.answer?.text ?? "";
        if (toast && lang === "en") expect(PERSIAN.test(toast) ? toast : "", data).toBe("");
        if (toast && lang === "fa") expect(PERSIAN.test(toast) ? "" : toast, data).toBe("");
      }
      unchanged(before, JSON.stringify(taps));
    }),
    { numRuns: RUNS, seed: SEED + 1, endOnFailure: true },
  );
  await stillAnswers();
}, 180_000);

/** Puts a customer at a step that waits for their input; returns what the step asked for. */
async function atStep(person: FakePerson, step: "discount" | "topup" | "receipt"): Promise<void> {
  if (step === "topup") {
    await person.send("/wallet");
    await person.waitForMessage((m) => m.buttons.some((b) => /Top up|شارژ|افزایش/.test(b.text)), { timeoutMs: 5000 });
    await person.tap(/Top up|شارژ|افزایش/);
    await person.waitForMessage(/./, { timeoutMs: 5000 });
    return;
  }
  await person.send("/plans");
  await person.waitForMessage((m) => m.buttons.some((b) => b.text.startsWith("Monthly")), { timeoutMs: 5000 });
  await person.tap(/^Monthly/);
  await person.waitForMessage((m) => m.buttons.length >= 2, { timeoutMs: 5000 });
  if (step === "discount") {
    await person.tap(/🏷/);
    await person.waitForMessage(/./, { timeoutMs: 5000 });
  } else {
    await person.tap(/^💳/);
    await person.waitForMessage(/6037|۶۰۳۷/, { timeoutMs: 5000 });
  }
}

let turn = 0;

test("junk text, files and photos in the middle of a step: a clear answer in the customer's language, nothing changed", async () => {
  const junkMessage = fc.oneof(
    notACommand.filter((t) => t.trim().length > 0).map((text) => ({ text })),
    fc.record({ document: fc.constant(true) }),
    fc.record({ photo: fc.constant(true) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("discount" as const, "topup" as const, "receipt" as const), fc.array(junkMessage, { minLength: 1, maxLength: 4 }), async (step, messages) => {
      const { person } = people[turn++ % people.length]!;
      await atStep(person, step).catch((error) => {
        throw new Error(`${(error as Error).message}; the chat ends with: ${JSON.stringify(person.messages().slice(-3).map((m) => [m.text ?? m.caption, m.buttons.map((b) => b.text)]))}`);
      });
      await quiet(w);
      const before = snapshot();
      for (const message of messages) {
        // A photo is a receipt when one is awaited: valid input, not junk.
        if ("photo" in message && step === "receipt") continue;
        if ("text" in message) {
          // A number in the top-up step is an amount: valid when it is one.
          if (step === "topup" && /^[\d۰-۹٬,. ]+$/.test(message.text.trim())) continue;
          await person.send(message.text);
        } else if ("photo" in message) await person.sendPhoto();
        else
          w.tg.pushUpdate(
            { message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: person.id, type: "private", first_name: "X" }, from: { id: person.id, is_bot: false, first_name: "X" }, document: { file_id: "BQAC", file_unique_id: "AgAD", file_name: "receipt.pdf" } } } as UpdateBody,
            w.userBot,
          );
        tried.junkInFlows++;
      }
      await quiet(w);
      unchanged(before, `${step}: ${JSON.stringify(messages).slice(0, 1000)}`);
      // Leave the step; an order left waiting for its receipt is cancelled, as the operator could.
      await person.send("/start");
      for (const order of w.app.core.db.query<{ id: string }, [number]>("SELECT id FROM orders WHERE customer_id = ? AND state = 'awaiting_payment'").all(person.id)) {
        await w.api("POST", `/api/actors/order/${order.id}/events`, { body: { type: "CANCEL" } });
      }
      await quiet(w);
    }),
    { numRuns: RUNS, seed: SEED + 2, endOnFailure: true },
  );
  await stillAnswers();
}, 240_000);
