import type { ExpectedOnDisk, FileListing, ModelInfo, OpenedFile, PipelineDocument, SaveConflict, SavedFile } from "./files.js";
import type { KindCatalog } from "./kinds.js";
import type { Problem } from "./problems.js";
import type { RunControlAction, RunEvent, RunOptions } from "./run-events.js";
import type { ForkRequest, LiveRun, NumberedRunEvent, RunListing, RunNotes, RunRecord, WrittenReport } from "./runs.js";
import type { OpenedSweep, SweepListing } from "./sweeps.js";
import type { ConnectionChange, RunEnded, RunStateChange, Transport, TrustInfo, Unsubscribe } from "./transport.js";
import type { MethodName, MethodParams, MethodResults, Push } from "./wire.js";

/**
 * The client side of the editor's protocol, whatever carries it: each Transport method as one
 * `{ method, params }` call, and push messages handed to the listeners. The WebSocket transport
 * (ws-transport.ts) and the desktop bridge (bridge-transport.ts) only say how a call travels and
 * feed pushes in, so a new protocol method is added here once.
 */
export abstract class ProtocolClient implements Transport {
  private readonly eventListeners = new Set<(runId: string, events: RunEvent[], dropped: number, from?: number) => void>();
  private readonly stateListeners = new Set<(state: RunStateChange) => void>();
  private readonly endedListeners = new Set<(ended: RunEnded) => void>();
  private readonly closedListeners = new Set<(reason: string) => void>();
  private readonly connectionListeners = new Set<(change: ConnectionChange) => void>();

  /** Sends one call and answers its result (or rejects with the host's error). */
  protected abstract call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResults[M]>;

  describeKinds(): Promise<KindCatalog> {
    return this.call("describeKinds", {});
  }

  listFiles(): Promise<FileListing> {
    return this.call("listFiles", {});
  }

  readFile(path: string): Promise<OpenedFile> {
    return this.call("readFile", { path });
  }

  saveFile(path: string, doc: PipelineDocument, onDisk?: ExpectedOnDisk): Promise<SavedFile | SaveConflict> {
    return this.call("saveFile", onDisk === undefined ? { path, doc } : { path, doc, onDisk });
  }

  validate(doc: unknown, path?: string): Promise<Problem[]> {
    return this.call("validate", path === undefined ? { doc } : { doc, path });
  }

  modelInfo(modelPath: string, pipelinePath: string, baseDir?: string): Promise<ModelInfo> {
    return this.call("modelInfo", baseDir === undefined ? { modelPath, pipelinePath } : { modelPath, pipelinePath, baseDir });
  }

  startRun(doc: unknown, path: string, options: RunOptions = {}): Promise<{ runId: string }> {
    return this.call("startRun", { doc, path, options });
  }

  async controlRun(runId: string, action: RunControlAction): Promise<void> {
    await this.call("controlRun", { runId, action });
  }

  forkRun(request: ForkRequest): Promise<{ runId: string }> {
    return this.call("forkRun", { ...request });
  }

  listRuns(): Promise<RunListing[]> {
    return this.call("listRuns", {});
  }

  listLiveRuns(): Promise<LiveRun[]> {
    return this.call("listLiveRuns", {});
  }

  episodesInProgress(runId: string): Promise<NumberedRunEvent[]> {
    return this.call("episodesInProgress", { runId });
  }

  openRun(runDir: string): Promise<RunRecord> {
    return this.call("openRun", { runDir });
  }

  listSweeps(): Promise<SweepListing[]> {
    return this.call("listSweeps", {});
  }

  openSweep(sweepDir: string): Promise<OpenedSweep> {
    return this.call("openSweep", { sweepDir });
  }

  writeReport(runDir: string): Promise<WrittenReport> {
    return this.call("writeReport", { runDir });
  }

  annotateRun(runDir: string, notes: RunNotes): Promise<null> {
    return this.call("annotateRun", { runDir, ...notes });
  }

  deleteRun(runDir: string): Promise<null> {
    return this.call("deleteRun", { runDir });
  }

  readEpisode(runDir: string, episode: number): Promise<RunEvent[]> {
    return this.call("readEpisode", { runDir, episode });
  }

  trustInfo(doc: unknown): Promise<TrustInfo> {
    return this.call("trustInfo", { doc: doc as Record<string, unknown> });
  }

  onRunEvents(listener: (runId: string, events: RunEvent[], dropped: number, from?: number) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onRunState(listener: (state: RunStateChange) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onRunEnded(listener: (ended: RunEnded) => void): Unsubscribe {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  onClosed(listener: (reason: string) => void): Unsubscribe {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  onConnection(listener: (change: ConnectionChange) => void): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Hands a push message from the host to the listeners of its kind. */
  protected dispatch(push: Push): void {
    if (push.push === "run.events") for (const listener of this.eventListeners) listener(push.runId, push.events, push.dropped ?? 0, push.from);
    else if (push.push === "run.state") {
      const { push: _, ...state } = push;
      for (const listener of this.stateListeners) listener(state);
    } else {
      const { push: _, ...ended } = push;
      for (const listener of this.endedListeners) listener(ended);
    }
  }

  /** Tells the onClosed listeners the host is gone. */
  protected notifyClosed(reason: string): void {
    for (const listener of this.closedListeners) listener(reason);
  }

  /** Tells the onConnection listeners the connection dropped or was made again. */
  protected notifyConnection(change: ConnectionChange): void {
    for (const listener of this.connectionListeners) listener(change);
  }
}
