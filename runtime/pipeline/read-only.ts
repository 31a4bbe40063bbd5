import { accessSync, constants, statSync } from "node:fs";

/**
 * Why `file` must not be rewritten, if it is read-only: to everyone (mode 444, which root could
 * still replace) or to this user (another user's file). An atomic write renames a new file over it,
 * which the folder's permissions allow: checked first, as an editor would refuse to save it.
 */
export function readOnlyReason(file: string): string | undefined {
  const mode = statSync(file).mode;
  const readOnly = (mode & 0o222) === 0 || !writableByUser(file);
  return readOnly ? `${file} is read-only; make it writable first (chmod u+w) to format it` : undefined;
}

function writableByUser(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
