/** What a sales operation answers: the value, or an error with a code the bots translate and words for logs. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string): Result<T> => ({ ok: false, error: { code, message } });
