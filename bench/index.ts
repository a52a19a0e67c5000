/**
 * `npm run bench -- <name>` runs `bench/<name>.ts` and prints one JSON line per figure (docs/ARCHITECTURE.md, "Tests and benchmarks").
 * A benchmark is a module exporting `run(): Promise<Figure[]>`; adding one is one line in `benches` below.
 */

/** One measured figure. `ratio` is how many times better than `baseline`; leave both out when there is none. */
export interface Figure {
  metric: string;
  value: number;
  baseline?: number;
  ratio?: number;
  unit: string;
  n: number;
}

/** Three significant figures, enough to read and compare. */
export const sig = (x: number) => Number(x.toPrecision(3));

export interface Bench {
  run(): Promise<Figure[]>;
}

const benches: Record<string, () => Promise<Bench>> = {
  runtime: () => import("./runtime.ts"),
  sync: () => import("./sync.ts"),
  http: () => import("./http.ts"),
};

/** The JSON line for one figure, keys in the documented order. */
export function figureLine(bench: string, figure: Figure): string {
  const { metric, value, baseline, ratio, unit, n } = figure;
  return JSON.stringify({ bench, metric, value, baseline, ratio, unit, n });
}

if (import.meta.main) {
  const name = process.argv[2];
  const load = name ? benches[name] : undefined;
  if (!name || !load) {
    console.error(`usage: npm run bench -- <name>   (one of: ${Object.keys(benches).join(", ")})`);
    process.exit(2);
  }
  const bench = await load();
  for (const figure of await bench.run()) console.log(figureLine(name, figure));
}
