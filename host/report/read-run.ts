import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { unplacedNodePosition } from "../../protocol/canvas-items.js";
import type { EpisodeResult, NodeFailure, RunEvent, RunSummary } from "../../protocol/run-events.js";
import { discreteActionName, NO_ACTION, shownAction } from "../../protocol/shown-values.js";
import { unfinishedStatus, type RunListing } from "../../protocol/runs.js";
import { runFile } from "../../runtime/run-folder.js";
import { runGoingOn } from "../../runtime/run-owner.js";
import { summariseRun } from "../../runtime/summary.js";
import { TraceIndex } from "../../runtime/trace/trace-index.js";
import type { WorkersFile } from "../queue/played-by.js";
import { isSweepFolder, SWEEP_FOLDER } from "../sweep/sweep-folder.js";

/** A node as the pipeline copy in a run folder draws it. */
export interface DrawnNode {
  id: string;
  kind: string;
  title?: string;
  position: { x: number; y: number };
}

/** What a report shows of one run folder. */
export interface RunRecord {
  name: string;
  summary: RunSummary;
  /** Finished episodes, in episode order. */
  episodes: EpisodeResult[];
  startedAt: string | undefined;
  nodes: DrawnNode[];
  edges: { from: string; to: string }[];
  /** The environment node's params as the pipeline copy has them ({} without one): what world the run acted in. */
  environment: Record<string, unknown>;
  index: TraceIndex;
  /** A queued run's workers.json: who played which batch. */
  workers?: WorkersFile;
  /**
   * Set when the run has no summary.json: its status ("killed", or "running elsewhere" with the process
   * playing it), and `summary` is made from the episodes its trace holds.
   */
  unfinished?: Pick<RunListing, "status" | "player">;
}

/** Why `runDir` is no run folder: it is not there, it is a sweep's folder (a sweep's runs are inside it), or it lacks the pipeline copy. */
function notARunFolder(runDir: string): string {
  if (!existsSync(runDir)) return `${runDir} is not a run folder: there is no such folder`;
  if (isSweepFolder(runDir)) {
    return `${runDir} is a sweep folder, not a run folder: report one of the runs inside it (${join(runDir, "<run>")}); its table and chart are ${SWEEP_FOLDER.markdown} and ${SWEEP_FOLDER.chart}`;
  }
  return `${runDir} is not a run folder: it has no ${basename(runFile(runDir, "pipeline"))}`;
}

/** Reads a run folder's summary, episodes and pipeline copy; throws naming the folder and what is missing. */
export function readRun(runDir: string): RunRecord {
  const name = basename(runDir);
  const summaryFile = runFile(runDir, "summary");
  if (!existsSync(runFile(runDir, "pipeline"))) throw new Error(notARunFolder(runDir));
  const index = new TraceIndex(runFile(runDir, "trace"), name).update();
  const unfinished = existsSync(summaryFile) ? undefined : unfinishedStatus(runGoingOn(runDir));
  const summary = unfinished ? summaryFromTrace(index, name) : readSummary(summaryFile);
  const pipeline = JSON.parse(readFileSync(runFile(runDir, "pipeline"), "utf8")) as {
    nodes?: (Omit<DrawnNode, "position"> & Partial<DrawnNode> & { params?: Record<string, unknown> })[];
    edges?: { from: string; to: string }[];
  };
  const nodes = (pipeline.nodes ?? []).map((node, i) => ({ ...node, position: node.position ?? unplacedNodePosition(i) }));
  const episodes = [...index.episodes].sort((a, b) => a.episode - b.episode);
  const environment = pipeline.nodes?.find((node) => node.kind === "environment")?.params ?? {};
  const workers = existsSync(runFile(runDir, "workers")) ? (JSON.parse(readFileSync(runFile(runDir, "workers"), "utf8")) as WorkersFile) : undefined;
  return { name, summary, episodes, startedAt: index.start?.startedAt, nodes, edges: pipeline.edges ?? [], environment, index, ...(workers ? { workers } : {}), ...(unfinished ? { unfinished } : {}) };
}

/** A finished run's summary.json; throws naming the file when it is not JSON (cut short, or edited by hand). */
function readSummary(file: string): RunSummary {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RunSummary;
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}); the run's trace.jsonl still holds its episodes: move summary.json aside to report them as a killed run's`, { cause: error });
  }
}

/** A killed run's figures and --set, as its summary would have had them, from its trace's run.start and the episodes it holds (its time is not known). */
function summaryFromTrace(index: TraceIndex, name: string): RunSummary {
  const start = index.start;
  if (!start) throw new Error(`run ${name} has no summary.json, and its trace.jsonl no run.start line: nothing to report yet`);
  const result = { status: "stopped" as const, models: [...index.models], episodes: [...index.episodes], nodeTimes: [], wallMs: 0 };
  const summary = summariseRun(result, { pipeline: start.pipeline, runId: name, seed: start.seed, traceLevel: start.traceLevel, episodesRequested: start.episodes });
  // Its --set too, which run.start records: the report's --set row is no less honest for a killed run.
  return start.set && start.set.length > 0 ? { ...summary, set: start.set } : summary;
}

/** One step of an episode as the report's table shows it. */
export interface StepRow {
  step: number;
  action: string;
  reward: number;
  done: boolean;
  rule: string;
  candidates: number | undefined;
  kept: number | undefined;
  /** The chosen candidate's numeric columns (its scores). */
  scores: Record<string, number>;
}

/** The steps of `episode` from the trace (none when the trace level was `off`). */
export function episodeSteps(run: RunRecord, episode: number): StepRow[] {
  const events = run.index.readEpisode(episode);
  const labels = events.find((event): event is Extract<RunEvent, { type: "episode.start" }> => event.type === "episode.start")?.actionLabels;
  const ends = events.filter((event): event is Extract<RunEvent, { type: "step.end" }> => event.type === "step.end");
  return ends.map((end) => {
    const chosen = end.decision && end.candidates ? end.candidates[end.decision.index] : undefined;
    const scores = Object.fromEntries(Object.entries(chosen ?? {}).filter((entry): entry is [string, number] => entry[0] !== "action" && typeof entry[1] === "number"));
    return {
      step: end.step,
      action: end.action === null ? NO_ACTION : shownAction(end.action, discreteActionName(end.action, labels)),
      reward: end.reward,
      done: end.done,
      rule: end.decision?.rule ?? (end.replayed ? "replayed from the run it was forked from" : ""),
      candidates: end.candidates?.length,
      kept: end.candidates?.filter((row) => row["filtered"] !== true).length,
      scores,
    };
  });
}

/** What ended `episode` when a node error did (its node, step and message), from the trace: one that ended the run with it too. */
export function episodeFailure(run: RunRecord, episode: number): NodeFailure | undefined {
  return run.index.readEpisode(episode).find((event): event is Extract<RunEvent, { type: "node.error" }> => event.type === "node.error");
}
