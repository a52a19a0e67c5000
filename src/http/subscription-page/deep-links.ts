/**
 * One-tap import links for the apps customers use, each in the form the app documents or handles in its code:
 *  - v2rayNG: `v2rayng://install-config?url=<encoded>#<name>` (install-sub is handled the same way);
 *  - Hiddify: `hiddify://import/<url>#<name>` (install-sub/install-config are its deprecated forms);
 *  - V2Box: `v2box://install-sub?url=<encoded>&name=<name>`;
 *  - Streisand: `streisand://import/<url>#<name>`;
 *  - sing-box (SFA/SFI): `sing-box://import-remote-profile?url=<encoded>#<name>`, a remote profile in sing-box's
 *    own JSON, so the link asks for `?format=json`;
 *  - NekoBox: `sn://subscription?url=<encoded>&name=<name>`.
 */

export interface ImportLink {
  app: string;
  href: string;
}

export function importLinks(subscriptionUrl: string, name: string): ImportLink[] {
  const url = encodeURIComponent(subscriptionUrl);
  const label = encodeURIComponent(name);
  const singBox = encodeURIComponent(`${subscriptionUrl}?format=json`);
  return [
    { app: "V2rayNG", href: `v2rayng://install-config?url=${url}#${label}` },
    { app: "Hiddify", href: `hiddify://import/${subscriptionUrl}#${label}` },
    { app: "V2Box", href: `v2box://install-sub?url=${url}&name=${label}` },
    { app: "Streisand", href: `streisand://import/${subscriptionUrl}#${label}` },
    { app: "sing-box", href: `sing-box://import-remote-profile?url=${singBox}#${label}` },
    { app: "NekoBox", href: `sn://subscription?url=${url}&name=${label}` },
  ];
}
