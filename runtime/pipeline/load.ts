import { errnoInWords, readRegularFile } from "../regular-file.js";
import { documentShapeProblem } from "./document-shape.js";
import { duplicateKeys } from "./duplicate-keys.js";
import type { TextPlace } from "./json-places.js";
import { parseJsonText } from "./json-text.js";
import type { Problem } from "./problem.js";

/** Pipeline files are text of a few megabytes at most (10,000 nodes is about 3 MB). */
const MAX_PIPELINE_BYTES = 64 * 2 ** 20;

/** A pipeline file's text: only a regular file of up to 64 MB is read (a device or a named pipe is refused by name). */
export function readPipelineText(path: string): string {
  return readRegularFile(path, { bytes: MAX_PIPELINE_BYTES, hint: "pipeline files" }).toString("utf8");
}

/** Why a file could not be read, in words: Node's "ENOENT: no such file or directory, stat '…'" repeats the path the caller names. */
function readFailure(error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return "there is no such file";
  return errnoInWords(error) ?? (error as Error).message;
}

/** A pipeline file read and parsed, or why not: a syntax error's or a key's problem comes with its place in the text (`places`, one for each problem). */
export type PipelineDocument = { ok: true; doc: unknown; text: string } | { ok: false; problems: Problem[]; places?: TextPlace[] };

/** Reads and parses a pipeline file (a regular file of up to 64 MB); a JSON syntax error or a key written twice in one object is reported with its line and column. */
export function readPipelineDocument(path: string): PipelineDocument {
  let text: string;
  try {
    text = readPipelineText(path);
  } catch (error) {
    return { ok: false, problems: [{ code: "not-json", pointer: "", message: `cannot read the file: ${readFailure(error)}` }] };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, problems: [{ code: "not-json", pointer: "", message: `not valid JSON: ${parsed.message}` }], places: [parsed] };
  // Refused rather than read as JSON.parse reads them (the last wins): a file must say what runs, and `format` would drop the first.
  const duplicates = duplicateKeys(text.replace(/^\uFEFF/, ""));
  if (duplicates.length > 0) {
    return {
      ok: false,
      problems: duplicates.map(({ key, pointer, line, column, firstLine }) => ({ code: "duplicate-key", pointer, message: `duplicate key ${JSON.stringify(key)} at line ${line}, column ${column} (first at line ${firstLine})` })),
      places: duplicates,
    };
  }
  // Checked here too (validation checks it again), since overrides copy the document before validation reads it.
  const shapeProblem = documentShapeProblem(parsed.value);
  if (shapeProblem) return { ok: false, problems: [shapeProblem] };
  return { ok: true, doc: parsed.value, text };
}
