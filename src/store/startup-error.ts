/**
 * A start that cannot go on for a reason an operator can fix (the store is in use, read-only or full, SECRET_KEY
 * changed). The command line prints its message as one line, no stack trace, and exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** Codes of SQLite and the file system that mean "this store cannot be written", with what to do about each. */
const CAUSES: { codes: RegExp; cause: string }[] = [
  { codes: /^(SQLITE_FULL|SQLITE_IOERR_SHMSIZE|ENOSPC|EDQUOT)$/, cause: "its disk is full; free some space on it" },
  {
    codes: /^(SQLITE_READONLY.*|SQLITE_CANTOPEN.*|EROFS|EACCES|EPERM)$/,
    cause: "it is read-only or not ours to write; check the mount and the permissions of the file and its folder",
  },
];

/** The StartupError for a failure to open or write the store, or undefined when the failure is of another kind. */
export function storeFailure(databasePath: string, error: unknown): StartupError | undefined {
  const code = String((error as { code?: unknown })?.code ?? "");
  const message = error instanceof Error ? error.message : "";
  const known = CAUSES.find((c) => c.codes.test(code)) ?? (/disk is full/.test(message) ? CAUSES[0] : undefined);
  if (!known) return undefined;
  return new StartupError(`the store ${databasePath} cannot be written (${code || message}): ${known.cause}`);
}
