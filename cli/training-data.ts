import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { readDataset } from "../nodes/dataset/index.js";
import type { Environment } from "../runtime/environment.js";
import { pipelineDirOf } from "../runtime/pipeline/schema.js";
import { isRunFolder, runFile, writerFolders } from "../runtime/run-folder.js";
import { transitionArrays, type TransitionArrays, type TransitionRecord } from "../training/tasks/transitions.js";
import { EXIT, ExitError } from "./exit.js";
import { loadPipelineOrExit } from "./load-pipeline.js";

/** The transitions file of a run folder, in order of preference (a killed run leaves only parts). */
const TRANSITION_FILES = ["dataset/transitions.parquet", "dataset/transitions.jsonl", "dataset/transitions.parquet.parts"];

/** The transitions file of a (shard's) folder, if any. */
function transitionsIn(folder: string): string | undefined {
  return TRANSITION_FILES.map((f) => join(folder, f)).find((f) => existsSync(f));
}

/** A dataset path's transition files and the run folder it belongs to (where its pipeline copy is). */
function locate(data: string): { files: string[]; runDir: string | undefined } {
  if (!existsSync(data)) throw new ExitError(EXIT.invalid, `--data ${data}: no such file or folder`);
  if (statSync(data).isDirectory() && !data.endsWith(".parquet.parts")) {
    // A run folder, or the dataset folder inside one.
    const runDir = isRunFolder(data) ? data : dirname(data);
    // A parallel run keeps one dataset per shard.
    const files = writerFolders(runDir).flatMap((folder) => transitionsIn(folder) ?? []);
    if (files.length === 0) throw new ExitError(EXIT.invalid, `--data ${data}: not a run folder or its dataset folder (no dataset/transitions.parquet or .jsonl found)`);
    return { files, runDir: isRunFolder(runDir) ? runDir : undefined };
  }
  // dataset/transitions.x sits two levels below the run folder.
  const runDir = [dirname(data), dirname(dirname(data))].find(isRunFolder);
  return { files: [data], runDir };
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
  for (const file of located.flatMap((l) => l.files)) records.push(...(await readDataset(file)));
  try {
    return { data: transitionArrays(records, environment, encoding), environment };
  } catch (error) {
    throw new ExitError(EXIT.invalid, `${dataPaths.join(", ")}: ${(error as Error).message}`);
  }
}
