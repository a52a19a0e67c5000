/**
 * The guided add of a server: the panel kind first (buttons), then only what that kind needs — name, panel URL,
 * an API token or an admin's username and password (3x-ui takes either: a button asks which), the subscription
 * URL where the kind has its own subscription server, the inbounds (groups, squads) picked from the panel's own
 * list, capacity. Secret messages are deleted from the chat once read and kept sealed while the form goes on; the
 * panel is tested (`ServerService.inspectPanel`) before anything is saved, and `ServerService.add` tests it again.
 */
import { Composer } from "grammy";
import { registerSecret } from "../../../log.ts";
import { panelKind, supportedPanelKinds } from "../../../panels/kinds.ts";
import type { PanelInput } from "../../../servers/service.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import type { Flow, InboundChoice } from "../flows.ts";
import { button, cleanText, keyboard, parseWhole, say, toast } from "../ui.ts";

type ServerAdd = Extract<Flow, { kind: "server-add" }>;

/** The locale's selector word for a panel kind (Fluent variant keys cannot start with a digit: 3x-ui is `xui`). */
const kindWord = (kind: string) => kind.replace(/[^a-z]/g, "");

export function serverAddFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { servers, callbacks, flows } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];
  const ask = (ctx: AdminContext, key: string, args?: Record<string, string>) => say(ctx, ctx.t(key, args), keyboard([cancelRow(ctx)]));
  const kindOf = (flow: ServerAdd) => panelKind(flow.panel ?? "s-ui");

  function inboundPicker(ctx: AdminContext, inbounds: InboundChoice[], picked: string[]) {
    const rows = inbounds.map((inbound, index) => [
      button(
        ctx.tp("admin-server-inbound-button", { picked: picked.includes(inbound.id) ? "yes" : "no", id: inbound.id, tag: inbound.tag, protocol: inbound.protocol }),
        callbacks.inbound.pack({ index }),
      ),
    ]);
    rows.push([button(ctx.tp("admin-server-inbounds-done"), callbacks.inboundsDone.pack({})), ...cancelRow(ctx)]);
    return keyboard(rows);
  }

  /** The credentials the form holds, unsealed, as the service takes them. */
  async function credentials(flow: ServerAdd): Promise<Pick<PanelInput, "apiToken" | "username" | "password">> {
    const secret = await kit.tokens.open(flow.tokenSealed!);
    return flow.authType === "login" ? { username: flow.username!, password: secret } : { apiToken: secret };
  }

  /** Reads a secret message, deletes it from the chat, and says so. */
  async function takeSecret(ctx: AdminContext, text: string, deletedKey: string): Promise<string> {
    const secret = text.trim();
    registerSecret(secret);
    await ctx.deleteMessage().catch(() => undefined);
    await say(ctx, ctx.t(deletedKey));
    return secret;
  }

  /** Tests the panel with the credentials just given; on success the form goes on to the subscription URL. */
  async function test(ctx: AdminContext, flow: ServerAdd, secret: string): Promise<void> {
    await say(ctx, ctx.t("admin-server-testing"));
    const given = flow.authType === "login" ? { username: flow.username!, password: secret } : { apiToken: secret };
    const inspected = await servers.inspectPanel({ panel: flow.panel!, panelUrl: flow.panelUrl!, ...given });
    // Ask again: a wrong secret is the usual mistake; /cancel starts over for a wrong URL or username.
    if (!inspected.ok) return say(ctx, ctx.t("admin-server-test-failed", { error: inspected.error.message }), keyboard([cancelRow(ctx)]));
    const inbounds = inspected.value.inbounds.map((i) => ({ id: i.id, tag: i.tag, protocol: i.type }));
    const next: ServerAdd = { ...flow, tokenSealed: await kit.tokens.seal(secret), inbounds, clients: inspected.value.clients, version: inspected.value.version };
    await say(ctx, ctx.t("admin-server-connected", { kind: ctx.tp("admin-server-kind", { kind: kindWord(flow.panel!), name: flow.panel! }), version: inspected.value.version ?? "?", clients: inspected.value.clients }));
    if (kindOf(flow).hasSubUrl) {
      flows.set(ctx.chat!.id, { ...next, step: "sub-url" });
      return ask(ctx, "admin-server-ask-sub-url");
    }
    return pickInbounds(ctx, { ...next, subUrl: null });
  }

  async function pickInbounds(ctx: AdminContext, flow: ServerAdd): Promise<void> {
    const inbounds = flow.inbounds ?? [];
    if (inbounds.length === 0 && kindOf(flow).inboundsRequired) {
      flows.clear(ctx.chat!.id);
      return say(ctx, ctx.t("admin-server-no-inbounds"));
    }
    const picked = inbounds.length === 1 ? [inbounds[0]!.id] : [];
    flows.set(ctx.chat!.id, { ...flow, step: "inbounds", picked });
    const key = kindOf(flow).inboundsRequired ? "admin-server-pick-inbounds" : "admin-server-pick-inbounds-optional";
    return say(ctx, ctx.t(key), inboundPicker(ctx, inbounds, picked));
  }

  composer.callbackQuery(callbacks.serverAdd.pattern, async (ctx) => {
    if (!callbacks.serverAdd.unpack(ctx.callbackQuery.data)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "server-add", step: "kind" });
    await toast(ctx);
    const rows = supportedPanelKinds().map((kind) => [button(ctx.tp("admin-server-kind", { kind: kindWord(kind), name: kind }), callbacks.serverKind.pack({ kind }))]);
    await say(ctx, ctx.t("admin-server-ask-kind"), keyboard([...rows, cancelRow(ctx)]));
  });

  composer.callbackQuery(callbacks.serverKind.pattern, async (ctx) => {
    const data = callbacks.serverKind.unpack(ctx.callbackQuery.data);
    const flow = flows.get(ctx.chat!.id);
    if (!data || flow?.kind !== "server-add" || flow.step !== "kind" || !supportedPanelKinds().includes(data.kind)) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { ...flow, step: "name", panel: data.kind });
    await toast(ctx);
    await ask(ctx, "admin-server-ask-name");
  });

  composer.callbackQuery(callbacks.serverAuth.pattern, async (ctx) => {
    const data = callbacks.serverAuth.unpack(ctx.callbackQuery.data);
    const flow = flows.get(ctx.chat!.id);
    if (!data || flow?.kind !== "server-add" || flow.step !== "auth") return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { ...flow, step: data.how === "token" ? "token" : "username", authType: data.how });
    await toast(ctx);
    await ask(ctx, data.how === "token" ? "admin-server-ask-token" : "admin-server-ask-username");
  });

  kit.router.on("server-add", async (ctx, flow, text) => {
    const chatId = ctx.chat!.id;
    const next = (patch: Partial<ServerAdd>) => flows.set(chatId, { ...flow, ...patch });
    const skip = text.trim().toLowerCase() === "/skip";
    switch (flow.step) {
      case "kind":
      case "auth":
      case "inbounds":
        // These steps are answered with a button.
        return say(ctx, ctx.t("admin-server-use-buttons"), keyboard([cancelRow(ctx)]));
      case "name": {
        const name = cleanText(text, 64);
        if (!name) return ask(ctx, "admin-server-name-invalid");
        if (servers.list().some((s) => s.name === name)) return ask(ctx, "admin-server-name-taken", { name });
        next({ step: "url", name });
        return ask(ctx, "admin-server-ask-url");
      }
      case "url": {
        let panelUrl: string;
        try {
          panelUrl = kindOf(flow).normalizePanelUrl(text.trim());
        } catch {
          return ask(ctx, "admin-server-url-invalid");
        }
        const auth = kindOf(flow).auth;
        if (auth.length > 1) {
          next({ step: "auth", panelUrl });
          const how = keyboard([
            [button(ctx.tp("admin-server-auth-token"), callbacks.serverAuth.pack({ how: "token" }))],
            [button(ctx.tp("admin-server-auth-login"), callbacks.serverAuth.pack({ how: "login" }))],
            cancelRow(ctx),
          ]);
          return say(ctx, ctx.t("admin-server-ask-auth"), how);
        }
        const authType = auth[0] === "login" ? "login" : "token";
        next({ step: authType === "login" ? "username" : "token", panelUrl, authType });
        return ask(ctx, authType === "login" ? "admin-server-ask-username" : "admin-server-ask-token");
      }
      case "token": {
        const token = await takeSecret(ctx, text, "admin-server-token-deleted");
        if (!token || /\s/.test(token) || token.length > 512) return ask(ctx, "admin-server-token-invalid");
        return test(ctx, { ...flow, authType: "token" }, token);
      }
      case "username": {
        const username = cleanText(text, 128);
        if (!username) return ask(ctx, "admin-server-username-invalid");
        next({ step: "password", username });
        return ask(ctx, "admin-server-ask-password");
      }
      case "password": {
        const password = await takeSecret(ctx, text, "admin-server-password-deleted");
        if (!password || password.length > 512) return ask(ctx, "admin-server-password-invalid");
        return test(ctx, { ...flow, authType: "login" }, password);
      }
      case "sub-url": {
        let subUrl: string | null = null;
        if (!skip) {
          try {
            subUrl = kindOf(flow).subscriptionUrl(flow.panelUrl!, text.trim());
          } catch {
            return ask(ctx, "admin-server-sub-url-invalid");
          }
        }
        return pickInbounds(ctx, { ...flow, subUrl });
      }
      case "capacity": {
        const capacity = skip ? 0 : parseWhole(text);
        if (capacity === null || capacity < 0) return say(ctx, ctx.t("admin-not-a-number", { example: "500" }), keyboard([cancelRow(ctx)]));
        flows.clear(chatId);
        await say(ctx, ctx.t("admin-server-testing"));
        const numeric = kindOf(flow).inboundIdType === "number";
        const result = await servers.add({
          name: flow.name!,
          panel: flow.panel!,
          panelUrl: flow.panelUrl!,
          ...(await credentials(flow)),
          ...(flow.subUrl ? { subUrl: flow.subUrl } : {}),
          inboundIds: (flow.picked ?? []).map((id) => (numeric ? Number(id) : id)),
          capacity,
        });
        if (!result.ok) return say(ctx, ctx.t("admin-server-test-failed", { error: result.error.message }));
        const s = result.value;
        ctx.audit("server.add", `server:${s.id}`, null, { name: s.name, panelKind: s.panelKind, panelUrl: s.panelUrl, subUrl: s.subUrl, inboundIds: s.inboundIds, capacity: s.capacity });
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
    if ((flow.picked ?? []).length === 0 && kindOf(flow).inboundsRequired) return toast(ctx, ctx.tp("admin-server-inbounds-none"), true);
    flows.set(ctx.chat!.id, { ...flow, step: "capacity" });
    await toast(ctx);
    await say(ctx, ctx.t("admin-server-ask-capacity"), keyboard([cancelRow(ctx)]));
  });

  return composer;
}
