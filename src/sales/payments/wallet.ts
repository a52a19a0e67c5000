/**
 * The wallet: the order is paid at once from the balance, atomically or not at all. The balances table's CHECK is
 * the rule (two purchases racing for one balance cannot both pass); the precheck only spares an order that would
 * be refused anyway.
 */
import { balanceOf, postEntry } from "../../store/ledger.ts";
import { fail, ok } from "../../domain/result.ts";
import type { PaymentMethodModule } from "./method.ts";

export const walletPayment: PaymentMethodModule = {
  method: "wallet",
  precheck(db, order) {
    return balanceOf(db, order.customerId) < order.amount ? fail("insufficient-balance", "the wallet balance does not cover this amount") : ok(undefined);
  },
  start(port, order) {
    return port.pay(order.orderId, { method: "wallet" });
  },
  record(db, order, at) {
    if (order.amount > 0) postEntry(db, { customerId: order.customerId, amount: -order.amount, reason: "purchase", ref: order.orderId }, at);
  },
};
