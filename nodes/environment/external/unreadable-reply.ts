import { outsideJsonStrings } from "../../../runtime/outside-json-strings.js";

/** Why a line the process answered with cannot be read as JSON, said so the user knows where to look. */

/**
 * Most lines that do not look like a reply are a print: a script's own before it calls serve() (which
 * sends later prints to stderr), or a program that is not foresight_env's. Said where the line is
 * quoted, since the line alone reads as Foresight's fault.
 */
const STDOUT_HINT = " (stdout carries only the protocol's replies: print anything else to stderr, as foresight_env's serve() does once it runs)";

/** Python's json.dumps writes these for float("nan") and float("inf") unless told allow_nan=False. */
const NOT_JSON_NUMBER = /^-?(NaN|Infinity)/;

/** Characters quoted on each side of where parsing failed. */
const AROUND = 40;

/** The error's text after "answered … with ": what is wrong with `line`, and where. */
export function notJson(line: string, parseError: Error): string {
  if (!looksLikeReply(line)) return `a line that is not JSON: ${quoted(line)}${STDOUT_HINT}`;
  const nonFinite = nonFiniteAt(line);
  if (nonFinite) {
    return `a reply that is not valid JSON: ${nonFinite.token} at character ${nonFinite.at + 1} (${around(line, nonFinite.at)}); JSON has no NaN or Infinity (Python's json.dumps writes them unless given allow_nan=False): send a finite number, or null where the protocol allows it`;
  }
  return `a reply that is not valid JSON: ${parseError.message}`;
}

/** Starts as a JSON object or list and names an id or ok: a reply gone wrong, not a stray print. */
function looksLikeReply(line: string): boolean {
  return /^\s*[[{]/.test(line) && /"(id|ok)"\s*:/.test(line);
}

/** The first NaN or ±Infinity outside a string, and its offset. */
function nonFiniteAt(line: string): { token: string; at: number } | undefined {
  for (const i of outsideJsonStrings(line)) {
    const c = line[i];
    if (c === "N" || c === "I" || c === "-") {
      const token = NOT_JSON_NUMBER.exec(line.slice(i, i + 9))?.[0];
      if (token) return { token, at: i };
    }
  }
  return undefined;
}

function around(line: string, at: number): string {
  const start = Math.max(0, at - AROUND);
  const end = Math.min(line.length, at + AROUND);
  return `${start > 0 ? "..." : ""}${line.slice(start, end)}${end < line.length ? "..." : ""}`;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text);
}
