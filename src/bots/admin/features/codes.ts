/**
 * Discount codes: the list with uses and end dates; add or edit with one line
 * ("CODE percent|amount VALUE MAX_USES DAYS_VALID"); enable, disable, once per customer or reusable, delete (a code
 * already used is only disabled, so the orders that used it keep their record).
 */
import { Composer } from "grammy";
import { discountInputOf, validateDiscount, type DiscountCode, type DiscountInput, type DiscountProblemCode } from "../../../store/discounts.ts";
import { DAY_MS } from "../../../domain/time.ts";
import { formatDate, formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, parseWhole, say, show, toast, toLatinDigits } from "../ui.ts";
import { section } from "./section.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";

/** Reads "CODE percent|amount VALUE MAX_USES DAYS_VALID"; DAYS_VALID 0 means no end date. */
/** Why a code line is refused: validateDiscount's codes and the line's own; the words are `admin-code-problem-<code>`. */
type CodeLineProblem = DiscountProblemCode | "parts" | "kind" | "numbers";

function parseCodeLine(text: string, now: number): { input: DiscountInput } | { error: CodeLineProblem } {
  const parts = toLatinDigits(text).trim().split(/\s+/);
  if (parts.length !== 5) return { error: "parts" };
  const [code, kind, rawValue, rawMax, rawDays] = parts as [string, string, string, string, string];
  const value = parseWhole(rawValue);
  const maxUses = parseWhole(rawMax);
  const days = parseWhole(rawDays);
  if (!["percent", "amount", "%"].includes(kind.toLowerCase())) return { error: "kind" };
  if (value === null || maxUses === null || days === null || days < 0) return { error: "numbers" };
  const input: DiscountInput = {
    code,
    ...(kind.toLowerCase() === "amount" ? { amount: value, percent: null } : { percent: value, amount: null }),
    maxUses,
    validUntil: days === 0 ? null : now + days * DAY_MS,
  };
  const problem = validateDiscount(input);
  return problem ? { error: problem.code } : { input };
}

export function codesFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows, clock } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];

  function line(ctx: AdminContext, c: DiscountCode): string {
    const text = ctx.t("admin-code-line", {
      code: c.code,
      value: c.percent !== null ? ctx.tp("admin-code-value-percent", { value: c.percent }) : formatToman(ctx.lang, c.amount ?? 0),
      used: c.uses,
      max: c.max_uses > 0 ? String(c.max_uses) : ctx.tp("admin-code-no-limit"),
      date: c.valid_until === null ? ctx.tp("admin-code-no-end") : formatDate(ctx.lang, c.valid_until),
    });
    const reuse = ctx.t(c.per_customer_once ? "admin-code-once-note" : "admin-code-many-note");
    return c.active ? `${text} · ${reuse}` : `${text} · ${reuse} ${ctx.t("admin-code-inactive")}`;
  }

  async function list(ctx: AdminContext, note?: string, pageIndex = 0): Promise<void> {
    const codes = store.listDiscounts();
    const page = pageOf(codes, (c) => line(ctx, c), { title: ctx.t("admin-codes-title"), index: pageIndex });
    const rows = page.items.flatMap((c) => [
      [
        button(ctx.tp("admin-code-edit", { code: c.code }), callbacks.code.pack({ action: "edit", code: c.code })),
        c.per_customer_once
          ? button(ctx.tp("admin-code-make-many"), callbacks.code.pack({ action: "many", code: c.code }))
          : button(ctx.tp("admin-code-make-once"), callbacks.code.pack({ action: "once", code: c.code })),
      ],
      [
        c.active
          ? button(ctx.tp("admin-code-disable"), callbacks.code.pack({ action: "off", code: c.code }))
          : button(ctx.tp("admin-code-enable"), callbacks.code.pack({ action: "on", code: c.code })),
        button(ctx.tp("admin-code-delete"), callbacks.code.pack({ action: "del", code: c.code })),
      ],
    ]);
    rows.push(pageButtons(ctx, kit, "codes", page));
    rows.push([button(ctx.tp("admin-code-add"), callbacks.codeAdd.pack({}))]);
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    const body = codes.length === 0 ? ctx.t("admin-codes-empty") : page.text;
    await show(ctx, note ? `${note}\n\n${body}` : body, keyboard(rows));
  }

  section(composer, kit, "codes", ["codes"], (ctx) => list(ctx));
  onPage(composer, kit, "codes", (ctx, page) => list(ctx, undefined, page));

  composer.callbackQuery(callbacks.codeAdd.pattern, async (ctx) => {
    if (!callbacks.codeAdd.unpack(ctx.callbackQuery.data)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "code" });
    await toast(ctx);
    await say(ctx, ctx.t("admin-code-ask"), keyboard([cancelRow(ctx)]));
  });

  composer.callbackQuery(callbacks.code.pattern, async (ctx) => {
    const data = callbacks.code.unpack(ctx.callbackQuery.data);
    const before = data && store.getDiscount(data.code);
    if (!data || !before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    await toast(ctx);
    switch (data.action) {
      case "edit":
        flows.set(ctx.chat!.id, { kind: "code" });
        return say(ctx, ctx.t("admin-code-ask"), keyboard([cancelRow(ctx)]));
      case "on":
      case "off": {
        const after = store.saveDiscount({ ...discountInputOf(before), active: data.action === "on" }, before.created_at);
        ctx.audit(data.action === "on" ? "code.enable" : "code.disable", `code:${before.code}`, before, after);
        return list(ctx, ctx.t(data.action === "on" ? "admin-code-enabled" : "admin-code-disabled", { code: before.code }));
      }
      case "once":
      case "many": {
        const after = store.saveDiscount({ ...discountInputOf(before), perCustomerOnce: data.action === "once" }, before.created_at);
        ctx.audit(data.action === "once" ? "code.once-per-customer" : "code.reusable", `code:${before.code}`, before, after);
        return list(ctx, ctx.t(data.action === "once" ? "admin-code-made-once" : "admin-code-made-many", { code: before.code }));
      }
      case "del": {
        store.deleteDiscount(before.code);
        const after = store.getDiscount(before.code);
        ctx.audit("code.delete", `code:${before.code}`, before, after);
        return list(ctx, ctx.t(after ? "admin-code-disabled" : "admin-code-deleted", { code: before.code }));
      }
    }
  });

  kit.router.on("code", async (ctx) => {
    const parsed = parseCodeLine(ctx.message!.text!, clock.now());
    if ("error" in parsed) return say(ctx, ctx.t("admin-code-invalid", { hint: ctx.tp(`admin-code-problem-${parsed.error}`) }), keyboard([cancelRow(ctx)]));
    const before = store.getDiscount(parsed.input.code);
    if (before && parsed.input.maxUses !== 0 && parsed.input.maxUses! < before.uses) {
      return say(ctx, ctx.t("admin-code-invalid", { hint: `it was used ${before.uses} times already; max uses cannot be less` }), keyboard([cancelRow(ctx)]));
    }
    flows.clear(ctx.chat!.id);
    const after = store.saveDiscount({ ...parsed.input, code: before?.code ?? parsed.input.code, active: before ? before.active === 1 : true, perCustomerOnce: before ? before.per_customer_once === 1 : true },
      clock.now(),
    );
    ctx.audit(before ? "code.update" : "code.create", `code:${after.code}`, before, after);
    await say(ctx, ctx.t("admin-code-saved", { code: after.code }));
    await list(ctx);
  });

  return composer;
}
