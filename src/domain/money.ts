/** Money is whole Toman in integers; no floats anywhere near it. */

export type Toman = number;

export interface Discount {
  percent: number | null;
  amount: number | null;
}

/** The price after a discount, never below zero; percent rounds down in the customer's favour. */
export function discountedPrice(price: Toman, discount: Discount | null): Toman {
  if (!discount) return price;
  if (discount.percent !== null) return price - Math.floor((price * discount.percent) / 100);
  return Math.max(0, price - (discount.amount ?? 0));
}

/** The referrer's share of an order, rounded down. */
export function referralShare(amount: Toman, percent: number): Toman {
  return Math.floor((amount * percent) / 100);
}
