import path from "node:path";
import { z } from "zod";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { DatasetCollector } from "./collector.js";
import { parquetThread } from "./parquet-thread.js";
import { RUN_FOLDER, runFolderNameTaken } from "../../runtime/run-folder.js";

export { readDataset } from "./read-dataset.js";
export { DatasetDamage, repairDatasets, type RepairedStream } from "./repair.js";
export { JoinedParquetFile } from "./joined-parquet.js";
export { streamFiles } from "./streams.js";
export type { DatasetRecord, DatasetValue } from "./columns.js";

/** A folder inside the run folder: neither absolute (POSIX or Windows) nor climbing out with "..". */
function staysInRunFolder(folder: string): boolean {
  if (path.posix.isAbsolute(folder) || path.win32.isAbsolute(folder)) return false;
  return !folder.split(/[\\/]/).includes("..");
}

/** The dataset collector's params. */
export const datasetParams = z
  .object({
    transitions: z
      .boolean()
      .default(true)
      .describe("Record every step as (observation, action, reward, next observation, done), for offline RL"),
    preferences: z
      .boolean()
      .default(true)
      .describe("Record a preference pair per step (best kept vs worst candidate), in the prompt/chosen/rejected format of TRL's DPOTrainer"),
    candidates: z
      .boolean()
      .default(false)
      .describe("Record every candidate of every step with all its columns (large)"),
    formats: z
      .array(z.enum(["jsonl", "parquet"]))
      .min(1)
      .default(["jsonl", "parquet"])
      .describe("File formats to write; each stream gets one file per format"),
    scoreColumn: z
      .string()
      .min(1)
      .default("q")
      .describe("Candidate column that ranks candidates for preference pairs (higher is better)"),
    folder: z
      .string()
      .min(1)
      .refine(staysInRunFolder, { error: 'must be a relative path inside the run folder (not absolute, no "..")' })
      .refine((folder) => runFolderNameTaken(folder) === undefined, {
        error: (issue) => `"${runFolderNameTaken(String(issue.input))}" is a name the run folder itself uses; choose another folder, e.g. "dataset"`,
      })
      .default(RUN_FOLDER.dataset)
      .describe("Folder for the dataset files, relative to the run folder"),
  })
  .refine((params) => params.transitions || params.preferences || params.candidates, {
    error: "nothing to record: turn on transitions, preferences or candidates",
  });

/** Records what happened into datasets for training value models and preference-tuned policies. */
export const datasetKind = defineNodeKind({
  kind: "dataset",
  title: "Dataset collector",
  description:
    "Records each completed episode: transitions for offline RL, step-level preference pairs for DPO, and optionally every candidate. " +
    "Writes JSON Lines and Parquet into the run folder; a killed run keeps every finished episode.",
  params: datasetParams,
  inputs: {
    transition: { type: "transition", description: "What the executor did this step", required: true },
    candidates: {
      type: "candidates",
      description: "This step's scored candidates; needed for preference pairs and candidate records",
      required: (params) => params.preferences || params.candidates,
    },
    environment: {
      type: "environment",
      description: "Describes actions in the environment's words; without it, text actions are kept as they are and others written as JSON",
    },
    exchanges: {
      type: "json",
      description: "An LLM policy's exchanges: each preference pair then also holds the chat the policy was sent (messages), to tune that model on the prompt it saw",
    },
  },
  outputs: {},
  // One collector for all lockstep lanes: it keys episodes by index and commits them in episode order.
  sharedAcrossLanes: true,
  columnReferences: (params) => (params.preferences ? [{ path: ["scoreColumn"], columns: [params.scoreColumn] }] : []),
  create(params, setup) {
    // The Parquet thread only where Parquet is written: JSON Lines alone starts no thread.
    const parquet = params.formats.includes("parquet") ? { parquetThread: parquetThread(setup.threads) } : {};
    const collector = new DatasetCollector({ ...params, folder: path.resolve(setup.runDir, params.folder), log: setup.log, ...parquet });
    return {
      beginEpisode: (ctx) => collector.beginEpisode(ctx.episode),
      run(inputs, ctx) {
        collector.recordStep(inputs, { episode: ctx.episode, step: ctx.step });
        return {};
      },
      endEpisode: (outcome) => collector.endEpisode(outcome),
      close: () => collector.close(),
    };
  },
});
