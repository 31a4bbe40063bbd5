import { readFileSync } from "node:fs";
import type { Problem } from "./problem.js";

/** Reads and parses a pipeline file; a JSON syntax error is reported with its line and column. */
export function readPipelineDocument(path: string): { ok: true; doc: unknown } | { ok: false; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, problems: [{ code: "not-json", pointer: "", message: `cannot read the file: ${(error as Error).message}` }] };
  }
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problems: [{ code: "not-json", pointer: "", message: `not valid JSON: ${describeJsonError(text, error as Error)}` }] };
  }
}

/** Node's JSON errors give a character offset; people want a line and a column. */
function describeJsonError(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return error.message;
  const offset = Number(match[1]);
  const before = text.slice(0, offset).split("\n");
  return `${error.message.replace(/ in JSON at position \d+.*/, "")} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
