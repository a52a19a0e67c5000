/**
 * What an operation a person asked for answers: the value, or a refusal with a code (which the bots translate and
 * HTTP maps to a status) and words for logs and operators. `Code` narrows the codes an operation may answer.
 */
export type Result<T, Code extends string = string> = { ok: true; value: T } | { ok: false; error: Problem<Code> };

/** Why something a person gave was refused: a code the bots look up in the locale files, and English for the API. */
export interface Problem<Code extends string = string> {
  code: Code;
  message: string;
}

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <Code extends string>(code: Code, message: string): { ok: false; error: { code: Code; message: string } } => ({
  ok: false,
  error: { code, message },
});
