#!/usr/bin/env bun
/**
 * The command line: `subkeeper [serve]` runs everything, `subkeeper migrate` applies migrations and exits,
 * `backup`/`restore`/`rotate-key` look after the store (src/maintenance/), `subkeeper demo` runs the whole flow
 * against a built-in simulated panel.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./store/db.ts";
import { startApp } from "./main.ts";
import { StartupError } from "./store/startup-error.ts";

const USAGE = `usage: subkeeper [serve | migrate | backup --out FILE | restore FILE | rotate-key | demo | help]
  serve       run the bots, the HTTP API and the actors (default)
  migrate     apply pending database migrations and exit
  backup      write a consistent, checked copy of the store to FILE (also while serve runs)
  restore     put a backup (a copy, or the sealed document the admin bot sent) in place of the store
  rotate-key  re-seal every stored secret with NEW_SECRET_KEY (while no instance runs)
  demo        run a purchase end to end against a built-in simulated S-UI panel`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "serve";
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`subkeeper: configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  switch (command) {
    case "serve": {
      const app = await startApp(config);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await app.stop();
      return 0;
    }
    case "migrate": {
      const db = openDatabase(config.databasePath);
      const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
      db.close();
      console.log(`subkeeper: store ${config.databasePath} is at schema version ${version}`);
      return 0;
    }
    case "backup": {
      const { backupCommand, outArgument } = await import("./maintenance/backup.ts");
      console.log(`subkeeper: ${backupCommand(config, outArgument(argv.slice(1)))}`);
      return 0;
    }
    case "restore": {
      const { restoreCommand } = await import("./maintenance/backup.ts");
      console.log(`subkeeper: ${await restoreCommand(config, argv[1])}`);
      return 0;
    }
    case "rotate-key": {
      const { rotateKey } = await import("./maintenance/rotate-key.ts");
      console.log(`subkeeper: ${await rotateKey(config)}`);
      return 0;
    }
    case "demo": {
      const { runDemo } = await import("./demo.ts");
      return runDemo(config, argv.slice(1));
    }
    default:
      console.error(`subkeeper: unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  console.error(`subkeeper: ${error.message}`);
  process.exit(1);
}
