/** Reading HTML form fields: whole numbers, optional text, lists. A field that is not what it should be is null. */

/** A whole number (Latin or Persian digits, thousands separators allowed), or null. */
export function wholeNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const latin = value.trim().replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[,٬_ ]/g, "");
  if (!/^-?\d{1,15}$/.test(latin)) return null;
  return Number(latin);
}

/** Trimmed text, or undefined when empty. */
export function optionalText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** A comma- or space-separated list of whole numbers, or null when any item is not one. */
export function numberList(value: string | undefined): number[] | null {
  const items = (value ?? "").split(/[\s,،]+/).filter(Boolean);
  const numbers = items.map(wholeNumber);
  return numbers.every((n): n is number => n !== null) ? numbers : null;
}
