/**
 * JSON text exactly as JSON.stringify writes it, for the plain data trace events hold, but with
 * numbers written by String(): V8 caches the text of recent numbers there, while JSON.stringify
 * formats every double afresh (~115 ns each; a step's 16 candidates repeat a few values, so a
 * column of them cost 16 formattings). Anything that is not plain data (a class instance, a typed
 * array, an object with toJSON) and anything nested deeper than MAX_DEPTH is handed to
 * JSON.stringify itself, so its output (and its TypeError for a cycle) is the same.
 */

/** Plain data nests far less than this; past it JSON.stringify takes over (and names a cycle). */
const MAX_DEPTH = 32;

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it. */
export function stringJson(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** A finite number as JSON text, else null (what JSON.stringify writes for NaN and ±Infinity). */
export function numberJson(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

const keys = new Map<string, string>();

/** A field name as JSON followed by a colon (they repeat in every event: quote each once). */
export function keyJson(key: string): string {
  let json = keys.get(key);
  if (json === undefined) {
    json = `${stringJson(key)}:`;
    // Field names come from code and node kinds; a run's keys are few, but data-made keys must not grow the map without end.
    if (keys.size < 4096) keys.set(key, json);
  }
  return json;
}

/** A value as JSON.stringify writes it as an array's item (null where JSON has no value for it). */
export function cellJson(value: unknown): string {
  return fieldJson(value, 0) ?? "null";
}

/** A value as JSON.stringify writes it as an object's field (undefined: the field is left out). */
export function fieldJson(value: unknown, depth = 0): string | undefined {
  switch (typeof value) {
    case "number":
      return numberJson(value);
    case "string":
      return stringJson(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth < MAX_DEPTH) {
        if (Array.isArray(value)) return arrayJson(value, depth + 1);
        const prototype = Object.getPrototypeOf(value) as unknown;
        if ((prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function") {
          return objectJson(value as Record<string, unknown>, depth + 1);
        }
      }
      return JSON.stringify(value);
    case "bigint":
      return JSON.stringify(value); // throws, as JSON.stringify does
    default:
      return undefined;
  }
}

function arrayJson(items: readonly unknown[], depth: number): string {
  if (typeof (items as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(items);
  let out = "[";
  // Arrays of numbers repeat values (a column of 16 candidates); the text of the last one is reused.
  let lastNumber = NaN;
  let lastText = "null";
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let text: string;
    if (typeof item === "number") {
      if (item !== lastNumber) {
        lastNumber = item;
        lastText = numberJson(item);
      }
      text = lastText;
    } else text = fieldJson(item, depth) ?? "null";
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

function objectJson(fields: Record<string, unknown>, depth: number): string {
  let out = "";
  for (const key in fields) {
    // for…in also walks inherited keys; JSON.stringify writes own ones only.
    if (!Object.prototype.hasOwnProperty.call(fields, key)) continue;
    const text = fieldJson(fields[key], depth);
    if (text === undefined) continue;
    out += out === "" ? keyJson(key) + text : `,${keyJson(key)}${text}`;
  }
  return `{${out}}`;
}
