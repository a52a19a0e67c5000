/**
 * HTML for the console, built from strings: `html` escapes every value it is given unless it is already Markup
 * (made by `html` itself), so text from customers, panels or the store can never become markup. Arrays are joined.
 */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function piece(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(piece).join("");
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

/** Markup our own code built without `html` (the SVG chart's numbers). Never pass outside text here. */
export function trusted(value: string): Markup {
  return new Markup(value);
}
