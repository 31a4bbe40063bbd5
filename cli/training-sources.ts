import { closeSync, existsSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { differingWorldParam, worldParams } from "../protocol/world-difference.js";
import { readPipelineDocument } from "../runtime/pipeline/load.js";
import type { NodeRegistry } from "../runtime/registry.js";
import { RUN_FOLDER, runFile } from "../runtime/run-folder.js";
import { EXIT, ExitError } from "./exit.js";

/** A dataset path as the user named it: after the task (`train q runs/a`) or with --data; errors name it the same way. */
export interface DataPath {
  path: string;
  /** Given as `--data <path>`. */
  withFlag: boolean;
}

/** A dataset file to read, and how its errors name it: as typed where it was, else by its own path. */
export interface DatasetFile {
  path: string;
  name: string;
  /** The run folder it lies in, if any: its pipeline copy says what recorded it. */
  runDir: string | undefined;
}

/** What one data path led to: its transitions files, and the run folder they lie in (where its pipeline copy is). */
export interface LocatedData {
  given: DataPath;
  files: DatasetFile[];
  runDir: string | undefined;
}

export const typed = (data: DataPath) => (data.withFlag ? `--data ${data.path}` : data.path);

/**
 * Which records a transitions file holds, as a real path: a dataset folder's .parquet, .jsonl and
 * .parquet.parts are one stream's records in three forms, so a run folder and its own
 * dataset/transitions.jsonl are the same data although the run folder is read from its .parquet.
 */
function recordsOf(file: string): string {
  const real = realpathSync(file);
  return /^transitions\.(jsonl|parquet|parquet\.parts)$/.test(basename(real)) ? join(dirname(real), "transitions") : real;
}

/**
 * Refuses two data paths that lead to the same records (`train q runs/a runs/a`, or `runs/a
 * runs/a/dataset/transitions.jsonl`): each transition would count twice, and the episodes held out
 * for validation would be trained on as their copies.
 */
export function refuseRepeatedData(located: readonly LocatedData[]): void {
  const seen = new Map<string, DataPath>();
  for (const { given, files } of located) {
    for (const file of files) {
      const records = recordsOf(file.path);
      const first = seen.get(records);
      if (first !== undefined && first !== given) {
        throw new ExitError(EXIT.invalid, `${typed(first)} and ${typed(given)} are the same data (${file.path}): it would be trained on twice, and its validation episodes trained on too; name it once`);
      }
      seen.set(records, given);
    }
  }
}

/** A pipeline file's nodes as written (none where it cannot be read): what a run's copy says of its nodes, without validating it. */
export function nodesIn(pipelineFile: string): { kind?: unknown; params?: Record<string, unknown> }[] {
  const read = readPipelineDocument(pipelineFile);
  return read.ok && typeof read.doc === "object" && read.doc !== null && "nodes" in read.doc && Array.isArray(read.doc.nodes) ? (read.doc.nodes as { kind?: unknown; params?: Record<string, unknown> }[]) : [];
}

/** The environment a run recorded its data on, as its pipeline copy has it: the node's params, defaults filled in. */
interface RecordedEnvironment {
  name: string;
  params: Record<string, unknown>;
}

/** What a run folder's pipeline copy says its environment was (undefined where the copy has none that reads). */
function recordedOn(runDir: string, registry: NodeRegistry): RecordedEnvironment | undefined {
  const node = nodesIn(runFile(runDir, "pipeline")).find((n) => typeof n.kind === "string" && registry.get(n.kind)?.role === "environment");
  if (!node) return undefined;
  const parsed = registry.get(node.kind as string)!.params.safeParse(node.params ?? {});
  const params = (parsed.success ? parsed.data : node.params ?? {}) as Record<string, unknown>;
  return { name: typeof params["name"] === "string" ? params["name"] : String(node.kind), params };
}

/** `gridworld (map lava-bridge, size 9)`: an environment as a message names it, by the params that make its world. */
function described({ name, params }: RecordedEnvironment): string {
  const shown = Object.entries(worldParams(params)).filter(([key]) => key !== "name").map(([key, value]) => `${key} ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return shown.length > 0 ? `${name} (${shown.join(", ")})` : name;
}

/**
 * Refuses runs whose pipeline copies say they were recorded on different environments, or on one
 * with different params (another map; not a process's timeout, which changes no world): the model
 * would be described by the first run's, and the others' observations read as if they were its.
 * Checked only without --pipeline: with it the user has said which environment the data is read as,
 * which also serves two environments of one world (built-in cartpole and Gymnasium's CartPole-v1).
 */
export function refuseMixedEnvironments(located: readonly LocatedData[], registry: NodeRegistry): void {
  const runs = located.flatMap(({ given, runDir }) => {
    const environment = runDir === undefined ? undefined : recordedOn(runDir, registry);
    return environment ? [{ given, environment }] : [];
  });
  const [first, ...others] = runs;
  const other = others.find(({ environment }) => differingWorldParam(environment.params, first!.environment.params) !== undefined);
  if (!first || !other) return;
  const what = `${typed(first.given)} was recorded on ${described(first.environment)}, ${typed(other.given)} on ${described(other.environment)} (as their pipeline copies say)`;
  throw new ExitError(
    EXIT.invalid,
    first.environment.name === other.environment.name
      ? `${what}: one model is trained for one environment; train on each apart, or pass --pipeline <file> to read both as that file's`
      : `${what}: one model is trained for one environment; train on each apart, or, where both record one world's observations (built-in cartpole and Gymnasium's CartPole-v1), pass --pipeline <file> to read both as that file's`,
  );
}

/**
 * For an error in a file's records: the environment its run was recorded on, where that is not the
 * one it is read as (--pipeline named another): "(recorded on pendulum (g 10), as runs/a's pipeline copy says; read as gridworld's)".
 */
export function recordedNote(file: DatasetFile, readAs: string, registry: NodeRegistry): string {
  const environment = file.runDir === undefined ? undefined : recordedOn(file.runDir, registry);
  if (!environment || environment.name === readAs) return "";
  return ` (recorded on ${described(environment)}, as ${file.runDir}'s pipeline copy says; read as ${readAs}'s)`;
}

/** Whether a transitions file holds no record: a JSONL file of nothing but white space (a Parquet file says so only when read). */
function emptyJsonl(file: string): boolean {
  if (!file.endsWith(".jsonl")) return false;
  const size = statSync(file).size;
  // Longer than a line of white space a writer might leave: it holds a record, or a damage the reader names.
  if (size > 4096) return false;
  const bytes = Buffer.alloc(size);
  const fd = openSync(file, "r");
  try {
    readSync(fd, bytes, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  return bytes.toString("utf8").trim() === "";
}

/**
 * Refuses a data path whose every transitions file is empty, before asking which environment
 * recorded it: "pass --pipeline" is no help with no data.
 */
export function refuseEmptyData(located: readonly LocatedData[]): void {
  const empty = located.find(({ files }) => files.every((file) => emptyJsonl(file.path)));
  if (!empty) return;
  const files = empty.files.map((file) => file.path).join(", ");
  const named = typed(empty.given);
  throw new ExitError(EXIT.invalid, `${named === files ? named : `${named} (${files})`}: the dataset is empty (no transitions were written to it)`);
}

/**
 * Why no environment can be told, where data lies in what was a run folder (it has the run's trace
 * or summary) that lost its pipeline copy: undefined where none does.
 */
export function withoutCopy(located: readonly LocatedData[]): string | undefined {
  for (const { given } of located) {
    for (let at = given.path, level = 0; level < 5; at = dirname(at), level++) {
      if ([RUN_FOLDER.trace, RUN_FOLDER.summary].some((name) => existsSync(join(at, name)))) {
        return `${at}: a run folder without its pipeline copy (${RUN_FOLDER.pipeline}), so which environment recorded its data is unknown: pass --pipeline <file>, the pipeline it was run from`;
      }
    }
  }
  return undefined;
}

/**
 * Bytes a second the readers get through, roughly (a 2026 laptop core; text parses faster per byte
 * than compressed Parquet decodes), to tell a read that keeps the user waiting from one that does not.
 */
const READ_BYTES_PER_SECOND = { jsonl: 25e6, parquet: 8e6 };
/** Longer than this, a read is said before it starts. */
const SLOW_READ_SECONDS = 2;

function bytesOf(path: string): number {
  const stats = statSync(path);
  return stats.isDirectory() ? readdirSync(path).reduce((n, name) => n + statSync(join(path, name)).size, 0) : stats.size;
}

/**
 * What to say before a read that will take a while: reading holds the thread (nothing could be said
 * while it goes), so it is told from the files' sizes. Undefined for a quick one.
 */
export function slowReadNote(files: readonly DatasetFile[]): string | undefined {
  let bytes = 0;
  let seconds = 0;
  for (const file of files) {
    const size = bytesOf(file.path);
    bytes += size;
    seconds += size / (file.path.endsWith(".jsonl") ? READ_BYTES_PER_SECOND.jsonl : READ_BYTES_PER_SECOND.parquet);
  }
  if (seconds <= SLOW_READ_SECONDS) return undefined;
  return `reading ${Math.round(bytes / 1e6).toLocaleString("en-US")} MB of recorded transitions (${files.length === 1 ? "1 file" : `${files.length} files`}), some seconds…`;
}
