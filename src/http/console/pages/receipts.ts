/**
 * The receipts queue: each waiting receipt with its photo, the customer, what it buys and the amount, and Approve /
 * Reject with a reason. A decision goes through Sales.decide — the one path of the admin bot and POST
 * /api/orders/:id/decision — so the first decision wins wherever it was made, and Sales tells the admin bot, which
 * edits every admin's copy of the card. The photo is fetched
 * by the server through the Bot API and proxied here: the page never sees a Telegram URL or the bot token.
 */
import { type ReceiptCursor } from "../../../store/receipts.ts";
import { auditOperator } from "../../deps.ts";
import { html } from "../html.ts";
import { csrfField, errorPage, noteOf, page, type ConsoleKit } from "../kit.ts";
import { redirect, type Visit } from "../visit.ts";
import { money, w, when, type Language } from "../words.ts";
import type { OrderView } from "../../../sales/orders.ts";

const PAGE_SIZE = 20;
const REASON_MAX = 500;
/** Who the order's decision names when it was made in the console (the admin cards show it). */
const CONSOLE_DECIDER = "operator";

function parseCursor(value: string | null): ReceiptCursor | null {
  const match = value ? /^(\d{1,15})-([0-9]{1,20})$/.exec(value) : null;
  return match ? { submittedAt: Number(match[1]), orderId: match[2]! } : null;
}

export function whatItBuys(lang: Language, order: Pick<OrderView, "kind" | "item">): string {
  const plan = order.item?.title ?? "";
  return order.kind === "topup" ? w(lang, "receipt-for-topup") : w(lang, `receipt-for-${order.kind === "renewal" || order.kind === "traffic" ? order.kind : "plan"}`, { plan });
}

export function showReceipts(kit: ConsoleKit, visit: Visit, problem?: { orderId: string; message: string }, status = 200): Response {
  const { lang } = visit;
  const { store, sales } = kit.deps.core;
  const after = parseCursor(visit.url.searchParams.get("after"));
  const { items, next } = store.pendingReceiptsPage({ after, limit: PAGE_SIZE });
  const cards = items.map((item) => {
    const order = sales.order(item.orderId);
    const who = [item.firstName, item.username ? `@${item.username}` : ""].filter(Boolean).join(" ") || String(item.customerId);
    const topup = item.kind === "topup";
    return html`<section class="card receipt" id="receipt-${item.orderId}" data-order="${item.orderId}">
<a href="/console/receipts/${item.orderId}/photo"><img src="/console/receipts/${item.orderId}/photo" alt="${w(lang, "receipt-photo")}" loading="lazy"></a>
<div>
<h2>${w(lang, "receipt-order", { number: String(item.number) })}</h2>
${problem?.orderId === item.orderId ? html`<p class="notice bad" role="alert">${problem.message}</p>` : ""}
<p><a href="/console/customers/${item.customerId}">${who}</a> <span class="muted">${String(item.customerId)}</span></p>
<p>${order ? whatItBuys(lang, order) : item.kind} · <strong>${money(lang, item.amount)}</strong></p>
<p class="muted">${when(lang, item.submittedAt)}</p>
<form class="inline" method="post" action="/console/receipts/${item.orderId}/approve">${csrfField(visit)}
${topup ? html`<label><span>${w(lang, "receipt-received")}</span><input name="amount" inputmode="numeric" pattern="[0-9]{1,12}" required value="${String(item.amount)}"></label>` : ""}
<button type="submit" name="decision" value="approve">${w(lang, "receipt-approve")}</button></form>
<form class="inline" method="post" action="/console/receipts/${item.orderId}/reject">${csrfField(visit)}
<input name="reason" required maxlength="${REASON_MAX}" placeholder="${w(lang, "receipt-reason")}" aria-label="${w(lang, "receipt-reason")}">
<button type="submit" class="danger" name="decision" value="reject">${w(lang, "receipt-reject")}</button></form>
</div>
</section>`;
  });
  const content = html`${noteOf(visit)}
${items.length === 0 ? html`<p class="muted" id="receipts-empty">${w(lang, "receipts-empty")}</p>` : cards}
<div class="pager">${after ? html`<a href="/console/receipts">${w(lang, "page-first")}</a>` : ""}${next ? html`<a href="/console/receipts?after=${next.submittedAt}-${next.orderId}">${w(lang, "page-next")}</a>` : ""}</div>`;
  return page(kit, visit, { title: w(lang, "nav-receipts"), section: "receipts" }, content, status);
}

/** The receipt's photo, fetched by the server through the user bot and passed on as an image. */
export async function receiptPhoto(kit: ConsoleKit, visit: Visit, orderId: string): Promise<Response> {
  const fileId = /^\d{1,20}$/.test(orderId) ? kit.deps.core.store.receiptFileId(orderId) : null;
  const bytes = fileId && kit.deps.receiptPhotos ? await kit.deps.receiptPhotos(fileId) : null;
  if (!bytes) return errorPage(kit, visit, 404, w(visit.lang, "receipt-photo-missing"));
  const type = imageType(bytes);
  if (!type) return errorPage(kit, visit, 415, w(visit.lang, "receipt-photo-missing"));
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      "content-type": type,
      "content-security-policy": "default-src 'none'; sandbox",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=300",
      "content-disposition": "inline",
      "cross-origin-resource-policy": "same-origin",
    },
  });
}

/** JPEG, PNG or WebP by their magic bytes; anything else is not served as an image. */
function imageType(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") return "image/webp";
  return null;
}

/** Approve or reject: the first decision wins; a late one says who decided and when. */
export async function decideReceipt(kit: ConsoleKit, visit: Visit, orderId: string, approve: boolean): Promise<Response> {
  const { lang, form } = visit;
  const { sales } = kit.deps.core;
  const before = /^\d{1,20}$/.test(orderId) ? sales.order(orderId) : null;
  if (!before) return errorPage(kit, visit, 404, w(lang, "receipt-unknown"));
  let decision: { by: string; approve: true; amount?: number } | { by: string; approve: false; reason: string };
  if (approve) {
    const amount = before.kind === "topup" ? Number((form.amount ?? "").trim()) : undefined;
    if (amount !== undefined && (!Number.isSafeInteger(amount) || amount <= 0)) return showReceipts(kit, visit, { orderId, message: w(lang, "receipt-amount-invalid") }, 400);
    decision = { by: CONSOLE_DECIDER, approve: true, ...(amount !== undefined ? { amount } : {}) };
  } else {
    const reason = (form.reason ?? "").replace(/\s+/g, " ").trim();
    if (!reason || reason.length > REASON_MAX) return showReceipts(kit, visit, { orderId, message: w(lang, "receipt-reason-invalid") }, 400);
    decision = { by: CONSOLE_DECIDER, approve: false, reason };
  }
  const result = await sales.decide(orderId, decision);
  if (!result.ok) return showReceipts(kit, visit, { orderId, message: result.error.message }, 409);
  const { applied, order } = result.value;
  if (!applied) {
    const d = order.decision;
    const message = d
      ? w(lang, "receipt-already-decided", { decision: d.approved ? "approved" : "rejected", by: d.by, date: when(lang, d.at) })
      : w(lang, "receipt-not-waiting", { state: order.state });
    return errorPage(kit, visit, 409, message);
  }
  auditOperator(
    kit.deps,
    approve ? "receipt.approve" : "receipt.reject",
    `order/${orderId}`,
    { state: before.state, amount: before.amount },
    { state: order.state, decision: order.decision, creditedAmount: order.creditedAmount, via: "console" },
  );
  return redirect(`/console/receipts?note=${approve ? "approved" : "rejected"}`);
}
