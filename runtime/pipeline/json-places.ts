import { lineAndColumn, stringEnd } from "./json-text.js";
import { jsonPointer } from "./pointer.js";

type Path = (string | number)[];
type Container = { kind: "object"; keys: Map<string, number>; key?: string } | { kind: "array"; index: number; expectItem: boolean };

/** What walkJson tells of each key and array item it passes. */
export interface JsonVisitor {
  /** A key at `offset` (its opening quote); `earlier`: where the same object already had it, if it did. */
  key(path: Path, offset: number, earlier: number | undefined): void;
  /** An array item starting at `offset`. */
  item?(path: Path, offset: number): void;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/**
 * Walks `text`, which must be valid JSON (JSON.parse accepted it), telling `visitor` the path and
 * offset of every key and array item. One pass with an explicit stack, as syntaxErrorOffset: a
 * deeply nested file cannot overflow the call stack.
 */
export function walkJson(text: string, visitor: JsonVisitor): void {
  const open: Container[] = [];
  const pathOf = (last: string | number): Path => [...open.slice(0, -1).map((container) => (container.kind === "object" ? container.key! : container.index)), last];
  let expectKey = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    const top = open.at(-1);
    if (WHITESPACE.has(c) || c === ":") {
      i++;
      continue;
    }
    if (top?.kind === "array" && top.expectItem && c !== "]") {
      top.expectItem = false;
      visitor.item?.(pathOf(top.index), i);
    }
    if (c === "{" || c === "[") {
      open.push(c === "{" ? { kind: "object", keys: new Map() } : { kind: "array", index: 0, expectItem: true });
      expectKey = c === "{";
      i++;
    } else if (c === "}" || c === "]") {
      open.pop();
      expectKey = false;
      i++;
    } else if (c === ",") {
      if (top?.kind === "array") {
        top.index++;
        top.expectItem = true;
      }
      expectKey = top?.kind === "object";
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (expectKey && top?.kind === "object") {
        const key = JSON.parse(text.slice(i, end)) as string;
        const earlier = top.keys.get(key);
        top.key = key;
        if (earlier === undefined) top.keys.set(key, i);
        visitor.key(pathOf(key), i, earlier);
        expectKey = false;
      }
      i = end;
    } else {
      // A number, true, false or null: up to the next delimiter.
      while (i < text.length && !WHITESPACE.has(text[i]!) && !",]}".includes(text[i]!)) i++;
    }
  }
}

/** A place in a file's text, both counted from 1. */
export interface TextPlace {
  line: number;
  column: number;
}

/**
 * Where each JSON pointer of `text` is written (a key's opening quote, an array item's first
 * character), to place a problem found after parsing: `placeOf(pointer)` gives the pointed-to key,
 * or the nearest enclosing one that is written (a missing field is placed at its object).
 */
export function jsonPlaces(text: string): (pointer: string) => TextPlace {
  const offsets = new Map<string, number>();
  const note = (path: Path, offset: number) => {
    const pointer = jsonPointer(path);
    if (!offsets.has(pointer)) offsets.set(pointer, offset);
  };
  // Columns as an editor counts them: a byte order mark is not one.
  text = text.replace(/^\uFEFF/, "");
  walkJson(text, { key: note, item: note });
  const start = Math.max(0, text.search(/\S/));
  return (pointer) => {
    for (let at = pointer; at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
      const offset = offsets.get(at);
      if (offset !== undefined) return lineAndColumn(text, offset);
    }
    return lineAndColumn(text, start);
  };
}
