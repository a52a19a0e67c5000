/**
 * Checking what a person typed to add or change a server, per panel kind: names, groups, capacity, URLs, the
 * credentials the kind signs in with, and its inbound (group, squad) ids. Every check answers a value or an error
 * with a code and words an admin understands; none echoes a secret back.
 */
import { isPanelError, isPanelKind, type PanelAuth, type PanelKindModule } from "../panels/panel.ts";
import { panelKind, supportedPanelKinds } from "../panels/kinds.ts";
import type { InboundId } from "../store/servers.ts";
import { fail, ok, type Result } from "../domain/result.ts";

/** What a server operation answers: the value, or an error with a code and words an admin understands. */
export type ServerResult<T> = Result<T, ServerErrorCode>;

export type ServerErrorCode =
  | "invalid-input"
  | "duplicate-name"
  | "unreachable"
  | "auth"
  | "unknown-inbound"
  | "unsupported-version"
  | "panel-error"
  | "not-found"
  | "invalid-state";


const NAME_MAX = 64;
const GROUP_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const SECRET_MAX = 512;
const INBOUND_TEXT_MAX = 128;

export function checkName(raw: unknown): ServerResult<string> {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (name === "") return fail("invalid-input", "give the server a name");
  if (name.length > NAME_MAX) return fail("invalid-input", `a server name is at most ${NAME_MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) return fail("invalid-input", "a server name cannot contain control characters");
  return ok(name);
}

export function checkGroup(raw: unknown): ServerResult<string> {
  const group = typeof raw === "string" ? raw.trim() : "";
  if (!GROUP_PATTERN.test(group)) return fail("invalid-input", "a server group is 1 to 32 letters, digits, '-' or '_'");
  return ok(group);
}

export function checkCapacity(raw: unknown): ServerResult<number> {
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0) {
    return fail("invalid-input", "capacity is a whole number of subscriptions, 0 for no limit");
  }
  return ok(raw);
}

/** The panel kind's module; `s-ui` when left out. */
export function checkKind(raw: unknown): ServerResult<PanelKindModule> {
  const kind = raw === undefined || raw === null || raw === "" ? "s-ui" : raw;
  if (!isPanelKind(kind)) return fail("invalid-input", `the panel kind must be one of ${supportedPanelKinds().join(", ")}`);
  try {
    return ok(panelKind(kind));
  } catch (error) {
    return fail("invalid-input", (error as Error).message);
  }
}

/** Inbound, group or squad ids as the kind writes them: whole numbers > 0, or non-empty text. */
export function checkInboundIds(kind: PanelKindModule, raw: unknown): ServerResult<InboundId[]> {
  const list = raw === undefined || raw === null ? [] : raw;
  if (!Array.isArray(list)) return fail("invalid-input", "inbound ids are a list");
  if (list.length === 0) {
    return kind.inboundsRequired ? fail("invalid-input", "give at least one inbound id (see the panel's Inbounds page)") : ok([]);
  }
  if (kind.inboundIdType === "number") {
    if (!list.every((id) => typeof id === "number" && Number.isSafeInteger(id) && id > 0)) {
      return fail("invalid-input", "inbound ids are whole numbers greater than 0");
    }
    return ok([...new Set(list as number[])]);
  }
  const texts = list.map((id) => (typeof id === "string" ? id.trim() : typeof id === "number" ? String(id) : ""));
  if (texts.some((id) => id === "" || id.length > INBOUND_TEXT_MAX || /[\u0000-\u001f\u007f]/.test(id))) {
    return fail("invalid-input", `inbound ids are non-empty text of at most ${INBOUND_TEXT_MAX} characters`);
  }
  return ok([...new Set(texts)]);
}

function secret(raw: unknown, what: string): ServerResult<string> {
  const value = typeof raw === "string" ? raw.trim() : "";
  if (value === "") return fail("invalid-input", `give the panel's ${what}`);
  if (/\s/.test(value) || value.length > SECRET_MAX) return fail("invalid-input", `the ${what} looks wrong: it has spaces or is too long`);
  return ok(value);
}

/**
 * The credentials the kind signs in with: an API token, or a username and password. Given both where the kind
 * takes both (3x-ui v3), the token wins. Never echoes a secret, not even in an error.
 */
export function checkAuth(kind: PanelKindModule, input: { apiToken?: unknown; username?: unknown; password?: unknown }): ServerResult<PanelAuth> {
  const takesToken = kind.auth.includes("token");
  const takesLogin = kind.auth.includes("login");
  const hasToken = input.apiToken !== undefined && input.apiToken !== null && input.apiToken !== "";
  if (takesToken && (hasToken || !takesLogin)) {
    const token = secret(input.apiToken, "API token");
    return token.ok ? ok({ type: "token", token: token.value }) : token;
  }
  const username = typeof input.username === "string" ? input.username.trim() : "";
  const password = typeof input.password === "string" ? input.password : "";
  if (username === "" || password === "") {
    return fail("invalid-input", takesToken ? `a ${kind.kind} panel signs in with an API token, or a username and password` : `give the panel's admin username and password`);
  }
  if (username.length > 128 || /[\u0000-\u001f\u007f]/.test(username)) return fail("invalid-input", "the admin username looks wrong: it is too long or has control characters");
  if (password.length > SECRET_MAX) return fail("invalid-input", "the admin password is too long");
  return ok({ type: "login", username, password });
}

export function checkUrls(kind: PanelKindModule, panelRaw: unknown, subRaw: unknown): ServerResult<{ panelUrl: string; subUrl: string }> {
  let panelUrl: string;
  try {
    panelUrl = kind.normalizePanelUrl(typeof panelRaw === "string" ? panelRaw : "");
  } catch {
    return fail("invalid-input", "the panel URL must be an absolute http(s) address with its web path, like http://1.2.3.4:2095/app/");
  }
  const given = subRaw === undefined || subRaw === null || subRaw === "" ? undefined : String(subRaw);
  try {
    return ok({ panelUrl, subUrl: kind.subscriptionUrl(panelUrl, given) });
  } catch {
    return fail("invalid-input", "the subscription URL must be an absolute http(s) address, like http://1.2.3.4:2096/sub/");
  }
}

/** A failed check against the panel, in words an admin can act on. */
export function panelFailure(kind: PanelKindModule, auth: PanelAuth, panelUrl: string, error: unknown): ServerResult<never> {
  if (!isPanelError(error)) return fail("panel-error", `checking the panel at ${panelUrl} failed: ${(error as Error)?.message ?? String(error)}`);
  if (error.kind === "auth") {
    if (auth.type === "login") return fail("auth", `the username or password was refused by the panel at ${panelUrl}: check both and give them again`);
    const where = kind.kind === "s-ui" ? "in S-UI (Settings → API tokens)" : "on the panel";
    return fail("auth", `the API token was refused by the panel at ${panelUrl}: create a new token ${where} and paste it whole`);
  }
  if (error.reason === "unsupported-version") return fail("unsupported-version", error.message);
  if (error.reason === "network" || error.reason === "timeout" || error.reason === "aborted") {
    return fail("unreachable", `the panel did not answer at ${panelUrl}: check the address, the port and the firewall (${error.message})`);
  }
  return fail("panel-error", error.message);
}

export function notFound(id: string): ServerResult<never> {
  return fail("not-found", `there is no server ${id}`);
}

export function refusal(name: string, type: string, state: string): string {
  if (state === "retired") return `server "${name}" is retired; add it again to use it`;
  if (type === "SYNC_NOW") return `server "${name}" is ${state}: its usage is synced once the panel answers again`;
  if (type === "RESUME") return `server "${name}" is not draining`;
  return `server "${name}" cannot ${type.toLowerCase().replace("_", " ")} while ${state}`;
}
