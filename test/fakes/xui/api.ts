/**
 * The 3x-ui simulator's API routes behind the sign-in gate: `server/status`, `inbounds/list` and `get/:id`; the
 * client routes under `inbounds/` (v2.9.4, v3.0.2) or the `clients/` resource (v3.6.0), with their envelopes and
 * Go-style messages (`web/controller/inbound.go`, `client.go`, `web/service/inbound.go`, `client.go`).
 */
import { GoError, type Row, type XuiStore } from "./store.ts";

export interface XuiApiDeps {
  store: XuiStore;
  now: () => number;
  clientsFamily: boolean;
  ok: (obj: unknown, msg?: string) => Response;
  failed: (msg: string, error: unknown) => Response;
  form: (request: Request) => Promise<Row>;
  status: () => Response;
}

/** v3.6's hasForbiddenClientChar: '/', '\\', a space or a control character. */
const forbidden = (text: string) => /[/\\ \u0000-\u001f\u007f]/.test(text);

/** The router of `panel/api/<rest>`: an answer, or the bare 404 of an unknown route. */
export function xuiApi(deps: XuiApiDeps): (request: Request, rest: string) => Promise<Response> {
  const { store, now, clientsFamily, ok, failed, form, status } = deps;

  /** The client routes under inbounds/ of v2.9.4 and v3.0.2. */
  async function inboundClientRoute(request: Request, rest: string): Promise<Response | null> {
    if (rest === "addClient") {
      const body = await form(request);
      if (typeof body.settings !== "string") return failed("Inbound client(s) have been updated.", new GoError("json: cannot unmarshal object into Go struct field Inbound.settings of type string"));
      try {
        const inboundId = Number(body.id);
        const given = (JSON.parse(body.settings) as { clients?: Row[] }).clients ?? [];
        for (const client of given) if (store.clients.has(String(client.email))) throw new GoError(`Duplicate email: ${String(client.email)}\n`);
        for (const client of given) store.add(client, [inboundId], now());
        return ok(null, "Inbound client(s) have been added.");
      } catch (error) {
        return failed("Something went wrong", error);
      }
    }
    let match = /^updateClient\/(.+)$/.exec(rest);
    if (match) {
      const body = await form(request);
      if (typeof body.settings !== "string") return failed("Inbound client(s) have been updated.", new GoError("json: cannot unmarshal object into Go struct field Inbound.settings of type string"));
      try {
        const inboundId = Number(body.id);
        const [given] = (JSON.parse(body.settings) as { clients?: Row[] }).clients ?? [];
        const client = store.byKey(inboundId, decodeURIComponent(match[1]!));
        if (!client || !given) throw new GoError("empty client ID\n");
        store.replace(client, given, now());
        return ok(null, "Inbound client(s) have been updated.");
      } catch (error) {
        return failed("Something went wrong", error);
      }
    }
    match = /^(\d+)\/delClient\/(.+)$/.exec(rest);
    if (match) {
      try {
        const inboundId = Number(match[1]);
        const client = store.byKey(inboundId, decodeURIComponent(match[2]!));
        if (!client) throw new GoError(`Client Not Found In Inbound For ID: ${decodeURIComponent(match[2]!)}\n`);
        if (store.clientsOf(inboundId).length === 1) throw new GoError("no client remained in Inbound\n");
        store.remove(client);
        return ok(null, "Inbound client(s) have been deleted.");
      } catch (error) {
        return failed("Something went wrong", error);
      }
    }
    match = /^(\d+)\/resetClientTraffic\/(.+)$/.exec(rest);
    if (match) {
      const client = store.clients.get(decodeURIComponent(match[2]!));
      if (client) {
        client.up = 0;
        client.down = 0;
        // Re-enables the traffic row only: a depleted client stays disabled in the inbound's settings.
        client.statsEnable = true;
      }
      return ok(null, "Traffic has been reset.");
    }
    return null;
  }

  function trafficOf(email: string): Response {
    const client = store.clients.get(email);
    if (!client) return failed("Error getting traffics.", new GoError(`Inbound Not Found For Email: ${email}\n`));
    return ok(store.traffic(client));
  }

  /** The clients resource of v3.6.0. */
  async function clientsRoute(request: Request, rest: string): Promise<Response | null> {
    if (rest === "list") return ok([...store.clients.values()].map((c) => store.record(c)));
    let match = /^get\/(.+)$/.exec(rest);
    if (match) {
      const client = store.clients.get(decodeURIComponent(match[1]!));
      if (!client) return failed("get", new GoError("record not found"));
      const { inboundIds: _i, traffic: _t, ...record } = store.record(client);
      return ok({ client: record, inboundIds: [...client.inboundIds] });
    }
    match = /^traffic\/(.+)$/.exec(rest);
    if (match) return trafficOf(decodeURIComponent(match[1]!));
    if (request.method !== "POST") return null;
    if (rest === "add") {
      try {
        const body = (await request.json()) as { client?: Row; inboundIds?: number[] };
        const given = { ...body.client };
        if (typeof given.email !== "string" || given.email.trim() === "") throw new GoError("client email is required");
        if (forbidden(given.email)) throw new GoError(`client email contains an invalid character: ${given.email}\n`);
        if (typeof given.subId === "string" && forbidden(given.subId)) throw new GoError(`client subId contains an invalid character: ${given.subId}\n`);
        if (!body.inboundIds?.length) throw new GoError("at least one inbound is required");
        const taken = store.clients.get(given.email);
        if (taken && (taken.entry.subId === "" || taken.entry.subId !== given.subId)) throw new GoError(`email already in use: ${given.email}`);
        if (taken) return ok(null, "Inbound client(s) have been added.");
        given.subId ||= crypto.randomUUID();
        // Create enables every new client.
        given.enable = true;
        store.add(given, body.inboundIds, now());
        return ok(null, "Inbound client(s) have been added.");
      } catch (error) {
        return failed("Something went wrong", error);
      }
    }
    match = /^(update|del|resetTraffic)\/(.+)$/.exec(rest);
    if (!match) return null;
    const email = decodeURIComponent(match[2]!);
    const client = store.clients.get(email);
    if (!client && match[1] === "del") return failed("Something went wrong", new GoError(`client "${email}" not found in any inbound or client record`));
    if (!client) return failed("Something went wrong", new GoError("record not found"));
    if (match[1] === "del") {
      store.remove(client);
      return ok(null, "Inbound client(s) have been deleted.");
    }
    if (match[1] === "resetTraffic") {
      client.up = 0;
      client.down = 0;
      client.statsEnable = true;
      return ok(null, "Traffic has been reset.");
    }
    try {
      const given = (await request.json()) as Row;
      if (typeof given.email !== "string" || given.email.trim() === "") throw new GoError("client email is required");
      // The body replaces the client: every field it leaves out becomes Go's zero value.
      const zero: Row = { id: "", password: "", flow: "", limitIp: 0, totalGB: 0, expiryTime: 0, enable: false, tgId: 0, subId: client.entry.subId, comment: "", reset: 0 };
      store.replace(client, { ...zero, ...given }, now());
      return ok(null, "Inbound client(s) have been updated.");
    } catch (error) {
      return failed("Something went wrong", error);
    }
  }

  async function api(request: Request, rest: string): Promise<Response> {
    const post = request.method === "POST";
    if (rest === "server/status" && !post) return status();
    if (rest === "inbounds/list" && !post) return ok([...store.inbounds.values()].sort((a, b) => a.id - b.id).map((i) => store.inboundJson(i)));
    let match = /^inbounds\/get\/(\d+)$/.exec(rest);
    if (match && !post) {
      const inbound = store.inbounds.get(Number(match[1]));
      return inbound ? ok(store.inboundJson(inbound)) : failed("Obtain", new GoError("record not found"));
    }
    if (!clientsFamily) {
      match = /^inbounds\/getClientTraffics\/(.+)$/.exec(rest);
      if (match && !post) return trafficOf(decodeURIComponent(match[1]!));
      if (post && rest.startsWith("inbounds/")) {
        const answer = await inboundClientRoute(request, rest.slice("inbounds/".length));
        if (answer) return answer;
      }
    } else if (rest.startsWith("clients/")) {
      const answer = await clientsRoute(request, rest.slice("clients/".length));
      if (answer) return answer;
    }
    return new Response(null, { status: 404 });
  }

  return api;
}
