/** Business settings: card numbers, payment window, trial volume and days, referral share, support hours, required channels. */
import { Composer } from "grammy";
import { type Settings } from "../../../store/settings.ts";
import { formatBytes, formatNumber, html } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import type { SettingField } from "../callbacks.ts";
import { button, cleanText, keyboard, parseDecimal, parseWhole, say, show, toast, toLatinDigits } from "../ui.ts";
import { section } from "./section.ts";
import { GB } from "../../../domain/units.ts";


const LABEL: Record<SettingField, string> = {
  cards: "admin-settings-cards",
  window: "admin-settings-window",
  trialgb: "admin-settings-trial-volume",
  trialdays: "admin-settings-trial-days",
  referral: "admin-settings-referral",
  hours: "admin-settings-hours",
  channels: "admin-settings-channels",
  usd: "admin-settings-usd",
  renewdays: "admin-settings-renew",
  refrule: "admin-settings-refrule",
};

const ASK: Record<SettingField, string> = {
  cards: "admin-settings-ask-cards",
  window: "admin-settings-ask-window",
  trialgb: "admin-settings-ask-trial-volume",
  trialdays: "admin-settings-ask-trial-days",
  referral: "admin-settings-ask-referral",
  hours: "admin-settings-ask-hours",
  channels: "admin-settings-ask-channels",
  usd: "admin-settings-ask-usd",
  renewdays: "admin-settings-ask-renew",
  refrule: "admin-settings-ask-refrule",
};

/** One card per line: 16 digits (spaces or dashes between groups allowed), then the holder's name. */
function parseCards(text: string): Settings["cards"] | null {
  const cards: Settings["cards"] = [];
  for (const line of toLatinDigits(text).split("\n").map((l) => l.trim()).filter(Boolean)) {
    const match = /^((?:\d[ -]?){15}\d)\s+(.{1,64})$/.exec(line);
    if (!match) return null;
    const digits = match[1]!.replace(/\D/g, "");
    cards.push({ number: digits.match(/.{4}/g)!.join("-"), holder: match[2]!.trim() });
  }
  return cards.length > 0 && cards.length <= 5 ? cards : null;
}

/** What the admin typed as a settings patch, or null when it is not a value of that setting at all. */
function parseSetting(field: SettingField, text: string): Partial<Settings> | null {
  switch (field) {
    case "cards": {
      const cards = parseCards(text);
      return cards ? { cards } : null;
    }
    case "window": {
      const hours = parseWhole(text);
      return hours === null ? null : { paymentWindowHours: hours };
    }
    case "trialgb": {
      const gb = parseDecimal(text);
      return gb === null ? null : { trialBytes: Math.round(gb * GB) };
    }
    case "trialdays": {
      const days = parseWhole(text);
      return days === null ? null : { trialDays: days };
    }
    case "referral": {
      const percent = parseWhole(text.replace("%", "").replace("٪", ""));
      return percent === null ? null : { referralPercent: percent };
    }
    case "hours": {
      const hours = cleanText(text, 100);
      return hours ? { supportHours: hours } : null;
    }
    case "channels": {
      if (text.trim().toLowerCase() === "/skip") return { requiredChannels: [] };
      // One per line or separated by spaces/commas; a t.me link or a bare name is taken as the @name it points at.
      const names = text.split(/[\s,]+/).filter(Boolean).map((name) => `@${name.replace(/^(https?:\/\/)?(t\.me\/|telegram\.me\/)?@?/i, "")}`);
      return names.length > 0 ? { requiredChannels: names } : null;
    }
    case "usd": {
      const rate = parseWhole(text);
      return rate === null ? null : { tomanPerUsd: rate };
    }
    case "renewdays": {
      const days = parseWhole(text);
      return days === null ? null : { autoRenewDaysBefore: days };
    }
    case "refrule": {
      const choice = parseWhole(text);
      return choice === 1 ? { referralEvery: false } : choice === 2 ? { referralEvery: true } : null;
    }
  }
}

export function settingsFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows } = kit;

  async function overview(ctx: AdminContext, note?: string): Promise<void> {
    const s = store.getSettings();
    const text = ctx.t("admin-settings", {
      cards: html(s.cards.map((card) => ctx.t("admin-settings-card-line", { number: card.number, holder: card.holder })).join("\n")),
      window: s.paymentWindowHours,
      trialVolume: formatBytes(ctx.lang, s.trialBytes),
      trialDays: s.trialDays,
      referral: s.referralPercent,
      supportHours: s.supportHours,
      channels: s.requiredChannels.length > 0 ? s.requiredChannels.join(", ") : ctx.tp("admin-user-none"),
    }) +
      `\n${ctx.t("admin-settings-payments", { usd: formatNumber(ctx.lang, s.tomanPerUsd), days: s.autoRenewDaysBefore })}` +
      `\n${ctx.t("admin-settings-refrule-line", { rule: ctx.tp(s.referralEvery ? "admin-settings-refrule-every" : "admin-settings-refrule-first") })}`;
    const fields = Object.keys(LABEL) as SettingField[];
    const buttons = fields.map((field) => button(ctx.tp(LABEL[field]), callbacks.setting.pack({ field })));
    await show(
      ctx,
      note ? `${note}\n\n${text}` : text,
      keyboard([buttons.slice(0, 2), buttons.slice(2, 4), buttons.slice(4, 6), buttons.slice(6), [button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]]),
    );
  }

  section(composer, kit, "settings", ["settings"], (ctx) => overview(ctx));

  composer.callbackQuery(callbacks.setting.pattern, async (ctx) => {
    const data = callbacks.setting.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    flows.set(ctx.chat!.id, { kind: "setting", field: data.field });
    await toast(ctx);
    await say(ctx, ctx.t(ASK[data.field]), keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]));
  });

  kit.router.on("setting", async (ctx, flow, text) => {
    const cancel = keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]);
    const patch = parseSetting(flow.field, text);
    if (!patch) return say(ctx, ctx.t(ASK[flow.field]), cancel);
    const before = store.getSettings();
    const problem = store.updateSettings(patch);
    if (problem) return say(ctx, ctx.t("admin-failed", { error: problem }), cancel);
    flows.clear(ctx.chat!.id);
    const key = Object.keys(patch)[0] as keyof Settings;
    ctx.audit("settings.update", `setting:${key}`, { [key]: before[key] }, { [key]: store.getSettings()[key] });
    await overview(ctx, ctx.t("admin-settings-saved"));
  });

  return composer;
}
