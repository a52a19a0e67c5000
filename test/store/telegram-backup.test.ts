/**
 * The scheduled backup reaches every admin through the admin bot as a document that opens only with this install's
 * key, and `subkeeper restore` reads that document as it came.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.ts";
import { startApp } from "../../src/main.ts";
import { openBackup } from "../../src/maintenance/backup-box.ts";
import { checkStoreFile } from "../../src/store/backup.ts";
import { documentOf, startFakeTelegram } from "../fakes/telegram.ts";
import { freePort, spawnCli } from "../support/processes.ts";

const KEY = "this install's secret key 0123456";
const work = mkdtempSync(join(tmpdir(), "sk-telegram-backup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("every admin gets the backup as a document sealed with this install's key, and restore reads it", async () => {
  const tg = await startFakeTelegram();
  const adminBot = tg.addBot({ username: "shop_admin_bot", firstName: "Admin" });
  const admins = [tg.user({ id: 900, firstName: "Ava", languageCode: "en" }, adminBot).open(), tg.user({ id: 901, firstName: "Bo", languageCode: "fa" }, adminBot).open()];
  const port = await freePort();
  const app = await startApp(
    loadConfig({
      DATABASE_PATH: join(work, "store", "subkeeper.sqlite"),
      HTTP_PORT: String(port),
      ADMIN_BOT_TOKEN: adminBot.token,
      ADMIN_IDS: "900,901",
      TELEGRAM_API_ROOT: tg.apiRoot,
      SECRET_KEY: KEY,
      BACKUP_INTERVAL_H: "24",
      LOG_LEVEL: "silent",
    }),
  );
  let sealed: Uint8Array;
  try {
    const documents = [];
    for (const admin of admins) {
      const message = await admin.waitForMessage((m) => documentOf(m) !== undefined);
      documents.push(documentOf(message)!);
      expect(message.caption).toContain("subkeeper restore");
    }
    expect(documents[0]!.fileName).toMatch(/^subkeeper-backup-\d{12}\.skbk$/);
    sealed = documents[0]!.bytes;
  } finally {
    await app.stop();
    await tg.stop();
  }

  // Only this install's key opens it; what it holds is a whole, checked store.
  await expect(openBackup(sealed, "another install's key 0123456789")).rejects.toThrow("does not open");
  const store = await openBackup(sealed, KEY);
  const file = join(work, "opened.sqlite");
  writeFileSync(file, store);
  expect(checkStoreFile(file).version).toBeGreaterThan(0);
  expect(new TextDecoder().decode(sealed)).not.toContain("CREATE TABLE");

  // restore reads the document as Telegram delivered it; with another key it refuses and changes nothing.
  const document = join(work, "document.skbk");
  writeFileSync(document, sealed);
  const fresh = join(work, "fresh", "subkeeper.sqlite");
  const wrong = spawnCli(["restore", document], { HOME: work, DATABASE_PATH: fresh, SECRET_KEY: "another install's key 0123456789" });
  expect(await wrong.proc.exited).not.toBe(0);
  expect(await wrong.stderr).toContain("does not open with this install's key");
  const right = spawnCli(["restore", document], { HOME: work, DATABASE_PATH: fresh, SECRET_KEY: KEY });
  expect(await right.proc.exited).toBe(0);
  expect(await right.stdout).toContain(`${fresh} now holds ${document}`);
}, 30_000);
