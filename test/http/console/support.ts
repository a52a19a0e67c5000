/** A console visitor over app.handle: keeps the session cookie, posts forms, reads the page's CSRF token. */
import type { HttpWorld } from "../support.ts";

export interface Page {
  status: number;
  headers: Headers;
  text: string;
}

export function consoleClient(h: HttpWorld) {
  const client = {
    cookie: "",
    async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
      const init: RequestInit = { method, headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers }, redirect: "manual" };
      if (form) {
        init.body = new URLSearchParams(form).toString();
        (init.headers as Record<string, string>)["content-type"] = "application/x-www-form-urlencoded";
      }
      const response = await h.app.handle(new Request(`http://localhost${path}`, init));
      const set = response.headers.get("set-cookie");
      const session = set?.match(/sk_console=([^;]*)/);
      if (session) client.cookie = session[1] ? `sk_console=${session[1]}` : "";
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    get: (path: string, headers?: Record<string, string>) => client.request("GET", path, undefined, headers),
    post: (path: string, form: Record<string, string>, headers?: Record<string, string>) => client.request("POST", path, form, headers),
    login: (token: string, next?: string) => client.post("/console/login", { token, ...(next ? { next } : {}) }),
    /** The CSRF token the overview page carries. */
    async csrf(): Promise<string> {
      const page = await client.get("/console");
      const match = /name="csrf" value="([^"]+)"/.exec(page.text);
      if (!match) throw new Error(`no CSRF token on the page (status ${page.status})`);
      return match[1]!;
    },
  };
  return client;
}
