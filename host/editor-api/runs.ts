import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { HostKinds } from "../node-kinds.js";
import { prestartRunWorker, startWorkerRun, type WorkerRun } from "../worker-run.js";
import type { LiveRun, LiveRunState, NumberedRunEvent, Push, RunControlAction, RunOptions } from "../../protocol/index.js";
import type { ForkReplay } from "../../runtime/engine/replay.js";
import { pipelineDirOf } from "../../runtime/pipeline/schema.js";
import { validatePipeline, type ValidatedPipeline } from "../../runtime/pipeline/validate.js";
import { EpisodesInProgress } from "./episodes-in-progress.js";
import { nodesToTrust, trustHash } from "./trust-info.js";

/**
 * How long `stopAll` waits for a stopped run to close its files before ending its thread: a host
 * told to stop (SIGTERM, quitting the app) exits within 2 s. An ended thread loses at most the
 * episode in progress; every line written before stays readable (the trace is append-only).
 */
const STOP_GRACE_MS = 1_500;
/**
 * Runs one host plays at once. Each is a thread with its own engine and model sessions (tens of
 * megabytes or more); past this the host refuses rather than exhaust memory or cores.
 */
export const MAX_CONCURRENT_RUNS = 8;

/**
 * The runs a server started, each in its own worker thread (host/worker-run.ts) so the engine
 * and its ONNX sessions never block the server's event loop. Everything a run reports goes to
 * `publish` (the server sends it to every client). One thread stands by for the next run, started
 * with the host and again as each run ends: a Run button answers at once, not after its thread
 * has loaded its modules (~0.5 s).
 */
export class HostRuns {
  private readonly active = new Map<string, WorkerRun>();
  /** What each active run's events told so far, for listLiveRuns (any page may ask, not only the one that started it). */
  private readonly live = new Map<string, LiveRun>();
  /** The folder of each active run, once its run.start arrived (the event names the folder). */
  private readonly folders = new Map<string, string>();
  /** Each active run's episodes in progress, for a page that re-attaches mid-episode (episodesInProgress). */
  private readonly inProgress = new Map<string, EpisodesInProgress>();
  /** Content hashes of pipelines a client started with the user's trust (in memory: a restarted host asks again). */
  private readonly trusted = new Set<string>();
  /** Set by stopAll: the runs that end from now on were stopped by the host stopping, which their run.ended says. */
  private stoppingAll = false;

  constructor(
    private readonly options: {
      /** Folder that receives run folders: one for every run, or one per pipeline file (the desktop app: beside the file). */
      outDir: string | ((pipelineFile: string) => string);
      /** A run folder's or pipeline file's path as clients see it (relative to the root). */
      clientPath: (absolute: string) => string;
      publish: (push: Push) => void;
      /** The kinds runs may use; the worker loads the same modules. */
      kinds: HostKinds;
    },
  ) {
    prestartRunWorker();
  }

  /**
   * Validates `doc` here (structured problems for the editor), then runs it in a worker. An invalid
   * pipeline still gets a run id: its problems arrive as run.ended, like every other ending. One with
   * Script nodes or a program to start is refused (an error, no run id) unless the user trusted it. `fork` reads what a fork
   * replays, once the pipeline validated; what it throws (a step that cannot be restored) is the error.
   */
  start(doc: unknown, pipelineFile: string, options: RunOptions, fork?: (validated: ValidatedPipeline) => ForkReplay): { runId: string } {
    const runId = randomUUID();
    const { publish } = this.options;
    const { episodes, seed, traceLevel } = options;
    if (this.active.size >= MAX_CONCURRENT_RUNS) {
      throw new Error(`${this.active.size} runs are going, the most this host plays at once (${MAX_CONCURRENT_RUNS}); stop one or wait for one to end`);
    }
    // Before validating: describing an external environment for validation already starts its program.
    this.checkTrust(doc, options.trustedHash);
    const checked = validatePipeline(doc, this.options.kinds.registry, { pipelineDir: pipelineDirOf(pipelineFile, doc) });
    if (!checked.ok) {
      // After the reply that carries the run id, so the client knows the id first.
      setImmediate(() => publish({ push: "run.ended", runId, outcome: "invalid", problems: checked.problems }));
      return { runId };
    }
    const replay = fork?.(checked.value);
    const outDir = typeof this.options.outDir === "string" ? this.options.outDir : this.options.outDir(pipelineFile);
    const { modules } = this.options.kinds;
    const overrides = { episodes, seed, trace: traceLevel };
    const request = { doc, pipelineFile, outDir, overrides, ...(replay ? { fork: replay } : {}), ...(modules.length > 0 ? { kindModules: modules } : {}) };
    const live: LiveRun = {
      runId,
      runDir: null,
      pipeline: "",
      path: this.options.clientPath(pipelineFile),
      state: "running",
      episodesDone: 0,
      episodesRequested: episodes ?? 0,
    };
    const inProgress = new EpisodesInProgress();
    const run = startWorkerRun(
      request,
      (events, dropped) => {
        for (const event of events) {
          if (event.type === "episode.end") live.episodesDone++;
          else if (event.type === "run.start") {
            const dir = join(outDir, event.runId);
            this.folders.set(runId, dir);
            Object.assign(live, { runDir: this.options.clientPath(dir), pipeline: event.pipeline, episodesRequested: event.episodes }, event.fork ? { fork: event.fork } : {});
          }
        }
        publish({ push: "run.events", runId, events, dropped, from: inProgress.add(events) });
      },
      // After the events before it: a client that reads "paused" has every episode.end the engine emitted.
      () => live.state !== "stopping" && this.setState(live, "paused"),
    );
    this.active.set(runId, run);
    this.live.set(runId, live);
    this.inProgress.set(runId, inProgress);
    run.done
      .then((outcome) => {
        if (outcome.ok) {
          const stoppedByHost = this.stoppingAll ? { stoppedByHost: true as const } : {};
          publish({ push: "run.ended", runId, outcome: "finished", runDir: this.options.clientPath(outcome.runDir), summary: outcome.summary, ...stoppedByHost });
        }
        // The worker validates again; it can only disagree if a model file changed in between.
        else publish({ push: "run.ended", runId, outcome: "invalid", problems: outcome.problems.map((message) => ({ code: "bad-format", pointer: "", message })) });
      })
      .catch((error: unknown) => publish({ push: "run.ended", runId, outcome: "crashed", message: (error as Error).message }))
      .finally(() => {
        this.active.delete(runId);
        this.live.delete(runId);
        this.inProgress.delete(runId);
        this.folders.delete(runId);
        prestartRunWorker();
      });
    return { runId };
  }

  /** Whether a run of this host started with this content hash trusted (validation may then start its programs). */
  isTrusted(hash: string): boolean {
    return this.trusted.has(hash);
  }

  /**
   * Refuses a pipeline with Script nodes or nodes that start a program unless the client sent the
   * hash the user trusted and it is the one this host computes for `doc`: trust is for one content,
   * so a hash trusted for other content does not carry over.
   */
  private checkTrust(doc: unknown, trustedHash: string | undefined): void {
    const { scripts, processes, servers } = nodesToTrust(doc, this.options.kinds.registry);
    if (scripts.length + processes.length + servers.length === 0) return;
    const what = [
      ...(scripts.length > 0 ? [`Script nodes (${scripts.join(", ")})`] : []),
      ...(processes.length > 0 ? [`nodes that start a program (${processes.join(", ")})`] : []),
      ...(servers.length > 0 ? [`nodes that call a server (${servers.map((s) => `${s.id}: ${s.url}`).join(", ")})`] : []),
    ].join(" and ");
    const hash = trustHash(doc, this.options.kinds.registry);
    if (trustedHash === undefined) {
      throw new Error(`the pipeline contains ${what} and is not trusted; ask the user to read and trust them (content hash ${hash}), then start the run with trustedHash: "${hash}"`);
    }
    if (trustedHash !== hash) {
      throw new Error(`the pipeline contains ${what} and was trusted as content ${trustedHash}, but what was sent hashes to ${hash}; ask the user to read and trust this content`);
    }
    this.trusted.add(hash);
  }

  /** The run of this server still writing the run folder `dir`, if one is. */
  runningIn(dir: string): LiveRun | undefined {
    for (const [runId, folder] of this.folders) if (folder === dir) return this.live.get(runId);
    return undefined;
  }

  /** Every run this host is playing, oldest first, with what its events told so far. */
  list(): LiveRun[] {
    return [...this.live.values()].map((run) => ({ ...run }));
  }

  /** What a run going on has published of its episodes in progress (none for a run that ended). */
  episodesInProgress(runId: string): NumberedRunEvent[] {
    return this.inProgress.get(runId)?.events() ?? [];
  }

  /** Pause and step report "paused" only once the engine has settled between steps (the worker says so). */
  control(runId: string, action: RunControlAction): void {
    const run = this.active.get(runId);
    const live = this.live.get(runId);
    if (!run || !live) throw new Error(`no run "${runId}" is going on (it has ended, or was never started)`);
    if (live.state === "stopping" && action !== "stop") throw new Error(`run "${runId}" is stopping; it can no longer ${action}`);
    run[action]();
    const next: Record<RunControlAction, LiveRunState> = { pause: "pausing", step: "pausing", resume: "running", stop: "stopping" };
    if (!(action === "pause" && live.state === "paused")) this.setState(live, next[action]);
  }

  private setState(live: LiveRun, state: LiveRunState): void {
    live.state = state;
    this.options.publish({ push: "run.state", runId: live.runId, state, episodesDone: live.episodesDone });
  }

  /** Stops every run, waits a while for each to write its summary, then ends the threads of those still going. */
  async stopAll(): Promise<void> {
    this.stoppingAll = true;
    const runs = [...this.active.values()];
    for (const run of runs) run.stop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
    await Promise.race([Promise.allSettled(runs.map((run) => run.done)), grace]);
    clearTimeout(timer);
    await Promise.all(runs.map((run) => run.leave()));
    await Promise.allSettled(runs.map((run) => run.done));
  }
}
