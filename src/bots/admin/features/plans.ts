/**
 * Plans and traffic packs: list, a card per plan with Edit / Enable or Disable / Delete, a guided create that first
 * asks the kind (a subscription plan: name, price, traffic, days, renewal policy, server group; a traffic pack: name,
 * price, the traffic it adds) and editing one field at a time. Every change is checked by validatePlan first and
 * audited with the plan before and after.
 */
import { Composer } from "grammy";
import { validatePlan, type Plan, type PlanInput, type PlanProblemCode } from "../../../store/plans.ts";
import { formatBytes, formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import type { PlanField } from "../callbacks.ts";
import { button, cleanText, keyboard, parseDecimal, parseWhole, say, show, toast } from "../ui.ts";
import { section } from "./section.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";
import { GB } from "../../../domain/units.ts";


/** The fields of a traffic pack: it adds traffic to a subscription, so it has no days, renewal or server group. */
const PACK_FIELDS: readonly PlanField[] = ["name", "price", "traffic", "stars"];
const PLAN_FIELDS: readonly PlanField[] = ["name", "price", "traffic", "days", "policy", "group", "stars"];

/** Why what an admin typed is refused: validatePlan's codes and the bot's own; the words are `admin-plan-problem-<code>`. */
type PlanFormProblem = PlanProblemCode | "days-whole" | "policy-buttons" | "pack-traffic";

/** Why a patch does not fit a plan of `kind`, beyond validatePlan's rules: a plan lasts, a pack adds something. */
function kindProblem(kind: Plan["kind"], patch: Partial<PlanInput>): PlanFormProblem | null {
  if (kind === "subscription" && patch.days === 0) return "lasts";
  if (kind === "traffic" && patch.trafficBytes === 0) return "pack-traffic";
  return null;
}

/** The refusal of a plan form, in the admin's language. */
function refusal(ctx: AdminContext, problem: PlanFormProblem | { code: PlanProblemCode }): string {
  const code = typeof problem === "string" ? problem : problem.code;
  return ctx.t("admin-failed", { error: ctx.tp(`admin-plan-problem-${code}`) });
}

const ASK: Record<PlanField, string> = {
  name: "admin-plan-ask-name",
  price: "admin-plan-ask-price",
  traffic: "admin-plan-ask-traffic",
  days: "admin-plan-ask-days",
  policy: "admin-plan-ask-policy",
  group: "admin-plan-ask-group",
  stars: "admin-plan-ask-stars",
};

/** What an admin typed for one field, as a plan patch, or the words for why it is not a value. */
function parseField(field: PlanField, text: string): { patch: Partial<PlanInput> } | { error: PlanFormProblem } {
  switch (field) {
    case "name": {
      const name = cleanText(text, 64);
      return name ? { patch: { name } } : { error: "name" };
    }
    case "price": {
      const price = parseWhole(text);
      return price === null || price < 0 ? { error: "price" } : { patch: { price } };
    }
    case "traffic": {
      const gb = parseDecimal(text);
      return gb === null ? { error: "traffic" } : { patch: { trafficBytes: Math.round(gb * GB) } };
    }
    case "days": {
      const days = parseWhole(text);
      return days === null ? { error: "days-whole" } : { patch: { days } };
    }
    case "group":
      return { patch: { serverGroup: text.trim().toLowerCase() === "/skip" ? "default" : text.trim() } };
    case "stars": {
      if (["0", "/skip", "-"].includes(text.trim().toLowerCase())) return { patch: { stars: null } };
      const stars = parseWhole(text);
      return stars === null || stars < 1 || stars > 100_000 ? { error: "stars" } : { patch: { stars } };
    }
    case "policy":
      return { error: "policy-buttons" };
  }
}

export function plansFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows, clock } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];
  const trafficText = (ctx: AdminContext, bytes: number) => (bytes === 0 ? ctx.tp("admin-plan-unlimited") : formatBytes(ctx.lang, bytes));
  const policyText = (ctx: AdminContext, plan: Pick<Plan, "renewal_policy">) => ctx.tp(`admin-plan-policy-${plan.renewal_policy}`);
  const policyButtons = (ctx: AdminContext) =>
    keyboard([
      [
        button(ctx.tp("admin-plan-policy-reset-button"), callbacks.planPolicy.pack({ policy: "reset" })),
        button(ctx.tp("admin-plan-policy-stack-button"), callbacks.planPolicy.pack({ policy: "stack" })),
      ],
      cancelRow(ctx),
    ]);

  function line(ctx: AdminContext, plan: Plan): string {
    return plan.kind === "traffic"
      ? ctx.t("admin-pack-line", { enabled: plan.active ? "yes" : "no", name: plan.name, price: formatToman(ctx.lang, plan.price), traffic: trafficText(ctx, plan.traffic_bytes) })
      : ctx.t("admin-plan-line", {
          enabled: plan.active ? "yes" : "no",
          name: plan.name,
          price: formatToman(ctx.lang, plan.price),
          traffic: trafficText(ctx, plan.traffic_bytes),
          days: plan.days,
          policy: policyText(ctx, plan),
        });
  }

  async function list(ctx: AdminContext, pageIndex = 0): Promise<void> {
    const plans = store.listPlans();
    const page = pageOf(plans, (plan) => line(ctx, plan), { title: ctx.t("admin-plans-title"), index: pageIndex });
    const rows = page.items.map((plan) => [button(`${plan.active ? "🟢" : "⚪"} ${plan.name}`, callbacks.plan.pack({ action: "show", planId: plan.id }))]);
    rows.push(pageButtons(ctx, kit, "plans", page));
    rows.push([button(ctx.tp("admin-plan-add"), callbacks.planAdd.pack({}))]);
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    if (plans.length === 0) return show(ctx, ctx.t("admin-plans-empty"), keyboard(rows));
    await show(ctx, page.text, keyboard(rows));
  }

  async function detail(ctx: AdminContext, planId: number, note?: string): Promise<void> {
    const plan = store.getPlan(planId);
    if (!plan) return list(ctx);
    const text =
      plan.kind === "traffic"
        ? ctx.t("admin-pack-card", { enabled: plan.active ? "yes" : "no", name: plan.name, id: String(plan.id), price: formatToman(ctx.lang, plan.price), traffic: trafficText(ctx, plan.traffic_bytes) })
        : ctx.t("admin-plan-card", {
            enabled: plan.active ? "yes" : "no",
            name: plan.name,
            id: String(plan.id),
            price: formatToman(ctx.lang, plan.price),
            traffic: trafficText(ctx, plan.traffic_bytes),
            days: plan.days,
            policy: policyText(ctx, plan),
            group: plan.server_group,
          });
    const act = (key: string, action: "edit" | "on" | "off" | "del") => button(ctx.tp(key), callbacks.plan.pack({ action, planId }));
    await show(
      ctx,
      [note, text, plan.stars ? ctx.t("admin-plan-stars", { stars: plan.stars }) : undefined].filter(Boolean).join("\n\n"),
      keyboard([
        [act("admin-plan-edit", "edit"), plan.active ? act("admin-plan-disable", "off") : act("admin-plan-enable", "on")],
        [act("admin-plan-delete", "del")],
        [button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "plans" }))],
      ]),
    );
  }

  section(composer, kit, "plans", ["plans"], (ctx) => list(ctx));
  onPage(composer, kit, "plans", (ctx, page) => list(ctx, page));

  composer.callbackQuery(callbacks.plan.pattern, async (ctx) => {
    const data = callbacks.plan.unpack(ctx.callbackQuery.data);
    const before = data && store.getPlan(data.planId);
    if (!data || !before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    await toast(ctx);
    switch (data.action) {
      case "show":
        return detail(ctx, data.planId);
      case "edit": {
        const rows = (before.kind === "traffic" ? PACK_FIELDS : PLAN_FIELDS).map((field) =>
          button(ctx.tp(`admin-plan-field-${field}`), callbacks.planField.pack({ planId: data.planId, field })),
        );
        return show(ctx, ctx.t("admin-plan-ask-field"), keyboard([rows.slice(0, 3), rows.slice(3), [button(ctx.tp("admin-back"), callbacks.plan.pack({ action: "show", planId: data.planId }))]]));
      }
      case "on":
      case "off": {
        const after = store.updatePlan(data.planId, { active: data.action === "on" }, clock.now());
        ctx.audit(data.action === "on" ? "plan.enable" : "plan.disable", `plan:${data.planId}`, before, after);
        return detail(ctx, data.planId, ctx.t(data.action === "on" ? "admin-plan-enabled" : "admin-plan-disabled", { name: before.name }));
      }
      case "del": {
        store.deletePlan(data.planId);
        const after = store.getPlan(data.planId);
        ctx.audit("plan.delete", `plan:${data.planId}`, before, after);
        if (after) return detail(ctx, data.planId, ctx.t("admin-plan-kept", { name: before.name }));
        await show(ctx, ctx.t("admin-plan-deleted", { name: before.name }), keyboard([[button(ctx.tp("admin-menu-plans"), callbacks.menu.pack({ section: "plans" }))]]));
      }
    }
  });

  composer.callbackQuery(callbacks.planField.pattern, async (ctx) => {
    const data = callbacks.planField.unpack(ctx.callbackQuery.data);
    const plan = data && store.getPlan(data.planId);
    if (!data || !plan) return toast(ctx, ctx.tp("admin-stale-button"), true);
    if (plan.kind === "traffic" && !PACK_FIELDS.includes(data.field)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "plan-edit", planId: data.planId, field: data.field });
    await toast(ctx);
    if (data.field === "policy") return say(ctx, ctx.t(ASK.policy), policyButtons(ctx));
    const ask = plan.kind === "traffic" && data.field === "traffic" ? "admin-pack-ask-traffic" : ASK[data.field];
    await say(ctx, ctx.t(ask), keyboard([cancelRow(ctx)]));
  });

  /** Applies a checked patch to a plan, audits it and shows the plan. */
  async function edit(ctx: AdminContext, planId: number, patch: Partial<PlanInput>): Promise<void> {
    const before = store.getPlan(planId);
    if (!before) return say(ctx, ctx.t("admin-stale-button"));
    const problem = validatePlan({ kind: before.kind, ...patch }, true) ?? kindProblem(before.kind, patch);
    if (problem) return say(ctx, refusal(ctx, problem), keyboard([cancelRow(ctx)]));
    flows.clear(ctx.chat!.id);
    const after = store.updatePlan(planId, patch, clock.now());
    ctx.audit("plan.update", `plan:${planId}`, before, after);
    await say(ctx, ctx.t("admin-plan-saved", { name: after!.name }));
    await detail(ctx, planId);
  }

  kit.router.on("plan-edit", async (ctx, flow, text) => {
    const parsed = parseField(flow.field, text);
    if ("error" in parsed) return say(ctx, refusal(ctx, parsed.error), flow.field === "policy" ? policyButtons(ctx) : keyboard([cancelRow(ctx)]));
    await edit(ctx, flow.planId, parsed.patch);
  });

  // ---- create ---------------------------------------------------------------------------------------------------

  composer.callbackQuery(callbacks.planAdd.pattern, async (ctx) => {
    if (!callbacks.planAdd.unpack(ctx.callbackQuery.data)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    await toast(ctx);
    await say(
      ctx,
      ctx.t("admin-plan-ask-kind"),
      keyboard([
        [
          button(ctx.tp("admin-plan-kind-subscription"), callbacks.planKind.pack({ kind: "subscription" })),
          button(ctx.tp("admin-plan-kind-traffic"), callbacks.planKind.pack({ kind: "traffic" })),
        ],
        cancelRow(ctx),
      ]),
    );
  });

  composer.callbackQuery(callbacks.planKind.pattern, async (ctx) => {
    const data = callbacks.planKind.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "plan-add", step: "name", planKind: data.kind });
    await toast(ctx);
    await say(ctx, ctx.t(ASK.name), keyboard([cancelRow(ctx)]));
  });

  /** Saves a new plan or pack, audits it and shows it. */
  async function create(ctx: AdminContext, input: PlanInput): Promise<void> {
    const invalid = validatePlan(input) ?? kindProblem(input.kind ?? "subscription", input);
    if (invalid) return say(ctx, refusal(ctx, invalid), keyboard([cancelRow(ctx)]));
    flows.clear(ctx.chat!.id);
    const plan = store.createPlan(input, clock.now());
    ctx.audit("plan.create", `plan:${plan.id}`, null, plan);
    await say(ctx, ctx.t("admin-plan-saved", { name: plan.name }));
    await detail(ctx, plan.id);
  }

  kit.router.on("plan-add", async (ctx, flow, text) => {
    const field: PlanField = flow.step;
    const parsed = parseField(field, text);
    if ("error" in parsed) return say(ctx, refusal(ctx, parsed.error), field === "policy" ? policyButtons(ctx) : keyboard([cancelRow(ctx)]));
    const planKind = flow.planKind ?? "subscription";
    const problem = validatePlan(parsed.patch, true) ?? kindProblem(planKind, parsed.patch);
    if (problem) return say(ctx, refusal(ctx, problem), keyboard([cancelRow(ctx)]));
    const chatId = ctx.chat!.id;
    switch (flow.step) {
      case "name":
        flows.set(chatId, { ...flow, step: "price", name: parsed.patch.name! });
        return say(ctx, ctx.t(ASK.price), keyboard([cancelRow(ctx)]));
      case "price":
        flows.set(chatId, { ...flow, step: "traffic", price: parsed.patch.price! });
        return say(ctx, ctx.t(planKind === "traffic" ? "admin-pack-ask-traffic" : ASK.traffic), keyboard([cancelRow(ctx)]));
      case "traffic":
        if (planKind === "traffic") {
          return create(ctx, { name: flow.name!, kind: "traffic", price: flow.price!, trafficBytes: parsed.patch.trafficBytes!, days: 0 });
        }
        flows.set(chatId, { ...flow, step: "days", trafficBytes: parsed.patch.trafficBytes! });
        return say(ctx, ctx.t(ASK.days), keyboard([cancelRow(ctx)]));
      case "days":
        flows.set(chatId, { ...flow, step: "policy", days: parsed.patch.days! });
        return say(ctx, ctx.t(ASK.policy), policyButtons(ctx));
      case "group":
        return create(ctx, {
          name: flow.name!,
          price: flow.price!,
          trafficBytes: flow.trafficBytes!,
          days: flow.days!,
          renewalPolicy: flow.policy ?? "reset",
          serverGroup: parsed.patch.serverGroup!,
        });
    }
  });

  composer.callbackQuery(callbacks.planPolicy.pattern, async (ctx) => {
    const data = callbacks.planPolicy.unpack(ctx.callbackQuery.data);
    const flow = flows.get(ctx.chat!.id);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    if (flow?.kind === "plan-add" && flow.step === "policy") {
      flows.set(ctx.chat!.id, { ...flow, step: "group", policy: data.policy });
      await toast(ctx);
      return say(ctx, ctx.t(ASK.group), keyboard([cancelRow(ctx)]));
    }
    if (flow?.kind === "plan-edit" && flow.field === "policy") {
      await toast(ctx);
      return edit(ctx, flow.planId, { renewalPolicy: data.policy });
    }
    await toast(ctx, ctx.tp("admin-stale-button"), true);
  });

  return composer;
}
