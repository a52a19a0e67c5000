/**
 * Servers: the list with health, latency, clients and the last error; drain, resume, retire, probe now. The guided
 * add is `server-add.ts`.
 */
import { Composer } from "grammy";
import type { ServerDetails } from "../../../servers/service.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, show, toast } from "../ui.ts";
import { section } from "./section.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";

/** The word the locale's state selector knows for a server actor's state. */
export function stateWord(state: string): string {
  const top = state.split(".")[0]!;
  return ["healthy", "degraded", "down", "draining", "retired"].includes(top) ? top : "other";
}

export function serversFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { servers, callbacks } = kit;

  function capacityText(ctx: AdminContext, capacity: number): string {
    return capacity > 0 ? String(capacity) : ctx.tp("admin-server-unlimited");
  }

  function latencyText(ctx: AdminContext, latency: number | null): string {
    return latency === null ? ctx.tp("admin-server-no-latency") : String(latency);
  }

  function line(ctx: AdminContext, s: ServerDetails): string {
    const text = ctx.t("admin-server-line", {
      state: ctx.tp("admin-server-state", { state: stateWord(s.state) }),
      name: s.name,
      clients: s.clientCount,
      capacity: capacityText(ctx, s.capacity),
      latency: latencyText(ctx, s.latencyMs),
    });
    return s.lastError ? `${text}\n   ${ctx.t("admin-server-last-error", { error: s.lastError })}` : text;
  }

  async function list(ctx: AdminContext, pageIndex = 0): Promise<void> {
    const all = servers.list();
    const page = pageOf(all, (s) => line(ctx, s), { title: ctx.t("admin-servers-title"), index: pageIndex });
    const rows = page.items.map((s) => [button(`${ctx.tp("admin-server-state", { state: stateWord(s.state) })} ${s.name}`, callbacks.server.pack({ action: "show", serverId: s.id }))]);
    rows.push(pageButtons(ctx, kit, "servers", page));
    rows.push([button(ctx.tp("admin-server-add"), callbacks.serverAdd.pack({}))]);
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    if (all.length === 0) return show(ctx, ctx.t("admin-servers-empty"), keyboard(rows));
    await show(ctx, page.text, keyboard(rows));
  }

  function card(ctx: AdminContext, s: ServerDetails) {
    let text = ctx.t("admin-server-card", {
      state: ctx.tp("admin-server-state", { state: stateWord(s.state) }),
      name: s.name,
      id: s.id,
      url: s.panelUrl,
      group: s.serverGroup,
      inbounds: s.inboundIds.join(", "),
      clients: s.clientCount,
      capacity: capacityText(ctx, s.capacity),
      latency: latencyText(ctx, s.latencyMs),
    });
    if (s.lastError) text += `\n${ctx.t("admin-server-last-error", { error: s.lastError })}`;
    const act = (key: string, action: "drain" | "resume" | "retire" | "probe") => button(ctx.tp(key), callbacks.server.pack({ action, serverId: s.id }));
    const retired = s.state === "retired";
    const draining = s.state.startsWith("draining");
    const rows = retired
      ? []
      : [[draining ? act("admin-server-resume", "resume") : act("admin-server-drain", "drain"), act("admin-server-probe", "probe")], [act("admin-server-retire", "retire")]];
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "servers" }))]);
    return { text, markup: keyboard(rows) };
  }

  async function detail(ctx: AdminContext, serverId: string, note?: string): Promise<void> {
    const s = servers.get(serverId);
    if (!s) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const view = card(ctx, s);
    await show(ctx, note ? `${note}\n\n${view.text}` : view.text, view.markup);
  }

  section(composer, kit, "servers", ["servers"], (ctx) => list(ctx));
  onPage(composer, kit, "servers", (ctx, page) => list(ctx, page));

  composer.callbackQuery(callbacks.server.pattern, async (ctx) => {
    const data = callbacks.server.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const before = servers.get(data.serverId);
    if (!before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    switch (data.action) {
      case "show":
        await toast(ctx);
        return detail(ctx, data.serverId);
      case "retire":
        await toast(ctx);
        return show(
          ctx,
          ctx.t("admin-server-retire-confirm", { name: before.name }),
          keyboard([
            [button(ctx.tp("admin-confirm-yes"), callbacks.server.pack({ action: "retireok", serverId: data.serverId }))],
            [button(ctx.tp("admin-back"), callbacks.server.pack({ action: "show", serverId: data.serverId }))],
          ]),
        );
      case "probe": {
        const result = await servers.probeNow(data.serverId);
        if (!result.ok) return toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
        return toast(ctx, ctx.tp("admin-server-probing", { name: before.name }));
      }
    }
    const command = { drain: servers.drain, resume: servers.resume, retireok: servers.retire }[data.action];
    const result = await command.call(servers, data.serverId);
    if (!result.ok) return toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
    const action = data.action === "retireok" ? "retire" : data.action;
    ctx.audit(`server.${action}`, `server:${data.serverId}`, { state: before.state }, { state: result.value.state });
    await toast(ctx);
    const note = { drain: "admin-server-drained", resume: "admin-server-resumed", retire: "admin-server-retired" }[action];
    await detail(ctx, data.serverId, ctx.t(note, { name: before.name }));
  });

  return composer;
}
