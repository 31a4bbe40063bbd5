import { lineAndColumn, stringEnd } from "./json-text.js";
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

type Container = { kind: "object"; keys: Map<string, number>; key?: string } | { kind: "array"; index: number };

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * Every key written a second (or later) time in the same object of `text`, which must be valid JSON
 * (JSON.parse accepted it). One pass over the text with an explicit stack, as syntaxErrorOffset:
 * a deeply nested file cannot overflow the call stack.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const open: Container[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const top = open.at(-1);
    if (WHITESPACE.has(c) || c === ":") i++;
    else if (c === "{" || c === "[") {
      open.push(c === "{" ? { kind: "object", keys: new Map() } : { kind: "array", index: 0 });
      expectKey = c === "{";
      i++;
    } else if (c === "}" || c === "]") {
      open.pop();
      expectKey = false;
      i++;
    } else if (c === ",") {
      if (top?.kind === "array") top.index++;
      expectKey = top?.kind === "object";
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (expectKey && top?.kind === "object") {
        const key = JSON.parse(text.slice(i, end)) as string;
        const first = top.keys.get(key);
        top.key = key;
        if (first === undefined) top.keys.set(key, i);
        else found.push({ key, pointer: jsonPointer(open.map((container) => (container.kind === "object" ? container.key! : container.index))), ...lineAndColumn(text, i), firstLine: lineAndColumn(text, first).line });
        expectKey = false;
      }
      i = end;
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < text.length && !WHITESPACE.has(text[i]!) && !",]}".includes(text[i]!)) i++;
    }
  }
  return found;
}
