import { isPanelError, type PanelError } from "../../src/panels/panel.ts";

/** The PanelError a promise rejects with (fails the test when it resolves or rejects with something else). */
export async function failure(promise: Promise<unknown>): Promise<PanelError> {
  try {
    await promise;
  } catch (error) {
    if (isPanelError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail with a PanelError");
}
