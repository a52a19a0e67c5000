/**
 * Servers: the list with health, latency, clients and the last error; drain, resume, retire, probe now; and a
 * guided add — name, panel URL, API token (its message is deleted from the chat once read, and the token is kept
 * sealed while the form goes on), subscription URL, inbounds picked from the panel's own list, capacity — with
 * the connection tested before anything is saved.
 */
import { Composer } from "grammy";
import type { ServerDetails } from "../../../servers/service.ts";
import { normalizePanelUrl, normalizeSubscriptionUrl } from "../../../panels/sui-driver.ts";
import { registerSecret } from "../../../log.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import type { Flow, InboundChoice } from "../flows.ts";
import { button, cleanText, keyboard, parseWhole, say, show, toast } from "../ui.ts";
import { section } from "./section.ts";

type ServerAdd = Extract<Flow, { kind: "server-add" }>;

/** The word the locale's state selector knows for a server actor's state. */
export function stateWord(state: string): string {
  const top = state.split(".")[0]!;
  return ["healthy", "degraded", "down", "draining", "retired"].includes(top) ? top : "other";
}

export function serversFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { servers, callbacks, flows } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];

  function capacityText(ctx: AdminContext, capacity: number): string {
    return capacity > 0 ? String(capacity) : ctx.tp("admin-server-unlimited");
  }

  function latencyText(ctx: AdminContext, latency: number | null): string {
    return latency === null ? ctx.tp("admin-server-no-latency") : String(latency);
  }

  async function list(ctx: AdminContext): Promise<void> {
    const all = servers.list();
    const rows = all.map((s) => [button(`${ctx.tp("admin-server-state", { state: stateWord(s.state) })} ${s.name}`, callbacks.server.pack({ action: "show", serverId: s.id }))]);
    rows.push([button(ctx.tp("admin-server-add"), callbacks.serverAdd.pack({}))]);
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    if (all.length === 0) return show(ctx, ctx.t("admin-servers-empty"), keyboard(rows));
    const lines = all.map((s) => {
      const line = ctx.t("admin-server-line", {
        state: ctx.tp("admin-server-state", { state: stateWord(s.state) }),
        name: s.name,
        clients: s.clientCount,
        capacity: capacityText(ctx, s.capacity),
        latency: latencyText(ctx, s.latencyMs),
      });
      return s.lastError ? `${line}\n   ${ctx.t("admin-server-last-error", { error: s.lastError })}` : line;
    });
    await show(ctx, [ctx.t("admin-servers-title"), ...lines].join("\n"), keyboard(rows));
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

  section(composer, kit, "servers", ["servers"], list);

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

  // ---- the guided add ------------------------------------------------------------------------------------------

  composer.callbackQuery(callbacks.serverAdd.pattern, async (ctx) => {
    if (!callbacks.serverAdd.unpack(ctx.callbackQuery.data)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "server-add", step: "name" });
    await toast(ctx);
    await say(ctx, ctx.t("admin-server-ask-name"), keyboard([cancelRow(ctx)]));
  });

  function inboundPicker(ctx: AdminContext, inbounds: InboundChoice[], picked: string[]) {
    const rows = inbounds.map((inbound) => [
      button(
        ctx.tp("admin-server-inbound-button", { picked: picked.includes(inbound.id) ? "yes" : "no", id: String(inbound.id), tag: inbound.tag, protocol: inbound.protocol }),
        callbacks.inbound.pack({ index: inbounds.indexOf(inbound) }),
      ),
    ]);
    rows.push([button(ctx.tp("admin-server-inbounds-done"), callbacks.inboundsDone.pack({})), ...cancelRow(ctx)]);
    return keyboard(rows);
  }

  kit.router.on("server-add", async (ctx, flow, text) => {
    const chatId = ctx.chat!.id;
    const next = (patch: Partial<ServerAdd>) => flows.set(chatId, { ...flow, ...patch });
    const ask = (key: string) => say(ctx, ctx.t(key), keyboard([cancelRow(ctx)]));
    const skip = text.trim().toLowerCase() === "/skip";
    switch (flow.step) {
      case "name": {
        const name = cleanText(text, 64);
        if (!name) return say(ctx, ctx.t("admin-failed", { error: "a server name is 1 to 64 characters" }), keyboard([cancelRow(ctx)]));
        if (servers.list().some((s) => s.name === name)) return say(ctx, ctx.t("admin-failed", { error: `a server named "${name}" already exists` }), keyboard([cancelRow(ctx)]));
        next({ step: "url", name });
        return ask("admin-server-ask-url");
      }
      case "url": {
        let panelUrl: string;
        try {
          panelUrl = normalizePanelUrl(text.trim());
        } catch {
          return say(ctx, ctx.t("admin-failed", { error: "the panel URL must be an absolute http(s) address with its web path, like http://1.2.3.4:2095/app/" }), keyboard([cancelRow(ctx)]));
        }
        next({ step: "token", panelUrl });
        return ask("admin-server-ask-token");
      }
      case "token": {
        const token = text.trim();
        registerSecret(token);
        // The token must not stay in the chat's history.
        await ctx.deleteMessage().catch(() => undefined);
        await say(ctx, ctx.t("admin-server-token-deleted"));
        if (!token || /\s/.test(token) || token.length > 512) {
          return say(ctx, ctx.t("admin-server-test-failed", { error: "the API token looks wrong: it is empty, has spaces or is too long" }), keyboard([cancelRow(ctx)]));
        }
        await say(ctx, ctx.t("admin-server-testing"));
        const inspected = await servers.inspectPanel({ panelUrl: flow.panelUrl!, apiToken: token });
        // Ask again: a wrong token is the usual mistake; /cancel starts over for a wrong URL.
        if (!inspected.ok) return say(ctx, ctx.t("admin-server-test-failed", { error: inspected.error.message }), keyboard([cancelRow(ctx)]));
        const inbounds = inspected.value.inbounds.map((i) => ({ id: i.id, tag: i.tag, protocol: i.type }));
        next({ step: "sub-url", tokenSealed: await kit.tokens.seal(token), inbounds, clients: inspected.value.clients });
        return ask("admin-server-ask-sub-url");
      }
      case "sub-url": {
        let subUrl: string | null = null;
        if (!skip) {
          try {
            subUrl = normalizeSubscriptionUrl(text.trim());
          } catch {
            return say(ctx, ctx.t("admin-failed", { error: "the subscription URL must be an absolute http(s) address, like http://1.2.3.4:2096/sub/" }), keyboard([cancelRow(ctx)]));
          }
        }
        const inbounds = flow.inbounds ?? [];
        if (inbounds.length === 0) {
          flows.clear(chatId);
          return say(ctx, ctx.t("admin-server-no-inbounds"));
        }
        next({ step: "inbounds", subUrl, picked: inbounds.length === 1 ? [inbounds[0]!.id] : [] });
        return say(ctx, ctx.t("admin-server-pick-inbounds"), inboundPicker(ctx, inbounds, inbounds.length === 1 ? [inbounds[0]!.id] : []));
      }
      case "inbounds":
        return say(ctx, ctx.t("admin-server-pick-inbounds"), inboundPicker(ctx, flow.inbounds ?? [], flow.picked ?? []));
      case "capacity": {
        const capacity = skip ? 0 : parseWhole(text);
        if (capacity === null || capacity < 0) return say(ctx, ctx.t("admin-not-a-number", { example: "500" }), keyboard([cancelRow(ctx)]));
        flows.clear(chatId);
        await say(ctx, ctx.t("admin-server-testing"));
        const apiToken = await kit.tokens.open(flow.tokenSealed!);
        const result = await servers.add({
          name: flow.name!,
          panelUrl: flow.panelUrl!,
          apiToken,
          ...(flow.subUrl ? { subUrl: flow.subUrl } : {}),
          inboundIds: (flow.picked ?? []).map(Number),
          capacity,
        });
        if (!result.ok) return say(ctx, ctx.t("admin-server-test-failed", { error: result.error.message }));
        const s = result.value;
        ctx.audit("server.add", `server:${s.id}`, null, { name: s.name, panelUrl: s.panelUrl, subUrl: s.subUrl, inboundIds: s.inboundIds, capacity: s.capacity });
        return say(ctx, ctx.t("admin-server-saved", { name: s.name, clients: flow.clients ?? s.clientCount }), keyboard([[button(ctx.tp("admin-menu-servers"), callbacks.menu.pack({ section: "servers" }))]]));
      }
    }
  });

  composer.callbackQuery(callbacks.inbound.pattern, async (ctx) => {
    const data = callbacks.inbound.unpack(ctx.callbackQuery.data);
    const flow = flows.get(ctx.chat!.id);
    if (!data || flow?.kind !== "server-add" || flow.step !== "inbounds") return toast(ctx, ctx.tp("admin-stale-button"), true);
    const inbound = (flow.inbounds ?? [])[data.index];
    if (!inbound) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const picked = new Set(flow.picked ?? []);
    if (picked.has(inbound.id)) picked.delete(inbound.id);
    else picked.add(inbound.id);
    // In the panel's order.
    const next = { ...flow, picked: (flow.inbounds ?? []).map((i) => i.id).filter((id) => picked.has(id)) };
    flows.set(ctx.chat!.id, next);
    await toast(ctx);
    await ctx.editMessageReplyMarkup({ reply_markup: inboundPicker(ctx, next.inbounds ?? [], next.picked) }).catch(() => undefined);
  });

  composer.callbackQuery(callbacks.inboundsDone.pattern, async (ctx) => {
    const flow = flows.get(ctx.chat!.id);
    if (!callbacks.inboundsDone.unpack(ctx.callbackQuery.data) || flow?.kind !== "server-add" || flow.step !== "inbounds") {
      return toast(ctx, ctx.tp("admin-stale-button"), true);
    }
    if ((flow.picked ?? []).length === 0) return toast(ctx, ctx.tp("admin-server-inbounds-none"), true);
    flows.set(ctx.chat!.id, { ...flow, step: "capacity" });
    await toast(ctx);
    await say(ctx, ctx.t("admin-server-ask-capacity"), keyboard([cancelRow(ctx)]));
  });

  return composer;
}
