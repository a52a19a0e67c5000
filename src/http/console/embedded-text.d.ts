/** The console's script and stylesheet are imported as text (`with { type: "text" }`), so the binary carries them. */
declare module "*.client.js" {
  const text: string;
  export default text;
}
declare module "*.css" {
  const text: string;
  export default text;
}
