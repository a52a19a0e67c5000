import type { Migration } from "../migrate.ts";

/**
 * A notification's delivery policy (src/domain/notice-kinds.ts) and how often it was sent again after a crash left
 * it in doubt: at-least-once rows in doubt are resent, at-most-once rows never are.
 */
export const notificationPolicy: Migration = {
  version: 14,
  name: "notification-policy",
  sql: `
ALTER TABLE notifications ADD COLUMN policy TEXT NOT NULL DEFAULT 'at-most-once';
ALTER TABLE notifications ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
`,
};
