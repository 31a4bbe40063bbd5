/**
 * The WebSocket wire format of `foresight serve`: JSON text frames.
 *
 *   client → server   { id, method, params }
 *   server → client   { id, result }  or  { id, error: { message } }   (id null when the request had none)
 *                     { push: "run.events", runId, events, dropped, from } (dropped: per-step events left out for a slow client)
 *                     { push: "run.state", runId, state, episodesDone } (a run paused, resumed or is stopping; in order with its events)
 *                     { push: "run.ended", runId, outcome, … }         (a RunEnded)
 *
 * Every method takes one params object (named fields) and the server checks it with the schemas
 * below before anything runs; a malformed message gets an error reply, never a crash.
 */
import { z } from "zod";
import type { FileListing, ModelInfo, OpenedFile, SaveConflict, SavedFile } from "./files.js";
import type { KindCatalog } from "./kinds.js";
import type { Problem } from "./problems.js";
import type { RunEvent } from "./run-events.js";
import type { LiveRun, LiveRunState, NumberedRunEvent, RunListing, RunRecord, WrittenReport } from "./runs.js";
import type { OpenedSweep, SweepListing } from "./sweeps.js";
import type { RunEnded, TrustInfo } from "./transport.js";

const path = z.string().min(1, "must not be empty").max(4096);
const traceLevel = z.enum(["full", "steps", "off"]);
const episode = z.number().int().min(0).max(0xffffffff);
const trustedHash = z.string().regex(/^[0-9a-f]{64}$/, "must be the pipeline's content hash (64 hex digits, from trustInfo)").optional();
const fileHash = z.string().regex(/^[0-9a-f]{64}$/, "must be the file's hash (64 hex digits, from readFile or saveFile), or null for no file");

/** The params object of each method. */
export const methodParams = {
  describeKinds: z.strictObject({}),
  listFiles: z.strictObject({}),
  readFile: z.strictObject({ path }),
  saveFile: z.strictObject({ path, doc: z.record(z.string(), z.unknown()), onDisk: fileHash.nullable().optional() }),
  validate: z.strictObject({ doc: z.unknown(), path: path.optional() }),
  modelInfo: z.strictObject({ modelPath: path, pipelinePath: path, baseDir: z.string().optional() }),
  startRun: z.strictObject({
    doc: z.unknown(),
    path,
    options: z
      .strictObject({
        episodes: z.number().int().min(1).max(10_000_000).optional(),
        seed: z.number().int().min(0).max(0xffffffff).optional(),
        traceLevel: traceLevel.optional(),
        trustedHash,
      })
      .optional(),
  }),
  controlRun: z.strictObject({ runId: z.string().min(1), action: z.enum(["pause", "resume", "step", "stop"]) }),
  forkRun: z.strictObject({
    runDir: path,
    episode,
    step: z.number().int().min(0).max(0xffffffff),
    doc: z.unknown(),
    path,
    options: z.strictObject({ traceLevel: traceLevel.optional(), trustedHash }).optional(),
  }),
  listRuns: z.strictObject({}),
  listLiveRuns: z.strictObject({}),
  episodesInProgress: z.strictObject({ runId: z.string().min(1) }),
  openRun: z.strictObject({ runDir: path }),
  readEpisode: z.strictObject({ runDir: path, episode }),
  trustInfo: z.strictObject({ doc: z.record(z.string(), z.unknown()) }),
  listSweeps: z.strictObject({}),
  openSweep: z.strictObject({ sweepDir: path }),
  writeReport: z.strictObject({ runDir: path }),
  annotateRun: z.strictObject({ runDir: path, title: z.string().max(200), notes: z.string().max(20_000) }),
  deleteRun: z.strictObject({ runDir: path }),
} as const;

export type MethodName = keyof typeof methodParams;

export type MethodParams<M extends MethodName> = z.input<(typeof methodParams)[M]>;

/** What each method answers with (`controlRun`: null). */
export interface MethodResults {
  describeKinds: KindCatalog;
  listFiles: FileListing;
  readFile: OpenedFile;
  saveFile: SavedFile | SaveConflict;
  validate: Problem[];
  modelInfo: ModelInfo;
  startRun: { runId: string };
  controlRun: null;
  forkRun: { runId: string };
  listRuns: RunListing[];
  listLiveRuns: LiveRun[];
  episodesInProgress: NumberedRunEvent[];
  openRun: RunRecord;
  readEpisode: RunEvent[];
  trustInfo: TrustInfo;
  listSweeps: SweepListing[];
  openSweep: OpenedSweep;
  writeReport: WrittenReport;
  annotateRun: null;
  deleteRun: null;
}

const requestId = z.union([z.number(), z.string().max(200)]);
export type RequestId = z.output<typeof requestId>;

/** The envelope of a request; its params are checked against `methodParams[method]` next. */
export const requestSchema = z.object({ id: requestId, method: z.string(), params: z.unknown().optional() });

export type Request<M extends MethodName = MethodName> = { id: RequestId; method: M; params?: MethodParams<M> };

export type Reply = { id: RequestId; result: unknown } | { id: RequestId | null; error: { message: string } };

/**
 * `dropped`: per-step events left out of this batch because the client, or the host itself, fell behind (0 when none).
 * `from`: the number of the batch's first event among the run's (NumberedRunEvent); absent from older hosts.
 */
export type Push =
  | { push: "run.events"; runId: string; events: RunEvent[]; dropped: number; from?: number }
  | RunStatePush
  | ({ push: "run.ended" } & RunEnded);

/**
 * A live run's new state. Sent after every event the run emitted before it, so a client that counts
 * episode.end events has them all when it reads "paused"; `episodesDone` is the host's own count.
 */
export type RunStatePush = { push: "run.state"; runId: string; state: LiveRunState; episodesDone: number };

export type ServerMessage = Reply | Push;

/** What the client checks of a server message: the envelope (the payloads are the server's to get right). */
export const serverMessageSchema = z.union([
  z.object({ id: requestId.nullable(), error: z.object({ message: z.string() }) }),
  z.object({ id: requestId, result: z.unknown() }),
  z.object({ push: z.literal("run.events"), runId: z.string(), events: z.array(z.unknown()), dropped: z.number().int().min(0).optional(), from: z.number().int().min(0).optional() }),
  z.object({ push: z.literal("run.state"), runId: z.string(), state: z.enum(["running", "pausing", "paused", "stopping"]), episodesDone: z.number().int().min(0) }),
  z.looseObject({ push: z.literal("run.ended"), runId: z.string(), outcome: z.enum(["finished", "invalid", "crashed"]) }),
]);

/** The close frame `foresight serve` sends its pages as it stops: they need not try to reconnect (an application code, which no proxy sends). */
export const SERVER_STOPPED_CLOSE = { code: 4001, reason: "foresight serve stopped" } as const;

/** The WebSocket endpoint's path on the server. */
export const API_PATH = "/api";
