/** JSON text as people write it: a UTF-8 byte order mark is allowed, and a syntax error says where it is. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/** Parses JSON text (a leading byte order mark skipped); a syntax error is described with its line and column. */
export function parseJsonText(text: string): ParsedJson {
  // Editors on Windows save UTF-8 with a byte order mark; it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, ...describeSyntaxError(body, (error as Error).message) };
  }
}

/**
 * "Unexpected token '}' at line 3, column 5". Node 20's messages give a character offset for some
 * errors and none for others (an unexpected token, the end of the input), so the offset is found by
 * scanning the text; V8's own words are kept, without the snippet of text it may quote.
 */
function describeSyntaxError(text: string, message: string): { message: string; line: number; column: number } {
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "")
    // An unexpected newline is quoted as one: keep the message on one line.
    .replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
  const offset = syntaxErrorOffset(text) ?? Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
  const hint = commonMistake(text, offset);
  if (hint) return { message: `${hint.says} at line ${hint.line}, column ${hint.column}`, line: hint.line, column: hint.column };
  const { line, column } = lineAndColumn(text, offset);
  return { message: `${reason} at line ${line}, column ${column}`, line, column };
}

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

/**
 * What people most often leave in a JSON file they edit by hand, said as that, where it is: V8's
 * "Expected property name" names the character after the mistake, not the mistake.
 */
function commonMistake(text: string, offset: number): { says: string; line: number; column: number } | undefined {
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) return { says: `an unresolved git merge-conflict marker (${conflict[0].trim()})`, ...lineAndColumn(text, conflict.index) };
  if (text.startsWith("//", offset) || text.startsWith("/*", offset)) return { says: "a comment, which JSON does not allow (say it in a description or a note instead)", ...lineAndColumn(text, offset) };
  if (text[offset] === "}" || text[offset] === "]") {
    const comma = text.slice(0, offset).trimEnd();
    if (comma.endsWith(",")) return { says: `a trailing comma (JSON allows none before ${text[offset]})`, ...lineAndColumn(text, comma.length - 1) };
  }
  return undefined;
}

/** The line and column (both from 1) of a character offset into `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Where a string literal starting at `start` ends (just past its closing quote), or the offset of its first fault as a negative number minus one. */
export function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const escape = text[i + 1];
      if (escape === "u") {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) return -(i + 1) - 1;
        i += 5;
      } else if (escape !== undefined && ESCAPES.has(escape)) i += 1;
      else return -(i + 1) - 1;
    }
  }
  return -text.length - 1;
}

/**
 * The offset of the first character that makes `text` invalid JSON (its length when it ends too
 * early), or undefined when it is valid. A loop over an explicit stack of open containers, so a
 * deeply nested text cannot overflow the call stack.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  const open: ("{" | "[")[] = [];
  let i = 0;
  let expect: "value" | "value-or-close" | "key" | "key-or-close" | "after-value" = "value";
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    const c = text[i];
    if (expect === "after-value") {
      const top = open.at(-1);
      if (top === undefined) return i < text.length ? i : undefined;
      if (c === ",") {
        i++;
        expect = top === "{" ? "key" : "value";
      } else if (c === (top === "{" ? "}" : "]")) {
        i++;
        open.pop();
      } else return i;
      continue;
    }
    if (c === undefined) return i;
    if (expect === "key" || expect === "key-or-close") {
      if (expect === "key-or-close" && c === "}") {
        i++;
        open.pop();
        expect = "after-value";
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < text.length && WHITESPACE.has(text[i]!)) i++;
      if (text[i] !== ":") return i;
      i++;
      expect = "value";
      continue;
    }
    if (expect === "value-or-close" && c === "]") {
      i++;
      open.pop();
      expect = "after-value";
      continue;
    }
    if (c === "{" || c === "[") {
      open.push(c);
      i++;
      expect = c === "{" ? "key-or-close" : "value-or-close";
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
    } else if (c === "t" || c === "f" || c === "n") {
      const word = c === "t" ? "true" : c === "f" ? "false" : "null";
      for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return i;
    } else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    }
    expect = "after-value";
  }
}
