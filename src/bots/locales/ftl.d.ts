/** Fluent files are imported as text (`with { type: "text" }`), so `bun build --compile` embeds them. */
declare module "*.ftl" {
  const text: string;
  export default text;
}
