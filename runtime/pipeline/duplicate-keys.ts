import { walkJson } from "./json-places.js";
import { lineAndColumn } from "./json-text.js";
import { jsonPointer } from "./pointer.js";

/** A key written twice in one object: JSON.parse keeps the last silently, so the file does not say what runs. */
export interface DuplicateKey {
  key: string;
  /** JSON pointer to the second key. */
  pointer: string;
  line: number;
  column: number;
  /** The line of the key's first occurrence. */
  firstLine: number;
}

/** Every key written a second (or later) time in the same object of `text`, which must be valid JSON (JSON.parse accepted it). */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  walkJson(text, {
    key: (path, offset, earlier) => {
      if (earlier === undefined) return;
      found.push({ key: String(path.at(-1)), pointer: jsonPointer(path), ...lineAndColumn(text, offset), firstLine: lineAndColumn(text, earlier).line });
    },
  });
  return found;
}
