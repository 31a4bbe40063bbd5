import { createHash } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ExpectedOnDisk, OpenedFile, PipelineDocument, SaveConflict, SavedFile, Template } from "../../protocol/index.js";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { formatPipeline } from "../../runtime/pipeline/format.js";
import { pipelineDirOf } from "../../runtime/pipeline/schema.js";
import { readPipelineDocument, readPipelineText } from "../../runtime/pipeline/load.js";
import { migrate } from "../../runtime/pipeline/migrate.js";

/** The ending every pipeline file name has. */
export const PIPELINE_SUFFIX = ".foresight.json";

/** A pipeline file's document and text; `shownPath` names it in errors. Throws when it is not a readable pipeline. */
export function readPipelineFile(file: string, shownPath: string): OpenedFile {
  const read = readPipelineDocument(file);
  if (!read.ok) throw new Error(`${shownPath}: ${read.problems.map((p) => p.message).join("; ")}`);
  if (!isObject(read.doc)) throw new Error(`${shownPath}: a pipeline file must hold a JSON object`);
  // The text parsed, not a second read: a hash of a later version would let a save replace a file the editor never showed.
  return { path: file, doc: currentVersion(read.doc), text: read.text, hash: contentHash(read.text) };
}

/** What a client names a file's content by (OpenedFile, SavedFile, ExpectedOnDisk). */
function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The document as this build's editor edits and saves it: an older file migrated (it is saved in
 * the current version); one this build cannot migrate as it is, for validation to report.
 */
function currentVersion(doc: Record<string, unknown>): Record<string, unknown> {
  const migrated = migrate(doc);
  return migrated.ok ? migrated.doc : doc;
}

/** The largest pipeline file the editor saves: real pipelines are a few kilobytes, long Scripts included. */
export const MAX_SAVED_BYTES = 4 * 1024 * 1024;

/** Writes `doc` to `file` in the stable format, atomically, creating missing folders; answers the text written and its hash. */
export function savePipelineFile(file: string, doc: PipelineDocument): Omit<SavedFile, "path"> {
  const text = formatPipeline(doc);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_SAVED_BYTES) throw new Error(`the pipeline is ${bytes} bytes formatted, more than the ${MAX_SAVED_BYTES} the editor saves; nothing was written`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, text);
  return { text, hash: contentHash(text) };
}

/**
 * Why a save expecting `onDisk` must not replace `file`, or null when it may: the file is not the
 * one the client read or last saved (a file deleted since may be written again, as editors do), or
 * is there when the client expected none. (Another writer between this check and the write is not
 * caught: the window is a few milliseconds, and the write itself is atomic.)
 */
export function saveConflict(file: string, onDisk: ExpectedOnDisk): SaveConflict["conflict"] | null {
  let text: string;
  try {
    // Bounded, and a regular file only (a named pipe there would block the host).
    text = readPipelineText(file);
  } catch {
    return null; // No file there (or none this host can read, which the write then reports).
  }
  if (onDisk === null) return "exists";
  return contentHash(text) === onDisk ? null : "changed";
}

/** The shipped examples as templates, read afresh each time (a handful of small files). */
export function readTemplates(examplesDir: string): Template[] {
  let names: string[];
  try {
    names = readdirSync(examplesDir).sort().filter((name) => name.endsWith(PIPELINE_SUFFIX));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const read = readPipelineDocument(join(examplesDir, name));
    if (!read.ok || !isObject(read.doc)) return [];
    const description = typeof read.doc["description"] === "string" ? read.doc["description"] : "";
    // A template opens untitled and may be saved anywhere: keep its relative paths (models) pointing beside it.
    const doc = { ...currentVersion(read.doc), baseDir: pipelineDirOf(join(examplesDir, name), read.doc) };
    return [{ name: basename(name, PIPELINE_SUFFIX), description, doc }];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
