/**
 * JSON text of the scalars and fields a trace line is put together from (event-json.ts), exactly as
 * JSON.stringify writes them, with numbers written by String(): V8 caches the text of recent numbers
 * there, while JSON.stringify formats every double afresh (~115 ns each), and a step's candidates
 * repeat a few values. Objects and arrays go to JSON.stringify itself.
 */

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
  return fieldJson(value) ?? "null";
}

/** A value as JSON.stringify writes it as an object's field (undefined: the field is left out). */
export function fieldJson(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return numberJson(value);
    case "string":
      return stringJson(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
    case "bigint": // throws, as JSON.stringify does
      return JSON.stringify(value);
    default:
      return undefined;
  }
}
