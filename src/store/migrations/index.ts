import type { Migration } from "../migrate.ts";
import { runtime } from "./001_runtime.ts";
import { domain } from "./002_domain.ts";
import { notifications } from "./003_notifications.ts";
import { http } from "./004_http.ts";
import { bots } from "./005_bots.ts";
import { admin } from "./006_admin.ts";
import { russian } from "./007_russian.ts";
import { notificationPolicy } from "./014_notification_policy.ts";
import { payments } from "./015_payments.ts";
import { panelKinds } from "./021_panel_kinds.ts";
import { storeMeta } from "./022_store_meta.ts";
import { agents } from "./023_agents.ts";
import { receiptPhotos } from "./024_receipt_photos.ts";
import { revenueIndex } from "./025_revenue_index.ts";

/** Every migration this build knows, in order. Add a file and a line here; never edit one that has shipped. */
export const migrations: Migration[] = [runtime, domain, notifications, http, bots, admin, russian, notificationPolicy, payments, panelKinds, storeMeta, agents, receiptPhotos, revenueIndex];
