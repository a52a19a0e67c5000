/**
 * Testing a panel before a server is saved: the kind's driver is built for the unsaved connection, probed (it
 * answers, the credentials work, its version is one the driver speaks) and asked for its inbounds (groups,
 * squads), and the ids the operator gave must be among them. The admin bot and the HTTP API both come here.
 */
import { registerSecret } from "../log.ts";
import type { PanelAuth, PanelDriver, PanelInbound, PanelKind, PanelKindModule } from "../panels/panel.ts";
import type { PanelDrivers } from "../panels/kinds.ts";
import { checkAuth, checkInboundIds, checkKind, checkUrls, panelFailure, type ServerResult } from "./server-input.ts";
import { fail, ok } from "../domain/result.ts";
import type { InboundId } from "../store/servers.ts";

/** A panel as an operator describes it, before anything is saved. */
export interface PanelInput {
  /** The panel kind; `s-ui` when left out. */
  panel?: string;
  /** The panel's address with its web path, e.g. `http://1.2.3.4:2095/app/`. */
  panelUrl: string;
  /** An API token (S-UI, 3x-ui v3, Remnawave). Sealed before it is stored; never returned. */
  apiToken?: string;
  /** An admin's username and password (3x-ui, Marzban, PasarGuard). The password is sealed; neither is returned. */
  username?: string;
  password?: string;
  /** The subscription server's base where the kind has one of its own; the kind's default when left out. */
  subUrl?: string;
  /** Inbounds (3x-ui, S-UI, Marzban tags), groups (PasarGuard) or squads (Remnawave) new clients are attached to. */
  inboundIds?: InboundId[];
}

/** A panel's input after checking, ready to save. */
export interface CheckedPanel {
  kind: PanelKindModule;
  panelUrl: string;
  subUrl: string;
  auth: PanelAuth;
  inboundIds: InboundId[];
}

/** What the panel showed when it was tested. */
export interface PanelInspection {
  kind: PanelKind;
  panelUrl: string;
  subUrl: string;
  version: string | null;
  coreRunning: boolean;
  clients: number;
  inbounds: PanelInbound[];
}

/** Checks what was typed, without calling the panel. */
export function checkPanelInput(input: PanelInput, options: { requireInbounds: boolean }): ServerResult<CheckedPanel> {
  const kind = checkKind(input.panel);
  if (!kind.ok) return kind;
  const urls = checkUrls(kind.value, input.panelUrl, input.subUrl);
  if (!urls.ok) return urls;
  const auth = checkAuth(kind.value, input);
  if (!auth.ok) return auth;
  const inboundIds = options.requireInbounds || (input.inboundIds ?? []).length > 0 ? checkInboundIds(kind.value, input.inboundIds) : ok([]);
  if (!inboundIds.ok) return inboundIds;
  return ok({ kind: kind.value, ...urls.value, auth: auth.value, inboundIds: inboundIds.value });
}

/** Calls the panel: probe, list its inbounds, and check the given ids are among them. */
export async function inspectCheckedPanel(drivers: PanelDrivers, panel: CheckedPanel, timeoutMs: number): Promise<ServerResult<PanelInspection>> {
  if (panel.auth.type === "token") registerSecret(panel.auth.token);
  else registerSecret(panel.auth.password);
  let driver: PanelDriver;
  try {
    driver = drivers.connect(panel.kind.kind, { panelUrl: panel.panelUrl, auth: panel.auth, subUrl: panel.subUrl });
  } catch (error) {
    return fail("invalid-input", (error as Error).message);
  }
  let inbounds: PanelInbound[];
  let probe;
  try {
    probe = await driver.probe({ timeoutMs });
    inbounds = await driver.listInbounds({ timeoutMs });
  } catch (error) {
    return panelFailure(panel.kind, panel.auth, panel.panelUrl, error);
  }
  const known = new Set(inbounds.map((inbound) => inbound.id));
  const missing = panel.inboundIds.filter((id) => !known.has(String(id)));
  if (missing.length > 0) {
    const has = inbounds.length === 0 ? "it has no inbounds" : `it has ${inbounds.map((i) => `${i.id} (${i.tag})`).join(", ")}`;
    const which = missing.length === 1 ? `inbound ${missing[0]} does not exist` : `inbounds ${missing.join(", ")} do not exist`;
    return fail("unknown-inbound", `${which} on this panel; ${has}`);
  }
  const refused = panel.kind.checkInbounds?.(probe.version, panel.inboundIds.map(String));
  if (refused) return fail("invalid-input", refused);
  return ok({
    kind: panel.kind.kind,
    panelUrl: panel.panelUrl,
    subUrl: panel.subUrl,
    version: probe.version,
    coreRunning: probe.coreRunning,
    clients: probe.clients,
    inbounds,
  });
}
