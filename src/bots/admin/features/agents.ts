/**
 * Agents from a customer's card: make the customer an agent or change their terms with one message — the discount
 * percent off every plan on the first line, then optional "PLAN_ID PRICE" lines for plans with their own agent
 * price — or end it. The same terms as PUT /api/agents/:telegramId; every change audited.
 */
import { Composer } from "grammy";
import { validateAgent, type AgentInput } from "../../../store/agents.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, parseWhole, say, toast, toLatinDigits } from "../ui.ts";

/** The card's line about the customer's agent terms, or null when they are not an agent. */
export function agentNote(kit: AdminKit, ctx: AdminContext, customerId: number): string | null {
  const agent = kit.store.getAgent(customerId);
  if (!agent) return null;
  return ctx.t("admin-user-agent-note", { discount: agent.discountPercent, prices: Object.keys(agent.prices).length });
}

export function agentButtons(kit: AdminKit, ctx: AdminContext, customerId: number) {
  const act = (key: string, action: "edit" | "remove") => button(ctx.tp(key), kit.callbacks.agent.pack({ action, customerId }));
  return kit.store.getAgent(customerId) ? [act("admin-user-agent-edit", "edit"), act("admin-user-agent-remove", "remove")] : [act("admin-user-make-agent", "edit")];
}

/** "20" or "20\n3 120000\n4 300000": the discount, then plan prices. */
function parseAgentTerms(text: string): { input: AgentInput } | { error: string } {
  const [first, ...rest] = toLatinDigits(text).trim().split("\n").map((line) => line.trim()).filter(Boolean);
  const discount = first === undefined ? null : parseWhole(first.replace(/[%٪]$/, ""));
  if (discount === null) return { error: "the first line is the discount in percent" };
  const prices: { planId: number; price: number }[] = [];
  for (const line of rest) {
    const match = /^(\d+)\s+(\S+)$/.exec(line);
    const price = match ? parseWhole(match[2]!) : null;
    if (!match || price === null) return { error: `“${line.slice(0, 40)}” is not PLAN_ID PRICE` };
    prices.push({ planId: Number(match[1]), price });
  }
  const input = { discountPercent: discount, prices };
  const problem = validateAgent(input);
  return problem ? { error: problem } : { input };
}

export function agentsFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows, clock } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];
  const backToCard = (ctx: AdminContext, customerId: number) => keyboard([[button(ctx.tp("admin-back"), callbacks.user.pack({ action: "show", customerId }))]]);

  composer.callbackQuery(callbacks.agent.pattern, async (ctx) => {
    const data = callbacks.agent.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    await toast(ctx);
    if (data.action === "edit") {
      flows.set(ctx.chat!.id, { kind: "agent-terms", customerId: data.customerId });
      return say(ctx, ctx.t("admin-user-agent-ask"), keyboard([cancelRow(ctx)]));
    }
    const before = store.getAgent(data.customerId);
    if (!before) return say(ctx, ctx.t("admin-stale-button"));
    store.removeAgent(data.customerId);
    ctx.audit("agent.remove", `customer:${data.customerId}`, before, null);
    await say(ctx, ctx.t("admin-user-agent-removed", { id: String(data.customerId) }), backToCard(ctx, data.customerId));
  });

  kit.router.on("agent-terms", async (ctx, flow, text) => {
    const parsed = parseAgentTerms(text);
    if ("error" in parsed) return say(ctx, ctx.t("admin-user-agent-invalid", { hint: parsed.error }), keyboard([cancelRow(ctx)]));
    const notAPlan = parsed.input.prices!.find((p) => store.getPlan(p.planId)?.kind !== "subscription");
    if (notAPlan) return say(ctx, ctx.t("admin-user-agent-invalid", { hint: `plan ${notAPlan.planId} is not a subscription plan` }), keyboard([cancelRow(ctx)]));
    flows.clear(ctx.chat!.id);
    const before = store.getAgent(flow.customerId);
    const after = store.saveAgent(flow.customerId, parsed.input, clock.now());
    ctx.audit(before ? "agent.update" : "agent.create", `customer:${flow.customerId}`, before, after);
    await say(
      ctx,
      ctx.t("admin-user-agent-saved", { id: String(flow.customerId), discount: after.discountPercent, prices: Object.keys(after.prices).length }),
      backToCard(ctx, flow.customerId),
    );
  });

  return composer;
}
