/** Nothing to pay: a trial, an admin's gift, or a code that took the whole price. Paid as it is created; no ledger row. */
import type { PaymentMethodModule } from "./method.ts";

export const freePayment: PaymentMethodModule = {
  method: "free",
  record() {},
};
