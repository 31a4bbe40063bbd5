import { closeSync, constants, existsSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { successTrials, unfinishedStatus, type LiveRun, type NodeFailure, type PipelineDocument, type RunEvent, type RunListing, type RunNotes, type RunRecord, type RunSummary } from "../../protocol/index.js";
import { readRegularFile } from "../../runtime/regular-file.js";
import { isPolicyAlone, pipelineWorld } from "../../protocol/pipeline-world.js";
import { isRunFolder, RUN_FOLDER, runFile, writeRunNotes } from "../../runtime/run-folder.js";
import { runGoingOn } from "../../runtime/run-owner.js";
import { TraceIndex } from "../../runtime/trace/trace-index.js";
import { isSweepFolder } from "../sweep/sweep-folder.js";

/**
 * Where a host keeps run folders and how its clients name them: `foresight serve` has one runs
 * folder under its root and names paths relative to the root; the desktop app has a runs folder
 * beside each pipeline the user opened and names them by absolute path.
 */
export interface RunPlaces {
  /** The folders that hold run folders (missing ones are skipped). */
  runsDirs(): string[];
  /** A run folder as a client names it → its absolute path; throws when the client may not read it. */
  resolve(runDir: string): string;
  /** An absolute path → as clients name it. */
  clientPath(path: string): string;
}

/** The folders inside each of `runsDirs` (a missing one has none yet), as absolute paths. */
export function foldersIn(runsDirs: readonly string[]): string[] {
  return [...new Set(runsDirs)].flatMap((runsDir) => {
    try {
      return readdirSync(runsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(runsDir, entry.name));
    } catch {
      return [];
    }
  });
}

/** Trace indexes kept at once (each is small: a few numbers per episode). */
const MAX_INDEXES = 64;
/** Trace bytes indexed between two turns of the event loop (some tens of milliseconds of work). */
const INDEX_SLICE_BYTES = 4 << 20;
/** A run.start line is a few hundred bytes; this is plenty. */
const FIRST_LINE_BYTES = 64 * 1024;
/** summary.json and the pipeline copy are kilobytes; a pipeline file is at most 64 MB. */
const MAX_JSON_BYTES = 64 * 2 ** 20;

/**
 * The run folders under the root, read for the runs list and the trace view: listings from
 * summary.json (or, for a running or killed run, from its trace), records, and one episode's events
 * at a time through a per-run index that grows with the trace instead of re-reading it.
 */
export class RunFolders {
  /** By trace path; re-inserted on use, so the first entry is the least recently used. */
  private readonly indexes = new Map<string, TraceIndex>();
  /** Folders already reported as unreadable (by path and modification time), so each is logged once. */
  private readonly reported = new Set<string>();

  constructor(
    readonly places: RunPlaces,
    /** The run of this server still writing the folder, if one is (its counts come from the host, not the trace). */
    private readonly runningIn: (runDir: string) => Pick<LiveRun, "state" | "episodesDone" | "episodesRequested"> | undefined,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  /**
   * Every run folder under the runs folder, newest first. A folder whose files cannot be read is left
   * out and its reason logged once (the list is for picking a run; `openRun` names the problem).
   */
  list(): RunListing[] {
    const listings: RunListing[] = [];
    for (const dir of foldersIn(this.places.runsDirs())) {
      if (isSweepFolder(dir)) continue; // Listed by listSweeps.
      // Some other folder (neither a pipeline copy nor a trace): no run, and nothing to say about it.
      if (!isRunFolder(dir) && !existsSync(runFile(dir, "trace"))) continue;
      try {
        listings.push(withNotes(sortable(this.listing(dir)), dir));
      } catch (error) {
        this.reportOnce(dir, (error as Error).message);
      }
    }
    return listings.sort((a, b) => (a.startedAt === b.startedAt ? b.runDir.localeCompare(a.runDir) : b.startedAt.localeCompare(a.startedAt)));
  }

  /** A run folder (relative to the root) opened for the trace view. */
  async open(runDir: string): Promise<RunRecord> {
    const dir = this.resolveRun(runDir);
    const trace = await this.indexed(dir);
    const start = this.startOf(trace);
    const summary = readJson<RunSummary>(runFile(dir, "summary"), runDir);
    const pipeline = readJson<PipelineDocument>(runFile(dir, "pipeline"), runDir);
    if (!pipeline) throw new Error(`run ${runDir} has no ${RUN_FOLDER.pipeline}: it is not a complete run folder`);
    return {
      runDir: this.places.clientPath(dir),
      start,
      summary: summary ?? null,
      pipeline,
      episodes: [...trace.episodes],
      models: [...trace.models],
      notes: trace.notes,
      ...firstError(summary?.error ?? trace.firstError),
      ...(start.fork ? { fork: start.fork } : {}),
    };
  }

  /** Writes the run's name and notes (notes.json, atomically); both empty removes them. */
  annotate(runDir: string, notes: RunNotes): void {
    writeRunNotes(this.finishedRun(runDir, "annotated"), notes);
  }

  /** Deletes a finished run's folder. Only a run folder directly in a runs folder, never one still running. */
  delete(runDir: string): void {
    const dir = this.finishedRun(runDir, "deleted");
    this.indexes.delete(runFile(dir, "trace"));
    rmSync(dir, { recursive: true });
  }

  /** A run folder a client may change: in one of the runs folders, a run's (its pipeline copy), and not running. */
  private finishedRun(runDir: string, change: string): string {
    const dir = this.resolveRun(runDir);
    if (!this.places.runsDirs().some((runsDir) => resolve(dirname(dir)) === resolve(runsDir)) || !isRunFolder(dir)) {
      throw new Error(`${runDir} is not a run folder in a runs folder; only those can be ${change}`);
    }
    if (this.runningIn(dir)) throw new Error(`run ${runDir} is still running; stop it before it can be ${change}`);
    const player = runGoingOn(dir);
    if (player) {
      const where = player.elsewhere ? `on ${player.host}, which cannot be checked from here (if it is gone, remove the run's ${RUN_FOLDER.running})` : "on this machine";
      throw new Error(`run ${runDir} is still running in process ${player.pid} ${where}; stop it before it can be ${change}`);
    }
    return dir;
  }

  /** A run folder's absolute path as clients name it. */
  clientPath(dir: string): string {
    return this.places.clientPath(dir);
  }

  /** Every event of one episode of a run, read through the run's index. */
  async readEpisode(runDir: string, episode: number): Promise<RunEvent[]> {
    return (await this.indexed(this.resolveRun(runDir))).readEpisode(episode);
  }

  /**
   * The run's trace index, brought up to date a slice at a time: the first look at a large trace
   * (gigabytes take seconds) leaves the event loop free between slices, so other clients are answered.
   * Up to the size the file had at the first slice: a live run's trace can grow faster than slices
   * between turns read it (~65 MB a second at `full`), and chasing it would never answer.
   */
  async indexed(dir: string): Promise<TraceIndex> {
    const index = this.trace(dir).update(INDEX_SLICE_BYTES);
    const { size } = index.progress;
    while (index.pending && index.progress.scanned < size) {
      await new Promise((resolve) => setImmediate(resolve));
      index.update(INDEX_SLICE_BYTES);
    }
    return index;
  }

  /** The run's trace index (made on first use, then kept and extended). */
  trace(dir: string): TraceIndex {
    const path = runFile(dir, "trace");
    let index = this.indexes.get(path);
    if (index) this.indexes.delete(path);
    else index = new TraceIndex(path, this.places.clientPath(dir));
    this.indexes.set(path, index);
    if (this.indexes.size > MAX_INDEXES) this.indexes.delete(this.indexes.keys().next().value!);
    return index;
  }

  /** The absolute folder of a run as a client names it; refuses paths the client may not read and names that are not folders. */
  resolveRun(runDir: string): string {
    const dir = this.places.resolve(runDir);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isDir) throw new Error(`run ${runDir}: no such run folder`);
    return dir;
  }

  private listing(dir: string): RunListing {
    const runDir = this.places.clientPath(dir);
    const summary = readJson<RunSummary>(runFile(dir, "summary"), runDir);
    const running = this.runningIn(dir);
    if (running) {
      // Counted by the host: reading a trace that grows by megabytes a second would hold the list back until the run ends.
      const start = firstEvent(runFile(dir, "trace"), runDir);
      if (start?.type !== "run.start") throw new Error(`run ${runDir}: trace.jsonl has no run.start line yet`);
      return {
        runDir,
        pipeline: start.pipeline,
        ...this.sourceOf(start),
        ...worldOf(dir),
        startedAt: start.startedAt,
        status: running.state,
        episodes: running.episodesDone,
        episodesRequested: running.episodesRequested,
        successRate: null,
        traceLevel: start.traceLevel,
        ...forkAndSet(start),
      };
    }
    if (summary) {
      const start = firstEvent(runFile(dir, "trace"), runDir);
      return {
        runDir,
        pipeline: summary.pipeline,
        ...this.sourceOf(start),
        ...worldOf(dir),
        startedAt: start?.type === "run.start" ? start.startedAt : statSync(dir).mtime.toISOString(),
        status: summary.status,
        episodes: summary.episodes,
        episodesRequested: summary.episodesRequested,
        successRate: summary.successRate.value,
        ...(summary.episodesFailed > 0 ? { episodesFailed: summary.episodesFailed } : {}),
        ...this.errorOf(dir, summary),
        traceLevel: summary.traceLevel,
        ...traceSize(dir, summary),
        ...forkAndSet(summary),
      };
    }
    // Played by another process (its running.json), or killed before its summary: count what the trace has.
    const trace = this.trace(dir).update();
    const start = this.startOf(trace);
    const finished = trace.episodes.filter((e) => e.status === "completed");
    const { successes, trials } = successTrials(finished);
    return {
      runDir,
      pipeline: start.pipeline,
      ...this.sourceOf(start),
      ...worldOf(dir),
      startedAt: start.startedAt,
      ...unfinishedStatus(runGoingOn(dir)),
      episodes: finished.length,
      episodesRequested: start.episodes,
      successRate: trials > 0 ? successes / trials : null,
      traceLevel: start.traceLevel,
      ...forkAndSet(start),
    };
  }

  /**
   * A finished run's error for its row: its summary's, or where only some episodes failed (the summary
   * names none) the first node error in its trace, read a bounded slice per listing so a large trace
   * does not hold the list back (the next listing reads on).
   */
  private errorOf(dir: string, summary: RunSummary): Pick<RunListing, "error"> {
    if (summary.error) return { error: summary.error };
    if (!(summary.episodesFailed > 0)) return {};
    try {
      const trace = this.trace(dir);
      if (!trace.firstError) trace.update(INDEX_SLICE_BYTES);
      return trace.firstError ? { error: trace.firstError } : {};
    } catch {
      // A trace that cannot be read: the row keeps its count of failed episodes.
      return {};
    }
  }

  /** The pipeline file the run was started from, as clients name it, when its run.start recorded one. */
  private sourceOf(start: RunEvent | undefined): { path?: string } {
    if (start?.type !== "run.start" || start.pipelineFile === undefined) return {};
    try {
      return { path: this.places.clientPath(start.pipelineFile) };
    } catch {
      // A file this host's clients may not name: the run is matched by its pipeline's name, as before.
      return {};
    }
  }

  private startOf(trace: TraceIndex): Extract<RunEvent, { type: "run.start" }> {
    if (!trace.start) throw new Error(`run ${trace.runName}: trace.jsonl has no run.start line (empty, or not a run's trace)`);
    return trace.start;
  }

  private reportOnce(dir: string, reason: string): void {
    let key = dir;
    try {
      key += `@${statSync(runFile(dir, "trace")).mtimeMs}`;
    } catch {
      // No trace: the folder itself is the key.
    }
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log(`runs list leaves out ${basename(dir)}: ${reason}`);
  }
}

/** The fork a run came from and the --set values it ran with, where it has them. */
function forkAndSet(source: Pick<RunListing, "fork" | "set">): Pick<RunListing, "fork" | "set"> {
  return { ...(source.fork ? { fork: source.fork } : {}), ...(source.set ? { set: source.set } : {}) };
}

function firstError(failure: NodeFailure | undefined): Pick<RunRecord, "firstError"> {
  return failure ? { firstError: failure } : {};
}

/** A finished run's trace size and step count; nothing when the trace cannot be read (the listing still stands). */
function traceSize(dir: string, summary: RunSummary): Pick<RunListing, "traceBytes" | "steps"> {
  try {
    const bytes = statSync(runFile(dir, "trace")).size;
    return typeof summary.steps === "number" ? { traceBytes: bytes, steps: summary.steps } : {};
  } catch {
    return {};
  }
}

/** A listing whose fields the list sorts by are text; a hand-edited trace or summary must not break the list of every run. */
function sortable(listing: RunListing): RunListing {
  for (const field of ["startedAt", "pipeline"] as const) {
    if (typeof listing[field] !== "string") throw new Error(`its ${field} is ${JSON.stringify(listing[field])}, not text`);
  }
  return listing;
}

/** The listing with the name and notes the user gave the run; notes that cannot be read are left out, never the run. */
function withNotes(listing: RunListing, dir: string): RunListing {
  try {
    const notes = readJson<Partial<RunNotes>>(runFile(dir, "notes"), listing.runDir);
    if (notes && typeof notes.title === "string" && typeof notes.notes === "string") return { ...listing, notes: { title: notes.title, notes: notes.notes } };
  } catch {
    // A hand-broken notes.json: the run is still listed, without them.
  }
  return listing;
}

/** A JSON file of a run folder, or undefined when it does not exist; throws naming the run when it is not JSON. */
function readJson<T>(path: string, runDir: string): T | undefined {
  let text: string;
  try {
    // A regular file only: a named pipe in a run folder would block the list for every client.
    text = readRegularFile(path, { bytes: MAX_JSON_BYTES, hint: "" }).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`run ${runDir}: cannot read ${basename(path)} (${(error as Error).message})`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`run ${runDir}: ${basename(path)} is not JSON (${(error as Error).message})`, { cause: error });
  }
}

/** The first line of a trace, read alone (a finished run's listing needs only its start time). */
function firstEvent(path: string, runDir: string): RunEvent | undefined {
  let head: string;
  try {
    // Without blocking: a named pipe in place of the trace reads as nothing instead of hanging the list.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const buffer = Buffer.alloc(FIRST_LINE_BYTES);
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      const end = buffer.subarray(0, read).indexOf(0x0a);
      head = buffer.toString("utf8", 0, end === -1 ? read : end);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(head) as RunEvent;
  } catch (error) {
    throw new Error(`run ${runDir}: the first line of trace.jsonl is not a complete JSON event (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The run's world: its Environment node's params (keys sorted; not those that only say how it is
 * served, protocol/world-difference.ts) as JSON, and whether its pipeline is a policy acting alone,
 * from the run folder's pipeline copy; neither where that copy is unreadable (no world without a
 * single Environment node).
 */
function worldOf(dir: string): { world?: string; policyAlone?: boolean } {
  let doc: PipelineDocument | undefined;
  try {
    doc = readJson<PipelineDocument>(runFile(dir, "pipeline"), dir);
  } catch {
    // The list shows the run without its world: a broken pipeline copy is the run's opener's to report.
    return {};
  }
  if (typeof doc !== "object" || doc === null) return {};
  const world = pipelineWorld(doc);
  return { ...(world === undefined ? {} : { world }), policyAlone: isPolicyAlone(doc) };
}
