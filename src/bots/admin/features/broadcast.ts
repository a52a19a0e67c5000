/**
 * Broadcasts: audience (all, active, expired, with how many each has now) → the text → a preview exactly as
 * customers will get it (which is also Telegram checking the formatting) → confirm. The confirmation message then
 * follows the broadcast: progress, Pause / Resume / Cancel, and the final report.
 */
import { Composer, GrammyError } from "grammy";
import type { Audience } from "../../../../machines/broadcast.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { entitiesToHtml } from "../html.ts";
import { button, keyboard, say, show, toast } from "../ui.ts";
import { section } from "./section.ts";

const AUDIENCE_LABEL: Record<Audience, string> = {
  all: "admin-broadcast-all",
  active: "admin-broadcast-active",
  expired: "admin-broadcast-expired",
};

export function broadcastFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { broadcasts, callbacks, flows, progress } = kit;

  section(composer, kit, "broadcast", ["broadcast"], async (ctx) => {
    const running = broadcasts.unfinished();
    if (running.length > 0) {
      await say(ctx, ctx.t("admin-broadcasts-running"));
      for (const view of running) await progress.post(view.id, ctx.chat!.id);
    }
    const rows = (Object.keys(AUDIENCE_LABEL) as Audience[]).map((audience) => [
      button(ctx.tp("admin-broadcast-audience", { label: ctx.tp(AUDIENCE_LABEL[audience]), count: broadcasts.audienceSize(audience) }), callbacks.audience.pack({ audience })),
    ]);
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    await (running.length > 0 ? say : show)(ctx, ctx.t("admin-broadcast-ask-audience"), keyboard(rows));
  });

  composer.callbackQuery(callbacks.audience.pattern, async (ctx) => {
    const data = callbacks.audience.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "broadcast-text", audience: data.audience });
    await toast(ctx);
    await say(ctx, ctx.t("admin-broadcast-ask-text"), keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]));
  });

  kit.router.on("broadcast-text", async (ctx, flow) => {
    const message = ctx.message!;
    const text = entitiesToHtml(message.text ?? "", message.entities ?? []);
    const cancel = keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]);
    try {
      await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    } catch (error) {
      if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
      return say(ctx, ctx.t("admin-broadcast-preview-failed", { error: error.description }), cancel);
    }
    const draft = broadcasts.draft({ audience: flow.audience, text, by: String(ctx.adminId) });
    if (!draft.ok) return say(ctx, ctx.t("admin-failed", { error: draft.error.message }), cancel);
    flows.clear(ctx.chat!.id);
    ctx.audit("broadcast.draft", `broadcast:${draft.value.id}`, null, { audience: flow.audience, recipients: draft.value.remaining });
    await say(ctx, ctx.t("admin-broadcast-preview"));
    await progress.post(draft.value.id, ctx.chat!.id);
  });

  composer.callbackQuery(callbacks.broadcast.pattern, async (ctx) => {
    const data = callbacks.broadcast.unpack(ctx.callbackQuery.data);
    const before = data && broadcasts.get(data.id);
    if (!data || !before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const by = String(ctx.adminId);
    if (data.action !== "refresh") {
      const command = { send: broadcasts.confirm, drop: broadcasts.cancel, pause: broadcasts.pause, resume: broadcasts.resume, stop: broadcasts.cancel }[data.action];
      const result = await command.call(broadcasts, data.id, by);
      if (!result.ok) {
        await toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
        return progress.refresh(data.id);
      }
      const action = { send: "confirm", drop: "cancel", pause: "pause", resume: "resume", stop: "cancel" }[data.action];
      ctx.audit(`broadcast.${action}`, `broadcast:${data.id}`, { state: before.state, delivered: before.delivered }, { state: result.value.state, remaining: result.value.remaining });
      if (data.action === "send") await toast(ctx, ctx.tp("admin-broadcast-started"));
      else await toast(ctx);
    } else {
      await toast(ctx);
    }
    // This message may not be tracked yet (sent before a restart of the table): follow it from now on.
    const message = ctx.callbackQuery.message;
    if (message) progress.track(data.id, message.chat.id, message.message_id, "");
    await progress.refresh(data.id);
  });

  return composer;
}
