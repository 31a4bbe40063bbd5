import type { ExpectedOnDisk, FileListing, ModelInfo, OpenedFile, PipelineDocument, SaveConflict, SavedFile } from "./files.js";
import type { KindCatalog } from "./kinds.js";
import type { Problem } from "./problems.js";
import type { RunControlAction, RunEvent, RunOptions, RunSummary } from "./run-events.js";
import type { ForkRequest, LiveRun, LiveRunState, NumberedRunEvent, RunListing, RunNotes, RunRecord, WrittenReport } from "./runs.js";
import type { OpenedSweep, SweepListing } from "./sweeps.js";

/** How a run ended: its folder and summary, the pipeline's problems (it never started), or the host's error. */
export type RunEnded =
  | {
      runId: string;
      outcome: "finished";
      /** Relative to the root. */ runDir: string;
      summary: RunSummary;
      /** The host stopped it because the host itself was stopping (serve's Ctrl+C), not because a Stop was asked for. */
      stoppedByHost?: true;
    }
  | { runId: string; outcome: "invalid"; problems: Problem[] }
  | { runId: string; outcome: "crashed"; message: string };

/** A live run's new state and how many episodes it has ended (the host's count: trace.jsonl holds as many). */
export interface RunStateChange {
  runId: string;
  state: LiveRunState;
  episodesDone: number;
}

/**
 * Why a node must be trusted before a run: it runs user code (a Script), starts a program its params
 * name (an external environment), or sends requests to a server at `url` (an LLM node).
 */
export type TrustReason = { node: string; does: "runs-code" } | { node: string; does: "starts-program" } | { node: string; does: "calls-server"; url: string };

/** What the user is asked to trust before a pipeline runs: the nodes that need it, why, and the pipeline's content hash (sha256 of its stable text). */
export interface TrustInfo {
  /** Every node that needs trust (Scripts, programs, servers); empty: the pipeline runs without asking. */
  scripts: string[];
  /** What each of them does that needs it, so the question can say so. */
  reasons: TrustReason[];
  hash: string;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * Everything the editor asks of its host. `foresight serve` implements it over a WebSocket
 * (ws-transport.ts), the desktop app over its preload bridge. Every path is relative to the
 * host's root folder, with "/" separators; a path outside the root is refused.
 */
export interface Transport {
  /** The node kinds (palette order) with their ports, params schema and defaults, and the port types' colours. */
  describeKinds(): Promise<KindCatalog>;
  /** Pipeline files and models under the root, recent files, and the templates from the project's examples/. */
  listFiles(): Promise<FileListing>;
  readFile(path: string): Promise<OpenedFile>;
  /**
   * Writes `doc` in the stable format `foresight format` writes, atomically (creating missing folders);
   * answers the text written. With `onDisk` it writes only over the file of that hash (or where it
   * was deleted since), or, null, where there is no file: otherwise it answers a SaveConflict and
   * writes nothing.
   */
  saveFile(path: string, doc: PipelineDocument, onDisk?: ExpectedOnDisk): Promise<SavedFile | SaveConflict>;
  /** Every problem `foresight validate` would report; `path` (the file's place, saved or not) resolves model paths. */
  validate(doc: unknown, path?: string): Promise<Problem[]>;
  /** A model's inputs and outputs; `modelPath` as a node's params name it (relative to the pipeline's folder or its `baseDir`). */
  modelInfo(modelPath: string, pipelinePath: string, baseDir?: string): Promise<ModelInfo>;
  /**
   * Runs `doc` as the editor holds it (unsaved changes included) as if it were saved at `path`; run folders go to <root>/runs.
   * Rejects a pipeline with Script nodes unless `options.trustedHash` is its content hash (the message names them and the hash).
   */
  startRun(doc: unknown, path: string, options?: RunOptions): Promise<{ runId: string }>;
  controlRun(runId: string, action: RunControlAction): Promise<void>;
  /** `doc`'s Script nodes and content hash, as the host computes them; editors remember trust per hash (any edit asks again). */
  trustInfo(doc: unknown): Promise<TrustInfo>;
  /** Starts a run of one episode: `request.episode` of an earlier run replayed up to `request.step`, then decided by `request.doc`. Live like startRun. */
  forkRun(request: ForkRequest): Promise<{ runId: string }>;
  /** Run folders under the root's runs/ (those made by `foresight run` there too), newest first. */
  listRuns(): Promise<RunListing[]>;
  /** Every run this host is playing (started by any page or window), oldest first: after a reload the editor re-attaches to them. */
  listLiveRuns(): Promise<LiveRun[]>;
  /**
   * The events of the episodes a live run is playing (the last steps of each), numbered as its pushes
   * number them: trace.jsonl has an episode only once it ends. Empty for a run that ended.
   */
  episodesInProgress(runId: string): Promise<NumberedRunEvent[]>;
  openRun(runDir: string): Promise<RunRecord>;
  /** Sweep folders (`foresight sweep`) under the runs folders, newest first. */
  listSweeps(): Promise<SweepListing[]>;
  /** A sweep's record (one result per setting) and its chart. */
  openSweep(sweepDir: string): Promise<OpenedSweep>;
  /** Writes a finished run's report (summary with intervals, curves, the pipeline, an episode's steps) as report.html in its folder. */
  writeReport(runDir: string): Promise<WrittenReport>;
  /** Names a run and keeps notes on it (notes.json in its folder); an empty title and notes remove them. */
  annotateRun(runDir: string, notes: RunNotes): Promise<null>;
  /** Deletes a finished run's folder, everything in it; a running run is refused (stop it first). */
  deleteRun(runDir: string): Promise<null>;
  /**
   * Every trace event of one episode of a run (episode.start … episode.end, and the node.error that
   * ended it), in order; a running episode gives what is written so far. A run traced at level off
   * gives only episode.start and episode.end.
   */
  readEpisode(runDir: string, episode: number): Promise<RunEvent[]>;
  /**
   * Batches of trace events, in order, for every run of this host (not only this client's).
   * When this client (or the host itself) falls behind, the host leaves out per-step detail
   * (node.start, node.end, step.start, step.end) of all but the last step that ended in the batch
   * (sent whole) and the one in progress, and says how many it left out in `dropped` (0 when none);
   * run and episode events always arrive; trace.jsonl has them all.
   */
  onRunEvents(listener: (runId: string, events: RunEvent[], dropped: number, from?: number) => void): Unsubscribe;
  /** A run paused (the engine stopped between steps), resumed, or is stopping; in order with its events. */
  onRunState(listener: (state: RunStateChange) => void): Unsubscribe;
  onRunEnded(listener: (ended: RunEnded) => void): Unsubscribe;
  /** The connection to the host is gone for good (the host stopped, or refuses this page's token); pending and later calls fail. */
  onClosed(listener: (reason: string) => void): Unsubscribe;
  /** The connection dropped and is being made again, or was made again (the host's runs went on meanwhile). */
  onConnection(listener: (change: ConnectionChange) => void): Unsubscribe;
}

/** A dropped connection's news: calls fail while "reconnecting"; "reconnected" is a fresh connection to the same host. */
export type ConnectionChange = { status: "reconnecting"; reason: string } | { status: "reconnected" };
