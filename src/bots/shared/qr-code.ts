/** QR codes of subscription links, as PNG bytes for sendPhoto. */
import QRCode from "qrcode";

/** A PNG QR code of `text`, large enough to scan from another phone's screen. */
export async function qrPng(text: string): Promise<Uint8Array> {
  const buffer = await QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 480 });
  return new Uint8Array(buffer);
}
