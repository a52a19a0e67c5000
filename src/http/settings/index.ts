/** Business settings over HTTP: read them (with their defaults) and change some of them. */
import { Elysia, t } from "elysia";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";

const fields = {
  cards: t.Array(t.Object({ number: t.String({ maxLength: 32 }), holder: t.String({ maxLength: 64 }) }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 10,
    description: "card numbers shown for card-to-card payments",
  }),
  paymentWindowHours: t.Integer({ minimum: 1, maximum: 168 }),
  trialBytes: t.Integer({ minimum: 1 }),
  trialDays: t.Integer({ minimum: 1, maximum: 30 }),
  referralPercent: t.Integer({ minimum: 0, maximum: 50 }),
  supportHours: t.String({ maxLength: 100 }),
  topupMin: t.Integer({ minimum: 1 }),
  topupMax: t.Integer({ minimum: 1 }),
  requiredChannels: t.Array(t.String({ maxLength: 33 }), {
    maxItems: 5,
    description: "public channels (@username) a customer must join before plans, the trial or checkout; [] for none. The bot must be an administrator of each",
  }),
  tomanPerUsd: t.Integer({ minimum: 0, description: "Toman per US dollar for crypto prices; 0 turns crypto off" }),
  autoRenewDaysBefore: t.Integer({ minimum: 1, maximum: 7, description: "days before expiry auto-renew takes the wallet" }),
  referralEvery: t.Boolean({ description: "false: the referrer is credited for a friend's first paid order only; true: for every paid order" }),
};

const SettingsView = t.Object(fields);
const SettingsPatch = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 });

export function settingsRoutes(deps: HttpDeps) {
  const { store } = deps.core;
  return new Elysia({ prefix: "/api/settings" })
    .get("", () => store.getSettings(), { detail: doc("Read the business settings", "settings", { 200: ["every setting, defaults filled in", SettingsView] }) })
    .patch(
      "",
      ({ body }) => {
        const before = store.getSettings();
        const problem = store.updateSettings(body);
        if (problem) throw new ApiError(400, "invalid-input", problem);
        const after = store.getSettings();
        auditOperator(deps, "settings:update", "settings", pick(before, body), pick(after, body));
        return after;
      },
      { body: SettingsPatch, detail: doc("Change some settings", "settings", { 200: ["every setting after the change", SettingsView] }) },
    );
}

function pick<T extends object>(from: T, keys: object): Partial<T> {
  return Object.fromEntries(Object.keys(keys).map((key) => [key, from[key as keyof T]])) as Partial<T>;
}
