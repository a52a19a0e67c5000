/** NOWPAYMENTS_* configuration: both or neither, the real API root by default, the secrets scrubbed from logs. */
import { expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { registerSecret, scrubSecrets } from "../../src/log.ts";

test("NOWPayments is configured by both variables or neither; the API root defaults to the real one", () => {
  expect(loadConfig({}).nowpayments).toBeUndefined();
  expect(() => loadConfig({ NOWPAYMENTS_API_KEY: "K-123" })).toThrow(ConfigError);
  expect(() => loadConfig({ NOWPAYMENTS_IPN_SECRET: "S-123" })).toThrow(ConfigError);
  expect(loadConfig({ NOWPAYMENTS_API_KEY: "K-123", NOWPAYMENTS_IPN_SECRET: "S-123" }).nowpayments).toEqual({
    apiKey: "K-123",
    ipnSecret: "S-123",
    apiRoot: "https://api.nowpayments.io",
  });
  expect(loadConfig({ NOWPAYMENTS_API_KEY: "K-123", NOWPAYMENTS_IPN_SECRET: "S-123", NOWPAYMENTS_API_ROOT: "http://127.0.0.1:9" }).nowpayments?.apiRoot).toBe("http://127.0.0.1:9");
});

test("the NOWPayments secrets, once registered as main does, never reach a log line", () => {
  const config = loadConfig({ NOWPAYMENTS_API_KEY: "NPKEY-abcdef-123456", NOWPAYMENTS_IPN_SECRET: "np-ipn-secret-987654" });
  registerSecret(config.nowpayments!.apiKey);
  registerSecret(config.nowpayments!.ipnSecret);
  expect(scrubSecrets("key NPKEY-abcdef-123456 and np-ipn-secret-987654")).not.toMatch(/NPKEY-abcdef-123456|np-ipn-secret-987654/);
});
