import type { Migration } from "../migrate.ts";

/** A receipt photo's Telegram `file_unique_id` (the same picture sent again keeps it), to flag a photo reused for another order. */
export const receiptPhotos: Migration = {
  version: 24,
  name: "receipt-photos",
  sql: `
ALTER TABLE receipts ADD COLUMN file_unique_id TEXT;
CREATE INDEX receipts_by_photo ON receipts (file_unique_id) WHERE file_unique_id IS NOT NULL;
`,
};
