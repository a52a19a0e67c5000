import { GrammyError } from "grammy";

/** The Bot API error a call through grammY's Api is refused with (fails the test when the fake accepts it). */
export async function refusal(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  throw new Error("expected the fake to refuse the call");
}
