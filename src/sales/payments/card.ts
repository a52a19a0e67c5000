/**
 * Card to card: the customer pays outside, sends a photo of the receipt, an admin approves it (RECEIPT_SUBMITTED,
 * APPROVE in the order machine). The money is posted as it came in (`card-payment`) and went out again for the
 * purchase, so the balance is untouched; a top-up credits what the admin approved.
 */
import { postEntry } from "../../store/ledger.ts";
import type { PaymentMethodModule } from "./method.ts";

export const cardPayment: PaymentMethodModule = {
  method: "card",
  record(db, order, at) {
    if (order.kind === "topup") {
      postEntry(db, { customerId: order.customerId, amount: order.creditedAmount ?? order.amount, reason: "topup", ref: order.orderId, actor: order.by }, at);
      return;
    }
    if (order.amount <= 0) return;
    postEntry(db, { customerId: order.customerId, amount: order.amount, reason: "card-payment", ref: order.orderId, actor: order.by }, at);
    postEntry(db, { customerId: order.customerId, amount: -order.amount, reason: "purchase", ref: order.orderId }, at);
  },
};
