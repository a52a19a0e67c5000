/** The scheduled backup as a document to every admin, with a caption in their language saying how to restore it. */
import { InputFile } from "grammy";
import type { SealedBackup } from "../../maintenance/backup-schedule.ts";
import { describeError } from "../shared/index.ts";
import { formatDateTime } from "../i18n.ts";
import type { AdminKit } from "./context.ts";
import { at } from "./words.ts";

/** Sends the backup to each admin; resolves with how many got it (a failure for one does not stop the others). */
export async function sendBackupToAdmins(kit: AdminKit, backup: SealedBackup): Promise<number> {
  let reached = 0;
  for (const adminId of kit.directory.all) {
    const lang = kit.directory.langOf(adminId);
    const caption = at(lang, "admin-backup-caption", {
      date: formatDateTime(lang, backup.createdAt),
      orders: backup.facts.orders,
      subscriptions: backup.facts.subscriptions,
      file: backup.fileName,
    });
    try {
      await kit.api.sendDocument(adminId, new InputFile(backup.bytes, backup.fileName), { caption, parse_mode: "HTML" });
      reached++;
    } catch (error) {
      kit.log.warn({ adminId, err: describeError(error) }, "backup not sent to an admin");
    }
  }
  return reached;
}
