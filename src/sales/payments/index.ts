/** Every payment method's module, by method. A new method is its module, its fake, and one line here. */
import type { PaymentMethod } from "../../domain/payment-method.ts";
import { cardPayment } from "./card.ts";
import { freePayment } from "./free.ts";
import type { PaymentMethodModule } from "./method.ts";
import { walletPayment } from "./wallet.ts";
import { starsPayment } from "./stars.ts";
import { nowPaymentsPayment } from "./nowpayments.ts";

export const paymentMethods: Record<PaymentMethod, PaymentMethodModule> = {
  card: cardPayment,
  wallet: walletPayment,
  free: freePayment,
  stars: starsPayment,
  nowpayments: nowPaymentsPayment,
};

export type { PaidOrder, PaymentMethodModule, PaymentPort } from "./method.ts";
