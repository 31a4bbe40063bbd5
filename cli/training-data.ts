import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { readDataset, streamFiles } from "../nodes/dataset/index.js";
import type { Environment } from "../runtime/environment.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { isRunFolder, RUN_FOLDER, runFile, writerFolders } from "../runtime/run-folder.js";
import { transitionArrays, type TransitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";
import { EXIT, ExitError } from "./exit.js";
import { loadPipelineOrExit } from "./load-pipeline.js";

/** The transitions file of a (shard's) folder, if any, in order of preference (a killed run leaves only parts). */
function transitionsIn(folder: string): string | undefined {
  const files = streamFiles(join(folder, RUN_FOLDER.dataset), "transitions");
  return [files.parquet, files.jsonl, files.parts].find((f) => existsSync(f));
}

/** A dataset path's transition files and the run folder it belongs to (where its pipeline copy is). */
function locate(data: string): { files: string[]; runDir: string | undefined } {
  if (!existsSync(data)) throw new ExitError(EXIT.invalid, `--data ${data}: no such file or folder`);
  const stats = statSync(data);
  if (stats.isDirectory() && !data.endsWith(".parquet.parts")) {
    // A run folder, or the dataset folder inside one.
    const runDir = isRunFolder(data) ? data : dirname(data);
    // A parallel run keeps one dataset per shard.
    const files = writerFolders(runDir).flatMap((folder) => transitionsIn(folder) ?? []);
    if (files.length === 0) throw new ExitError(EXIT.invalid, `--data ${data}: not a run folder or its dataset folder (no dataset/transitions.parquet or .jsonl found)`);
    return { files, runDir: isRunFolder(runDir) ? runDir : undefined };
  }
  // Besides a run folder: a transitions file, or the Parquet parts folder a killed run leaves.
  const dataset = stats.isFile() ? data.endsWith(".jsonl") || data.endsWith(".parquet") : stats.isDirectory() && data.endsWith(".parquet.parts");
  if (!dataset) {
    throw new ExitError(EXIT.invalid, `--data ${data}: not a run folder, a transitions .jsonl or .parquet file, or a .parquet.parts folder`);
  }
  // dataset/transitions.x sits two levels below the run folder.
  const runDir = [dirname(data), dirname(dirname(data))].find(isRunFolder);
  return { files: [data], runDir };
}

/** One dataset file's records; a damaged file (a bad JSONL line, a truncated Parquet file) is exit 2 naming it. */
async function readTransitions(file: string): Promise<TransitionRecord[]> {
  let records;
  try {
    records = await readDataset(file);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0]!;
    // The JSONL reader names the file and line itself; hyparquet names neither.
    throw new ExitError(EXIT.invalid, `--data ${message.startsWith(file) ? message : `${file}: cannot be read as a dataset (${message})`}`);
  }
  return records as TransitionRecord[];
}

/** The environment the data was recorded in: from --pipeline, or the run folder's pipeline copy. */
export function environmentOf(pipelineFile: string): Environment {
  const validated = loadPipelineOrExit(pipelineFile);
  const node = validated.nodes.find((n) => n.kind.role === "environment")!;
  const environment = node.kind.describeEnvironment?.(node.params, { pipelineDir: pipelineDirOf(pipelineFile, validated.pipeline) });
  if (!environment) throw new ExitError(EXIT.invalid, `${pipelineFile}: its ${node.kind.title} node cannot describe its environment for training`);
  return environment;
}

/** Reads one or more transition datasets, encoded with `encoding` of the environment they were recorded in. */
export async function loadTransitions(
  dataPaths: readonly string[],
  pipeline: string | undefined,
  encoding: string,
): Promise<{ data: TransitionArrays; environment: Environment }> {
  const located = dataPaths.map(locate);
  const pipelineFile = pipeline ?? located.map((l) => l.runDir && runFile(l.runDir, "pipeline")).find(Boolean);
  if (!pipelineFile) throw new ExitError(EXIT.invalid, "cannot tell which environment recorded the data: pass --pipeline <file>");
  const environment = environmentOf(pipelineFile);
  const records: TransitionRecord[] = [];
  // One push per record: spreading a large dataset into push() overflows the call stack.
  for (const file of located.flatMap((l) => l.files)) for (const record of await readTransitions(file)) records.push(record);
  try {
    return { data: transitionArrays(records, environment, encoding), environment };
  } catch (error) {
    throw new ExitError(EXIT.invalid, `${dataPaths.join(", ")}: ${(error as Error).message}`);
  }
}
