import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readDataset, streamFiles } from "../nodes/dataset/index.js";
import { jsonlBeside, readJsonLinesAsWritten, type JsonLinesRead } from "../nodes/dataset/read-dataset.js";
import type { Environment, JsonValue } from "../runtime/environment.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { runGoingOn } from "../runtime/run-owner.js";
import { isRunFolder, RUN_FOLDER, runFile, writerFolders } from "../runtime/run-folder.js";
import type { NodeRegistry } from "../runtime/registry.js";
import { labelledCandidatePairs } from "../training/tasks/candidate-pairs.js";
import type { LabelledPairs } from "../training/tasks/train-q-continuous.js";
import { RecordError, transitionArrays, type TransitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";
import { checkTransitionRecords } from "../training/tasks/record-checks.js";
import { groupCount } from "../training/validation-split.js";
import { failureText } from "../protocol/shown-values.js";
import type { RunSummary } from "../protocol/run-events.js";
import { EXIT, ExitError } from "./exit.js";
import { loadPipelineOrExit } from "./load-pipeline.js";
import { nodesIn, recordedNote, refuseEmptyData, refuseMixedEnvironments, refuseRepeatedData, slowReadNote, withoutCopy, typed, type DataPath, type DatasetFile, type LocatedData } from "./training-sources.js";

export type { DataPath } from "./training-sources.js";

/**
 * Where a run's Dataset collectors wrote, inside the run's (or each shard's) folder: their `folder`
 * params as the run's pipeline copy has them (`dataset` where a file leaves it out).
 */
function datasetFolders(runDir: string): string[] {
  const folders = nodesIn(runFile(runDir, "pipeline"))
    .filter((node) => node.kind === "dataset")
    .map((node) => (typeof node.params?.["folder"] === "string" ? node.params["folder"] : RUN_FOLDER.dataset));
  return folders.length > 0 ? [...new Set(folders)] : [RUN_FOLDER.dataset];
}

/** A stream's file in a dataset folder, if any, in order of preference. */
function streamIn(datasetFolder: string, stream: string): string | undefined {
  const files = streamFiles(datasetFolder, stream);
  return [files.parquet, files.jsonl, files.parts].find((f) => existsSync(f));
}

/** The candidates file beside a transitions file (`dataset/transitions.jsonl` → `dataset/candidates.*`). */
function candidatesBeside(transitionsFile: string): string {
  const folder = dirname(transitionsFile);
  const file = streamIn(folder, "candidates");
  if (!file) {
    const looked = Object.values(streamFiles(folder, "candidates")).map((path) => basename(path)).join(", ");
    throw new ExitError(EXIT.invalid, `no candidates file in ${folder}/ (looked for ${looked}, beside ${basename(transitionsFile)}): --target mc needs the dataset collector's candidates (its candidates: true, after a Monte-Carlo Q node for the mc_q column)`);
  }
  return file;
}

/** A dataset path's transition files and the run folder it belongs to (where its pipeline copy is). */
function locate(given: DataPath): LocatedData {
  const data = given.path;
  if (!existsSync(data)) throw new ExitError(EXIT.invalid, `${typed(given)}: no such file or folder`);
  const stats = statSync(data);
  if (stats.isDirectory() && !data.endsWith(".parquet.parts")) {
    // A dataset folder (`dataset`, a collector's own `folder`, a shard's), or a run folder: then every
    // collector's folder, in each shard of a parallel run.
    const runDir = runFolderAround(data);
    let paths = transitionFilesIn(data, runDir === data);
    // A run folder that lost its pipeline copy, or a shard's: its dataset/ (in each shard) still holds the records.
    if (paths.length === 0 && runDir !== data) paths = transitionFilesIn(data, true);
    if (paths.length === 0) {
      const why = runDir === data ? noTransitionsWhy(data) : "not a run folder or a dataset folder (no transitions.parquet or .jsonl in it, nor in a dataset/ folder in it)";
      throw new ExitError(EXIT.invalid, `${typed(given)}: ${why}`);
    }
    return { given, files: paths.map((path) => ({ path, name: path, runDir })), runDir };
  }
  // Besides a run folder: a transitions file, or the Parquet parts folder a killed run leaves.
  const dataset = stats.isFile() ? data.endsWith(".jsonl") || data.endsWith(".parquet") : stats.isDirectory() && data.endsWith(".parquet.parts");
  if (!dataset) {
    throw new ExitError(EXIT.invalid, `${typed(given)}: not a run folder, a transitions .jsonl or .parquet file, or a .parquet.parts folder`);
  }
  const runDir = runFolderAround(data);
  return { given, files: [{ path: data, name: typed(given), runDir }], runDir };
}

/** Why a run folder holds no transitions: no episode completed (a failed or stopped one's records are not written), or no collector recorded them. */
function noTransitionsWhy(runDir: string): string {
  const summary = readSummary(runDir);
  if (summary && summary.episodes === 0 && summary.episodesFailed > 0) {
    const first = summary.error ? `; the first: ${failureText(summary.error)}` : "";
    return `the run recorded no transitions: every episode failed (${summary.episodesFailed} of ${summary.episodesFailed}${first}), and a failed episode's records are not written`;
  }
  if (summary && summary.episodes === 0) return `the run recorded no transitions: it ${summary.status === "stopped" ? "was stopped" : "ended"} before any episode completed`;
  return `the run recorded no transitions (none in ${datasetFolders(runDir).map((folder) => `${folder}/`).join(", ")}: had its Dataset collector "transitions" off?)`;
}

/** A run folder's summary.json, if it has one that reads. */
function readSummary(runDir: string): RunSummary | undefined {
  try {
    return JSON.parse(readFileSync(runFile(runDir, "summary"), "utf8")) as RunSummary;
  } catch {
    return undefined;
  }
}

/** The transitions file of a dataset folder, or of every collector's folder in each shard of a run folder. */
function transitionFilesIn(folder: string, isRun: boolean): string[] {
  const direct = streamIn(folder, "transitions");
  if (direct) return [direct];
  if (!isRun) return [];
  const datasets = datasetFolders(folder);
  return writerFolders(folder).flatMap((writer) => datasets.flatMap((dataset) => streamIn(join(writer, dataset), "transitions") ?? []));
}

/** The run folder `path` is, or lies in (a dataset folder, a shard's, a collector's own `folder` a few levels down). */
function runFolderAround(path: string): string | undefined {
  for (let at = path, level = 0; level < 5; at = dirname(at), level++) if (isRunFolder(at)) return at;
  return undefined;
}

/**
 * One transitions file's records, checked to be what the collector writes; a damaged file (a bad
 * JSONL line, a truncated Parquet file, a field missing or out of place) is exit 2 naming it.
 * A torn end (a killed run's, or one still writing) is said in a note: its episode is left out.
 */
async function readTransitions(file: DatasetFile, say: (line: string) => void): Promise<TransitionRecord[]> {
  const read = await readRecords(file, say);
  const going = file.runDir !== undefined && runGoingOn(file.runDir) !== undefined;
  if (read.torn && read.records.length === 0 && !going) {
    throw new ExitError(EXIT.invalid, `${file.name}: holds only a cut-off line (a run killed mid-write before its first episode was written): no transitions to train on`);
  }
  const cut = read.torn?.episode === undefined ? "" : `: episode ${read.torn.episode} left out`;
  if (going) say(`${file.name}: a snapshot of a run in progress (${file.runDir} is still running): training on the episodes it has finished so far${read.torn ? `; its last line is still being written${cut}` : ""}`);
  else if (read.torn) say(`${file.name}: its last line is cut off (a run killed mid-write)${cut}`);
  try {
    checkTransitionRecords(read.records, read.placeOf);
  } catch (error) {
    const message = (error as Error).message;
    // "file, line 3: …", as the JSONL reader names a line that is no JSON.
    throw new ExitError(EXIT.invalid, `${file.name}${/^(line|record) \d/.test(message) ? "," : ":"} ${message}`);
  }
  return read.records;
}

/** A dataset file's records as written (no column filled in), how to name each one's place, and a torn end. */
interface RecordsRead {
  records: TransitionRecord[];
  placeOf: (index: number) => string;
  torn?: JsonLinesRead["torn"];
}

/**
 * A dataset file's records. A Parquet file that cannot be read (a kill or a full disk mid-write) is
 * read from the JSON Lines file beside it, which the collector writes the same records to, with a
 * note saying so.
 */
async function readRecords(file: DatasetFile, say: (line: string) => void): Promise<RecordsRead> {
  const jsonl = file.path.endsWith(".jsonl") ? file.path : jsonlBeside(file.path);
  if (jsonl !== undefined && existsSync(jsonl)) return readJsonLinesOf(file, jsonl);
  try {
    return { records: (await readDataset(file.path)) as TransitionRecord[], placeOf: (index) => `record ${index + 1}` };
  } catch (error) {
    const message = firstLine(error);
    // A reader that names the file and the place itself (an INT64 record) is trusted with it; hyparquet names neither.
    if (message.startsWith(file.path)) throw new ExitError(EXIT.invalid, `${file.name}${message.slice(file.path.length)}`);
    const beside = file.path.endsWith(".parquet") ? `${file.path.slice(0, -".parquet".length)}.jsonl` : undefined;
    const repair = `foresight dataset repair ${file.runDir ?? "<run>"}`;
    if (beside === undefined || !existsSync(beside)) throw new ExitError(EXIT.invalid, `${file.name}: cannot be read as a dataset (${message}); \`${repair}\` writes it again from what the run left`);
    say(`${file.name}: cannot be read (${message}): reading ${beside} beside it, which holds the same records; \`${repair}\` writes the Parquet file again`);
    return readJsonLinesOf(file, beside);
  }
}

function readJsonLinesOf(file: DatasetFile, jsonl: string): RecordsRead {
  try {
    const read = readJsonLinesAsWritten(jsonl);
    return { records: read.records as TransitionRecord[], placeOf: (index) => `line ${read.lines[index]!}`, ...(read.torn ? { torn: read.torn } : {}) };
  } catch (error) {
    const message = firstLine(error);
    // The JSONL reader names the file and line itself: as given where it is the file given, else its own path.
    if (jsonl === file.path && message.startsWith(jsonl)) throw new ExitError(EXIT.invalid, `${file.name}${message.slice(jsonl.length)}`);
    throw new ExitError(EXIT.invalid, message.startsWith(jsonl) ? message : `${file.name}: cannot be read as a dataset (${message})`);
  }
}

const firstLine = (error: unknown) => (error as Error).message.split("\n")[0]!;

/** Which pipeline recorded the data (--pipeline; absent: the run folder's copy), and the kinds it may use (`--kinds`). */
export interface RecordedBy {
  pipeline: string | undefined;
  registry: NodeRegistry;
}

/**
 * The environment the data was recorded in: from --pipeline, or the run folder's pipeline copy —
 * described from what the run recorded it declaring (`runDir`'s environment.json) where there is
 * such a record, so a remote server need not be up to train.
 */
export function environmentOf(pipelineFile: string, registry: NodeRegistry, runDir?: string): Environment {
  const declared = runDir === undefined ? undefined : declaredIn(runDir);
  let validated;
  try {
    validated = loadPipelineOrExit(pipelineFile, [], registry, declared);
  } catch (error) {
    // A run folder from before environment.json was recorded: its environment must be reachable to be described.
    if (error instanceof ExitError && runDir !== undefined && declared === undefined && runsElsewhere(pipelineFile)) {
      throw new ExitError(error.code, `${error.message}; ${runDir} does not record what its environment declared (no ${RUN_FOLDER.environment}: run before it was recorded), so training asks the environment itself: make it reachable again (start its server), or pass --pipeline <file> naming one that is`);
    }
    throw error;
  }
  const node = validated.nodes.find((n) => n.kind.role === "environment")!;
  const environment = node.kind.describeEnvironment?.(node.params, { pipelineDir: pipelineDirOf(pipelineFile, validated.pipeline), ...(declared !== undefined ? { declared } : {}) });
  if (!environment) throw new ExitError(EXIT.invalid, `${pipelineFile}: its ${node.kind.title} node cannot describe its environment for training`);
  return environment;
}

/** Whether a pipeline file's environment lives outside Foresight (a server or a process): describing it means reaching it. */
function runsElsewhere(pipelineFile: string): boolean {
  const name = nodesIn(pipelineFile).find((n) => n.kind === "environment")?.params?.["name"];
  return name === "remote" || name === "process" || name === "gymnasium";
}

/** What a run recorded its environment declaring (runs from before it was recorded, and built-in worlds, have none). */
function declaredIn(runDir: string): JsonValue | undefined {
  const file = runFile(runDir, "environment");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as JsonValue;
  } catch (error) {
    throw new ExitError(EXIT.invalid, `${file}: cannot be read (${(error as Error).message})`);
  }
}

/**
 * The data files, the environment that recorded them (from --pipeline, or the run folder's copy)
 * and the observation encoding to train on: the one asked for, else the environment's first.
 */
function locateWithEnvironment(
  dataPaths: readonly DataPath[],
  { pipeline, registry }: RecordedBy,
  encoding: string | undefined,
  refuseUnfit: (environment: Environment) => void,
): { files: DatasetFile[]; environment: Environment; encoding: string } {
  const located = dataPaths.map(locate);
  refuseRepeatedData(located);
  refuseEmptyData(located);
  if (pipeline === undefined) refuseMixedEnvironments(located, registry);
  const runDir = located.find((l) => l.runDir)?.runDir;
  const pipelineFile = pipeline ?? (runDir && runFile(runDir, "pipeline"));
  if (!pipelineFile) throw new ExitError(EXIT.invalid, withoutCopy(located) ?? "cannot tell which environment recorded the data: pass --pipeline <file>");
  // --pipeline names an environment of the user's choosing: it is described as it is now.
  const environment = environmentOf(pipelineFile, registry, pipeline === undefined ? runDir : undefined);
  // Before any data is read: a flag that does not fit the environment is known now, not after reading 200 MB.
  refuseUnfit(environment);
  const first = Object.keys(environment.encodings)[0];
  if (encoding === undefined && first === undefined) throw new ExitError(EXIT.invalid, `"${environment.name}" offers no observation encoding to train on`);
  if (encoding !== undefined && !Object.hasOwn(environment.encodings, encoding)) {
    throw new ExitError(EXIT.invalid, `--encoding ${encoding}: "${environment.name}" has no such observation encoding; its encodings: ${Object.keys(environment.encodings).join(", ")}`);
  }
  return { files: located.flatMap((l) => l.files), environment, encoding: encoding ?? first! };
}

function sayIfSlow(files: readonly DatasetFile[], say: (line: string) => void): void {
  const note = slowReadNote(files);
  if (note !== undefined) say(note);
}

/** Every record of the files, in order, and which file each came from. */
async function readAll(files: readonly DatasetFile[], say: (line: string) => void): Promise<{ records: TransitionRecord[]; datasetOf: number[] }> {
  const records: TransitionRecord[] = [];
  const datasetOf: number[] = [];
  // One push per record: spreading a large dataset into push() overflows the call stack.
  for (const [index, file] of files.entries()) {
    for (const record of await readTransitions(file, say)) {
      records.push(record);
      datasetOf.push(index);
    }
  }
  return { records, datasetOf };
}

/**
 * Reads one or more transition datasets, encoded as the environment that recorded them encodes
 * observations (`requested`, else its first encoding) and text actions (`actionEncoding`).
 */
export async function loadTransitions(
  dataPaths: readonly DataPath[],
  recordedBy: RecordedBy,
  requested: string | undefined,
  actionEncoding?: string,
  /** Told a line to show before a read that takes seconds. */
  say: (line: string) => void = () => {},
  /** Throws where the task or a flag does not fit the environment; called before any data is read. */
  refuseUnfit: (environment: Environment) => void = () => {},
): Promise<{ data: TransitionArrays; environment: Environment; encoding: string }> {
  const { files, environment, encoding } = locateWithEnvironment(dataPaths, recordedBy, requested, refuseUnfit);
  sayIfSlow(files, say);
  const { records, datasetOf } = await readAll(files, say);
  try {
    return { data: transitionArrays(records, environment, encoding, actionEncoding, datasetOf), environment, encoding };
  } catch (error) {
    if (error instanceof RecordError) {
      const file = files[datasetOf[error.index]!]!;
      throw new ExitError(EXIT.invalid, `${file.name}, ${error.message}${recordedNote(file, environment.name, recordedBy.registry)}`);
    }
    throw new ExitError(EXIT.invalid, `${dataPaths.map(typed).join(", ")}: ${(error as Error).message}`);
  }
}

/**
 * Reads the recorded candidates labelled in `column` (Monte-Carlo Q values) beside each transitions
 * file, as (state, action) pairs; the transitions give each step's observation.
 */
export async function loadLabelledCandidates(
  dataPaths: readonly DataPath[],
  recordedBy: RecordedBy,
  requested: string | undefined,
  actionEncoding: string,
  column: string,
  say: (line: string) => void = () => {},
  refuseUnfit: (environment: Environment) => void = () => {},
): Promise<{ pairs: LabelledPairs; environment: Environment; encoding: string }> {
  const { files, environment, encoding } = locateWithEnvironment(dataPaths, recordedBy, requested, refuseUnfit);
  sayIfSlow(files, say);
  const pairs: LabelledPairs[] = [];
  // File by file: (episode, step) names a step only within one run's (or shard's) dataset.
  for (const file of files) {
    const candidates = candidatesBeside(file.path);
    const [transitions, labelled] = [await readTransitions(file, say), (await readRecords({ path: candidates, name: candidates, runDir: file.runDir }, say)).records];
    try {
      pairs.push(labelledCandidatePairs(labelled, transitions, environment, encoding, actionEncoding, column));
    } catch (error) {
      throw new ExitError(EXIT.invalid, `${candidates}: ${(error as Error).message}${recordedNote(file, environment.name, recordedBy.registry)}`);
    }
  }
  return { pairs: concatPairs(pairs), environment, encoding };
}

function concatPairs(parts: readonly LabelledPairs[]): LabelledPairs {
  if (parts.length === 1) return parts[0]!;
  // Each part numbers its episodes from 0: a part's follow on from the one before it.
  let episodesBefore = 0;
  const episodes = parts.map((part) => {
    const shifted = part.episodes.map((episode) => episode + episodesBefore);
    episodesBefore += groupCount(part.episodes);
    return shifted;
  });
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    layout: parts[0]!.layout,
    states: concatenated(parts.map((p) => p.states), Float32Array),
    actions: concatenated(parts.map((p) => p.actions), Float32Array),
    targets: concatenated(parts.map((p) => p.targets), Float32Array),
    episodes: concatenated(episodes, Int32Array),
  };
}

function concatenated<T extends Float32Array | Int32Array>(arrays: readonly T[], Type: new (length: number) => T): T {
  const out = new Type(arrays.reduce((n, array) => n + array.length, 0));
  arrays.reduce((offset, array) => (out.set(array, offset), offset + array.length), 0);
  return out;
}
