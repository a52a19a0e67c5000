/** `subkeeper demo`: filled in by the sales core. */
import type { Config } from "./config.ts";

export async function runDemo(_config: Config): Promise<number> {
  console.log("demo: not available yet");
  return 1;
}
