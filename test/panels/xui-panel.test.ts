/** The 3x-ui simulator pinned at the wire: the quirks drivers trip on, as the source at each version has them. */
import { afterEach, expect, test } from "bun:test";
import { startXuiPanel, type XuiPanel } from "../fakes/xui-panel.ts";

let panel: XuiPanel | undefined;
afterEach(async () => {
  await panel?.stop();
  panel = undefined;
});

const XHR = { "X-Requested-With": "XMLHttpRequest" };
const cookieOf = (response: Response) => /3x-ui=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";

async function v3Login(p: XuiPanel): Promise<{ cookie: string; csrf: string }> {
  const minted = await fetch(`${p.url}csrf-token`, { headers: XHR });
  const csrf = ((await minted.json()) as { obj: string }).obj;
  const login = await fetch(`${p.url}login`, {
    method: "POST",
    headers: { ...XHR, Cookie: `3x-ui=${cookieOf(minted)}`, "X-CSRF-Token": csrf },
    body: new URLSearchParams({ username: p.username, password: p.password }),
  });
  expect(((await login.json()) as { success: boolean }).success).toBe(true);
  return { cookie: cookieOf(login), csrf };
}

test("v2.9.4: no session is a bare 404 on the API, like an unknown route; the page carries the version", async () => {
  panel = await startXuiPanel({ version: "2.9.4" });
  expect((await fetch(`${panel.url}panel/api/inbounds/list`, { headers: XHR })).status).toBe(404);
  expect((await fetch(`${panel.url}csrf-token`)).status).toBe(404);
  const login = await fetch(`${panel.url}login`, { method: "POST", body: new URLSearchParams({ username: panel.username, password: panel.password }) });
  const cookie = cookieOf(login);
  expect(login.headers.get("set-cookie")).toContain("Max-Age=21600");
  const page = await (await fetch(`${panel.url}panel/`, { headers: { Cookie: `3x-ui=${cookie}` } })).text();
  expect(page).toContain("custom.min.css?2.9.4");
  // settings sent as an object: refused with a success-sounding message.
  const asObject = await fetch(`${panel.url}panel/api/inbounds/addClient`, {
    method: "POST",
    headers: { Cookie: `3x-ui=${cookie}`, "Content-Type": "application/json" },
    body: JSON.stringify({ id: 1, settings: { clients: [{ email: "a" }] } }),
  });
  expect(await asObject.json()).toMatchObject({ success: false, msg: expect.stringContaining("Inbound client(s) have been updated.") });
});

test("v3.0.2: the login needs the CSRF token of its session; the pre-login cookie is not logged in; XHR without a session is 401", async () => {
  panel = await startXuiPanel({ version: "3.0.2" });
  expect((await fetch(`${panel.url}login`, { method: "POST", body: new URLSearchParams({ username: panel.username, password: panel.password }) })).status).toBe(403);
  const minted = await fetch(`${panel.url}csrf-token`, { headers: XHR });
  expect((await fetch(`${panel.url}panel/api/inbounds/list`, { headers: { ...XHR, Cookie: `3x-ui=${cookieOf(minted)}` } })).status).toBe(401);
  expect((await fetch(`${panel.url}panel/api/inbounds/list`)).status).toBe(404);
  const { cookie, csrf } = await v3Login(panel);
  const add = (headers: Record<string, string>) =>
    fetch(`${panel!.url}panel/api/inbounds/addClient`, { method: "POST", headers: { ...XHR, Cookie: `3x-ui=${cookie}`, ...headers }, body: new URLSearchParams({ id: "1", settings: JSON.stringify({ clients: [{ id: crypto.randomUUID(), email: "x", enable: true }] }) }) });
  expect((await add({})).status).toBe(403);
  expect(((await (await add({ "X-CSRF-Token": csrf })).json()) as { success: boolean }).success).toBe(true);
});

test("v3.0.2: five wrong passwords lock the account, the right one included, for a while", async () => {
  panel = await startXuiPanel({ version: "3.0.2" });
  const attempt = async (password: string) => {
    const minted = await fetch(`${panel!.url}csrf-token`, { headers: XHR });
    const csrf = ((await minted.json()) as { obj: string }).obj;
    const answer = await fetch(`${panel!.url}login`, { method: "POST", headers: { Cookie: `3x-ui=${cookieOf(minted)}`, "X-CSRF-Token": csrf }, body: new URLSearchParams({ username: panel!.username, password }) });
    return ((await answer.json()) as { success: boolean }).success;
  };
  for (let i = 0; i < 5; i++) expect(await attempt("wrong")).toBe(false);
  expect(await attempt(panel.password)).toBe(false);
  expect(panel.counts().login).toBe(6);
});

test("v3.6.0: no inbound client routes; clients/update replaces the client, fields left out become zero; status says the version", async () => {
  panel = await startXuiPanel({ version: "3.6.0" });
  const { cookie, csrf } = await v3Login(panel);
  const headers = { ...XHR, Cookie: `3x-ui=${cookie}`, "X-CSRF-Token": csrf, "Content-Type": "application/json" };
  expect((await fetch(`${panel.url}panel/api/inbounds/addClient`, { method: "POST", headers, body: "{}" })).status).toBe(404);
  const status = (await (await fetch(`${panel.url}panel/api/server/status`, { headers })).json()) as { obj: { panelVersion: string } };
  expect(status.obj.panelVersion).toBe("3.6.0");
  await fetch(`${panel.url}panel/api/clients/add`, { method: "POST", headers, body: JSON.stringify({ client: { email: "z", totalGB: 5, expiryTime: 9_000, enable: false }, inboundIds: [1] }) });
  expect(panel.client("z")!.entry).toMatchObject({ enable: true, totalGB: 5, expiryTime: 9_000 });
  await fetch(`${panel.url}panel/api/clients/update/z`, { method: "POST", headers, body: JSON.stringify({ email: "z", totalGB: 7 }) });
  expect(panel.client("z")!.entry).toMatchObject({ enable: false, totalGB: 7, expiryTime: 0 });
});

test("the subscription server: base64 links, Subscription-Userinfo with expire in seconds, 400 Error! for an unknown id", async () => {
  panel = await startXuiPanel({ version: "3.6.0" });
  const { cookie, csrf } = await v3Login(panel);
  await fetch(`${panel.url}panel/api/clients/add`, {
    method: "POST",
    headers: { ...XHR, Cookie: `3x-ui=${cookie}`, "X-CSRF-Token": csrf, "Content-Type": "application/json" },
    body: JSON.stringify({ client: { id: "0b7d5f0e-1111-4222-8333-944455556666", email: "s", subId: "s", totalGB: 1000, expiryTime: 1_900_000_000_000, enable: true }, inboundIds: [1, 2] }),
  });
  panel.addTraffic("s", 3, 4);
  const sub = await fetch(`${panel.subUrl}s`);
  expect(sub.headers.get("subscription-userinfo")).toBe("upload=3; download=4; total=1000; expire=1900000000");
  expect(Buffer.from(await sub.text(), "base64").toString().trim().split("\n")).toHaveLength(2);
  const unknown = await fetch(`${panel.subUrl}nobody`);
  expect([unknown.status, await unknown.text()]).toEqual([400, "Error!"]);
});

test("v3.6.0: an email with a forbidden character is refused; deleting an unknown client says it is not found anywhere", async () => {
  panel = await startXuiPanel({ version: "3.6.0" });
  const { cookie, csrf } = await v3Login(panel);
  const headers = { ...XHR, Cookie: `3x-ui=${cookie}`, "X-CSRF-Token": csrf, "Content-Type": "application/json" };
  const bad = await fetch(`${panel.url}panel/api/clients/add`, { method: "POST", headers, body: JSON.stringify({ client: { email: "a b" }, inboundIds: [1] }) });
  expect(await bad.json()).toMatchObject({ success: false, msg: expect.stringContaining("client email contains an invalid character") });
  const gone = await fetch(`${panel.url}panel/api/clients/del/nobody`, { method: "POST", headers, body: "" });
  expect(await gone.json()).toMatchObject({ success: false, msg: 'Something went wrong (client "nobody" not found in any inbound or client record)' });
});
