/**
 * Simulated panels of every kind the benchmarks drive, seeded with clients directly: one adapter per kind, so a new
 * kind's simulator joins the mixed usage sync (bench/sync.ts) with one entry in ADAPTERS.
 */
import type { PanelAuth } from "../src/panels/panel.ts";
import type { InboundId } from "../src/store/servers.ts";
import { startMarzbanPanel } from "../test/fakes/marzban-panel.ts";
import { startRemnawavePanel } from "../test/fakes/remnawave-panel.ts";
import { startSuiPanel } from "../test/fakes/sui-panel.ts";
import { startXuiPanel } from "../test/fakes/xui-panel.ts";

/** One seeded client: subkeeper's name for it, its traffic now, its volume. */
export interface SeedClient {
  name: string;
  usedBytes: number;
  volumeBytes: number;
}

/** How subkeeper reaches a seeded panel, and the key its driver uses for the client seeded i-th. */
export interface BenchPanelInfo {
  kind: string;
  url: string;
  subUrl: string;
  auth: PanelAuth;
  inboundIds: InboundId[];
  keys: string[];
}

export interface BenchPanel {
  info: BenchPanelInfo;
  counts(): Record<string, number>;
  resetCounts(): void;
  stop(): Promise<void>;
}

type Adapter = (clients: SeedClient[]) => Promise<BenchPanel>;

const ADAPTERS: Record<string, Adapter> = {
  "s-ui": async (clients) => {
    const panel = await startSuiPanel();
    const keys = clients.map((c) => {
      const up = Math.floor(c.usedBytes / 5);
      return String(panel.addClientByHand({ name: c.name, inbounds: [1], volume: c.volumeBytes, up, down: c.usedBytes - up }).id);
    });
    return {
      info: { kind: "s-ui", url: panel.url, subUrl: panel.subUrl, auth: { type: "token", token: panel.token }, inboundIds: [1], keys },
      counts: () => panel.counts(),
      resetCounts: () => panel.resetCounts(),
      stop: () => panel.stop(),
    };
  },
  "3x-ui": async (clients) => {
    const panel = await startXuiPanel({ version: "3.6.0" });
    for (const c of clients) {
      panel.addClientByHand({ id: crypto.randomUUID(), email: c.name, totalGB: c.volumeBytes, subId: c.name });
      const up = Math.floor(c.usedBytes / 5);
      panel.addTraffic(c.name, up, c.usedBytes - up);
    }
    return {
      info: { kind: "3x-ui", url: panel.url, subUrl: panel.subUrl, auth: { type: "login", username: panel.username, password: panel.password }, inboundIds: [1], keys: clients.map((c) => c.name) },
      counts: () => panel.counts(),
      resetCounts: () => panel.resetCounts(),
      stop: () => panel.stop(),
    };
  },
  marzban: (clients) => marzbanFamily("marzban", clients),
  pasarguard: (clients) => marzbanFamily("pasarguard", clients),
  remnawave: async (clients) => {
    const panel = await startRemnawavePanel({ version: "3.3.2" });
    const squad = panel.squads()[0]!.uuid;
    const keys = clients.map((c) => {
      const user = panel.addUserByHand({ username: c.name, trafficLimitBytes: c.volumeBytes, squads: [squad] });
      panel.addTraffic(c.name, c.usedBytes);
      return String(user.id);
    });
    return {
      info: { kind: "remnawave", url: panel.url, subUrl: panel.subUrl, auth: { type: "token", token: panel.token }, inboundIds: [squad], keys },
      counts: () => panel.counts(),
      resetCounts: () => panel.resetCounts(),
      stop: () => panel.stop(),
    };
  },
};

async function marzbanFamily(flavor: "marzban" | "pasarguard", clients: SeedClient[]): Promise<BenchPanel> {
  const panel = startMarzbanPanel({ flavor });
  const keys = clients.map((c) => {
    // Marzban refuses `sk-…` and the driver writes it `sk_…` (docs/panels/marzban.md).
    const username = flavor === "marzban" ? c.name.replace(/-/g, "_") : c.name;
    const user = panel.addUserByHand({ username, usedTraffic: c.usedBytes, dataLimit: c.volumeBytes });
    return flavor === "marzban" ? username : String(user.id);
  });
  return {
    info: { kind: flavor, url: panel.url, subUrl: panel.url, auth: { type: "login", username: panel.username, password: panel.password }, inboundIds: [], keys },
    counts: () => panel.counts(),
    resetCounts: () => panel.resetCounts(),
    stop: () => panel.stop(),
  };
}

/** The kinds a benchmark can simulate. */
export const BENCH_KINDS = Object.keys(ADAPTERS);

export function startBenchPanel(kind: string, clients: SeedClient[]): Promise<BenchPanel> {
  const adapter = ADAPTERS[kind];
  if (!adapter) throw new Error(`no benchmark simulator for panel kind ${kind}`);
  return adapter(clients);
}

/**
 * The ten panels of the mixed run: every family with a driver and a simulator here, dealt out in turn
 * (S-UI, 3x-ui, the Marzban family, Remnawave as they land).
 */
export function mixedKinds(panels: number, supported: readonly string[]): string[] {
  const kinds = BENCH_KINDS.filter((kind) => supported.includes(kind));
  return Array.from({ length: panels }, (_, p) => kinds[p % kinds.length]!);
}
