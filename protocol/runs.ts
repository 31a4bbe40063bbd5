import type { PipelineDocument } from "./files.js";
import type { KeptNotes } from "./node-notes.js";
import type { EpisodeResult, ForkOrigin, ModelUse, NodeFailure, RunEvent, RunOptions, RunStatus, RunSummary, TraceLevel } from "./run-events.js";

/** One run folder as the runs list shows it (newest first). */
export interface RunListing {
  /** Relative to the root, e.g. "runs/gridworld-vgps-2026-11-25T13-40-02". */
  runDir: string;
  pipeline: string;
  /** The pipeline file the run was started from, as clients name files (absent for runs that did not record it). */
  path?: string;
  /**
   * The world it ran in: its Environment node's params (keys sorted) as JSON, so runs in one world
   * can be told apart from others (a dashboard's baseline); absent without a single Environment node.
   */
  world?: string;
  /** Its pipeline is a policy acting alone (protocol/pipeline-world.ts): a baseline; absent where its pipeline copy is unreadable. */
  policyAlone?: boolean;
  startedAt: string;
  /**
   * A run of this host still going: its live state ("running", "paused", …). Without a summary and not
   * this host's: "running elsewhere" while the process its running.json names plays it (`player`), else "killed".
   */
  status: RunStatus | LiveRunState | "running elsewhere" | "killed";
  /** For a run "running elsewhere": the process playing it. */
  player?: RunPlayer;
  /** Episodes finished (from the summary, or counted from the trace). */
  episodes: number;
  episodesRequested: number;
  successRate: number | null;
  /**
   * Episodes that ended in a node error, and the run's error (a failed run: the first episode's when every
   * episode failed); where only some failed, the first node error its trace holds, once the host read that far.
   */
  episodesFailed?: number;
  error?: NodeFailure;
  traceLevel: TraceLevel;
  /**
   * A finished run's trace.jsonl size in bytes and the steps its summary counts, so a client can
   * estimate what the next run at this level will write (absent while running, or with no summary).
   */
  traceBytes?: number;
  steps?: number;
  fork?: ForkOrigin;
  /** The `--set` overrides a finished run was started with (its summary's), when any. */
  set?: string[];
  /** The name and notes the user gave the run (notes.json), when any. */
  notes?: RunNotes;
}

/** The process playing a run, from its folder's running.json; `elsewhere`: on another machine (a shared disk), so not checked from here. */
export interface RunPlayer {
  pid: number;
  host: string;
  elsewhere: boolean;
}

/** What a user wrote about a run: a name to tell it by, and free text (hypotheses, what changed). */
export interface RunNotes {
  title: string;
  notes: string;
}

/** Where a run the host is playing stands: "pausing" until the engine has stopped between steps, "stopping" until it wrote its summary. */
export type LiveRunState = "running" | "pausing" | "paused" | "stopping";
const LIVE_STATES: ReadonlySet<string> = new Set<LiveRunState>(["running", "pausing", "paused", "stopping"]);

/** Whether a listed run is one the host is still playing (so it has no summary yet and cannot be changed). */
export const isLive = (status: RunListing["status"]): status is LiveRunState => LIVE_STATES.has(status);

/** The status of a run folder without a summary that this host is not playing: played by the process `player` names (running.json), or killed. */
export function unfinishedStatus(player: RunPlayer | undefined): Pick<RunListing, "status" | "player"> {
  return player ? { status: "running elsewhere", player: { pid: player.pid, host: player.host, elsewhere: player.elsewhere } } : { status: "killed" };
}

/** A listed run's status in words; one without a summary names the process playing it, or says it was killed. */
export function statusInWords(run: Pick<RunListing, "status" | "player">): string {
  if (run.status === "killed") return "killed (no summary)";
  if (run.status === "running elsewhere" && run.player) return `running in process ${run.player.pid}${run.player.elsewhere ? ` on ${run.player.host}` : ""}`;
  return run.status;
}

/**
 * An event of a live run with its place among all the run's events the host published (counted
 * from 0; a run.events push's `from` is its first event's): a page merging what it asked for with
 * what arrives live takes each event once.
 */
export interface NumberedRunEvent {
  index: number;
  event: RunEvent;
}

/** A run the host started and is still playing, whichever page or window started it. */
export interface LiveRun {
  /** The protocol's run id (controlRun takes it). */
  runId: string;
  /** Its folder as the host names it; null until the engine created it. */
  runDir: string | null;
  /** The pipeline's name, and the file it was run as (as the client named it). */
  pipeline: string;
  path: string;
  state: LiveRunState;
  /** Episodes ended so far (every episode.end the engine emitted), of those asked for. */
  episodesDone: number;
  episodesRequested: number;
  fork?: ForkOrigin;
}

/** A run folder opened for inspection: enough to draw its dashboard; steps are read per episode. */
export interface RunRecord {
  runDir: string;
  /** The trace's first event. */
  start: Extract<RunEvent, { type: "run.start" }>;
  /** null while running or when the run was killed. */
  summary: RunSummary | null;
  /** The pipeline as run (the folder's pipeline.foresight.json). */
  pipeline: PipelineDocument;
  /** Every finished episode, in order. */
  episodes: EpisodeResult[];
  models: ModelUse[];
  /** What its nodes noted (node.log), the first NODE_NOTES_KEPT of them. */
  notes: KeptNotes;
  /** The run's first node error (its summary's, else its trace's: a run whose episodes failed only in part). */
  firstError?: NodeFailure;
  fork?: ForkOrigin;
}

/** Re-run the rest of an episode of an earlier run, from one of its steps, with the pipeline as the editor has it now. */
export interface ForkRequest {
  /** The earlier run's folder, relative to the root. */
  runDir: string;
  episode: number;
  step: number;
  /** The pipeline to continue with (unsaved changes included) and where it lives, as for startRun. */
  doc: PipelineDocument;
  path: string;
  options?: Pick<RunOptions, "trustedHash" | "traceLevel">;
}

/** A run's report, written as report.html in its run folder (`foresight report`): where, and the page itself. */
export interface WrittenReport {
  /** The file, as the host names paths to this client. */
  path: string;
  /** The self-contained HTML page, so a browser on another machine can open or download it. */
  html: string;
  /** What the report left out and why (damaged trace lines), as the host names paths; empty when nothing. */
  warnings: string[];
}
