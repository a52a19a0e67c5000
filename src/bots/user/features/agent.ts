/**
 * The agent panel: an agent (a customer the admins made one) buys subscriptions for their own customers at their
 * agent price, several at once, each named after the customer it is for, paid from the wallet. Each subscription is
 * the agent's like any other: its link arrives in the provisioned notice, it is listed, renewed (at the agent price)
 * and warned about in "My subscriptions", under the name the agent gave.
 *
 * A batch is at most once: it is dropped from the chat's state before the first order starts, so a second tap on
 * Confirm (or a retry after a crash) buys nothing more; each order takes its money from the wallet atomically.
 */
import { Composer, InlineKeyboard } from "grammy";
import { formatToman, html } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { backToMenu } from "../keyboards/main-menu.ts";
import { clearFlow, newCheckoutId, setFlow } from "../middlewares/flow.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";
import { orderRefusal } from "./checkout.ts";

/** The most subscriptions one batch buys. */
const AGENT_BATCH_MAX = 20;
const NAME_MAX = 40;
const BATCH = "agent-batch";

interface Batch {
  id: string;
  planId: number;
  names: string[];
}

export async function showAgentPanel(services: UserServices, ctx: UserContext): Promise<void> {
  const customerId = ctx.from!.id;
  if (!services.store.getAgent(customerId)) return say(ctx, ctx.t("agent-not-agent"), backToMenu(services.cb, ctx.lang));
  const keyboard = new InlineKeyboard();
  for (const plan of services.store.listPlans({ activeOnly: true, kind: "subscription" })) {
    const price = formatToman(ctx.lang, services.sales.priceOf(customerId, plan));
    keyboard.text(ctx.tp("plan-button", { name: plan.name, price }), services.cb.agentPlan.pack({ planId: plan.id })).row();
  }
  keyboard
    .text(ctx.tp("menu-subscriptions"), services.cb.menu.pack({ to: "subs" }))
    .text(ctx.tp("wallet-topup-button"), services.cb.menu.pack({ to: "topup" }))
    .row()
    .text(ctx.tp("button-main-menu"), services.cb.menu.pack({ to: "home" }));
  await say(ctx, ctx.t("agent-panel", { balance: formatToman(ctx.lang, services.store.balanceOf(customerId)) }), keyboard);
}

/** One name per line; blank lines dropped. Null when there are none, too many, or one is too long. */
function parseNames(text: string): string[] | null {
  const names = text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (names.length === 0 || names.length > AGENT_BATCH_MAX || names.some((name) => [...name].length > NAME_MAX)) return null;
  return names;
}

export async function receiveAgentNames(services: UserServices, ctx: UserContext, planId: number, text: string): Promise<void> {
  const customerId = ctx.from!.id;
  const quote = services.store.getAgent(customerId) ? services.sales.quote(customerId, planId, null) : null;
  if (!quote?.ok) {
    clearFlow(services, ctx);
    return say(ctx, ctx.t("error-button-expired"));
  }
  const names = parseNames(text);
  if (!names) return say(ctx, ctx.t("agent-names-invalid", { max: AGENT_BATCH_MAX, length: NAME_MAX }));
  clearFlow(services, ctx);
  const batch: Batch = { id: newCheckoutId(), planId, names };
  services.state.set(ctx.chat!.id, BATCH, batch);
  const total = quote.value.price * names.length;
  await say(
    ctx,
    ctx.t("agent-confirm", {
      count: names.length,
      plan: quote.value.plan.name,
      names: names.join("\n"),
      total: formatToman(ctx.lang, total),
      balance: formatToman(ctx.lang, services.store.balanceOf(customerId)),
    }),
    new InlineKeyboard()
      .text(ctx.tp("agent-confirm-button"), services.cb.agentBuy.pack({ batch: batch.id, action: "ok" }))
      .row()
      .text(ctx.tp("button-cancel"), services.cb.agentBuy.pack({ batch: batch.id, action: "no" })),
  );
}

async function buy(services: UserServices, ctx: UserContext, batch: Batch): Promise<void> {
  const customerId = ctx.from!.id;
  const quote = services.sales.quote(customerId, batch.planId, null);
  if (!quote.ok) return say(ctx, ctx.t("error-button-expired"));
  const total = quote.value.price * batch.names.length;
  const balance = services.store.balanceOf(customerId);
  if (balance < total) {
    return say(
      ctx,
      ctx.t("agent-insufficient", { balance: formatToman(ctx.lang, balance), total: formatToman(ctx.lang, total), missing: formatToman(ctx.lang, total - balance) }),
      new InlineKeyboard().text(ctx.tp("wallet-topup-button"), services.cb.menu.pack({ to: "topup" })),
    );
  }
  // At most once: the batch leaves the chat's state before the first order is started.
  services.state.delete(ctx.chat!.id, BATCH);
  const bought: string[] = [];
  const failed: string[] = [];
  for (const name of batch.names) {
    const started = await services.sales.startOrder({ customerId, kind: "purchase", planId: batch.planId, method: "wallet", label: name });
    if (started.ok) bought.push(name);
    else failed.push(ctx.t("agent-failed-line", { name, reason: html(orderRefusal(ctx, started.error.code, "purchase")) }));
  }
  await say(
    ctx,
    paragraphs(bought.length > 0 ? ctx.t("agent-bought", { count: bought.length, names: bought.join(", ") }) : undefined, ...failed),
    backToMenu(services.cb, ctx.lang),
  );
}

export function agentFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  const { cb } = services;

  composer.command("agent", (ctx) => showAgentPanel(services, ctx));

  composer.callbackQuery(cb.agentPlan.pattern, async (ctx) => {
    const values = cb.agentPlan.unpack(ctx.callbackQuery.data);
    const quote = values && services.store.getAgent(ctx.from.id) ? services.sales.quote(ctx.from.id, values.planId, null) : null;
    if (!values || !quote?.ok || quote.value.plan.kind !== "subscription") return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    setFlow(services, ctx, { kind: "agent-names", planId: values.planId });
    await say(ctx, ctx.t("agent-ask-names", { plan: quote.value.plan.name, price: formatToman(ctx.lang, quote.value.price), max: AGENT_BATCH_MAX }));
  });

  composer.callbackQuery(cb.agentBuy.pattern, async (ctx) => {
    const values = cb.agentBuy.unpack(ctx.callbackQuery.data);
    const batch = services.state.get<Batch>(ctx.chat!.id, BATCH);
    if (!values || !batch || batch.id !== values.batch || !services.store.getAgent(ctx.from.id)) return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    if (values.action === "no") {
      services.state.delete(ctx.chat!.id, BATCH);
      return showAgentPanel(services, ctx);
    }
    await buy(services, ctx, batch);
  });

  return composer;
}
