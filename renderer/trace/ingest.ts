import type { NumberedRunEvent, RunEvent, RunStateChange } from "../../protocol/index.js";
import { useRun } from "../run/run-store.js";
import type { TraceStore } from "./trace-store.js";

/**
 * The views update at most this often (on an animation frame): a run at full trace sends thousands
 * of events a second; ten updates a second look just as live and leave the frames free.
 */
const MIN_FLUSH_MS = 100;

/** Events of runs no view has claimed yet are kept this long while a start is pending. */
const EARLY_LIMIT = 50_000;

interface Batch {
  runId: string;
  events: RunEvent[];
  dropped: number;
  /** The number of its first event among the run's (absent from older hosts). */
  from?: number;
  /** A state the host reported after these events: applied after them, so its counts match. */
  state?: RunStateChange;
}

/**
 * Receives the host's event batches and hands them to the views once per animation frame, so a
 * burst of thousands of events costs one React update, not thousands.
 */
class LiveIngest {
  private pending: Batch[] = [];
  private scheduled = false;
  private lastFlush = 0;
  private readonly routes = new Map<string, TraceStore>();
  /** Starts asked for whose run id has not come back yet: keep their events until it does. */
  private awaiting = 0;
  private early = new Map<string, Batch[]>();
  private earlyCount = 0;
  /** Batches of runs watched from the middle, held until the host's episodes in progress arrived (catchUp). */
  private held = new Map<string, Batch[]>();
  /** For bench/trace-stream.ts: events delivered, and what the updates cost (ms, this tab's clock). */
  readonly stats = { delivered: 0, flushes: 0, flushMs: 0, longestFlushMs: 0 };

  receive = (runId: string, events: RunEvent[], dropped: number, from?: number) => {
    this.stats.delivered += events.length;
    this.pending.push({ runId, events, dropped, ...(from === undefined ? {} : { from }) });
    this.schedule();
  };

  /** The host's word on a run's state, kept in order with the run's events. */
  receiveState = (change: RunStateChange) => {
    this.pending.push({ runId: change.runId, events: [], dropped: 0, state: change });
    this.schedule();
  };

  /**
   * Shows a run already going (one this page did not start) in `store` from now on. `catchingUp`: its
   * events wait for the steps it played before (catchUp), so they are shown in order, each once.
   */
  follow(runId: string, store: TraceStore, catchingUp = false) {
    this.release(store);
    this.routes.set(runId, store);
    if (catchingUp) this.held.set(runId, []);
  }

  /**
   * Shows the events of the episodes in progress the host kept (`earlier`) before those that arrived
   * since follow(): those it also kept are taken from the live batches, once. Called whatever the
   * host answered (`earlier` empty when it could not), so a view never waits for good.
   */
  catchUp(runId: string, earlier: readonly NumberedRunEvent[]) {
    const held = this.held.get(runId);
    if (!held) return;
    this.held.delete(runId);
    const firstHeld = held[0]?.from ?? Infinity;
    const before = earlier.filter((numbered) => numbered.index < firstHeld).map((numbered) => numbered.event);
    this.pending.unshift(...(before.length > 0 ? [{ runId, events: before, dropped: 0 }] : []), ...held);
    this.schedule();
  }

  /** A start is on its way: its early events must not be thrown away. */
  expect() {
    this.awaiting++;
  }

  /** The started run's id came back (or the start failed: `runId` null). Replays its early events. */
  claim(runId: string | null, store: TraceStore | null) {
    this.awaiting = Math.max(0, this.awaiting - 1);
    if (runId && store) this.routes.set(runId, store);
    const early = runId ? this.early.get(runId) : undefined;
    if (runId) this.early.delete(runId);
    if (this.awaiting === 0) {
      this.early.clear();
      this.earlyCount = 0;
    }
    if (early) {
      this.pending.unshift(...early);
      this.schedule();
    }
  }

  /** A view no longer shows this run (another run was opened in it). */
  release(store: TraceStore) {
    for (const [runId, routed] of this.routes) {
      if (routed !== store) continue;
      this.routes.delete(runId);
      this.held.delete(runId);
    }
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + MIN_FLUSH_MS - performance.now();
    // rAF does not fire in a hidden tab: fall back to a timer there.
    if (typeof document !== "undefined" && document.hidden) setTimeout(this.flush, Math.max(wait, 100));
    else if (wait > 0) setTimeout(() => requestAnimationFrame(this.flush), wait);
    else requestAnimationFrame(this.flush);
  }

  private flush = () => {
    this.scheduled = false;
    const started = (this.lastFlush = performance.now());
    this.update();
    // React renders the stores' changes in a microtask queued during update(): measure after it.
    queueMicrotask(() => {
      const ms = performance.now() - started;
      this.stats.flushes++;
      this.stats.flushMs += ms;
      this.stats.longestFlushMs = Math.max(this.stats.longestFlushMs, ms);
    });
  };

  private update() {
    const batches = this.pending;
    this.pending = [];
    // Merge consecutive batches of one run: one store update per run per frame.
    const merged: Batch[] = [];
    for (const batch of batches) {
      const last = merged.at(-1);
      if (last && last.runId === batch.runId && !last.state) {
        last.events = last.events.concat(batch.events);
        last.dropped += batch.dropped;
        if (batch.state) last.state = batch.state;
      } else merged.push({ ...batch });
    }
    for (const batch of merged) {
      const held = this.held.get(batch.runId);
      if (held) {
        held.push(batch);
        continue;
      }
      const store = this.routes.get(batch.runId);
      if (store && batch.events.length > 0) {
        useRun.getState().receive(batch.runId, batch.events);
        store.getState().apply(batch.events, batch.dropped);
      } else if (!store && this.awaiting > 0 && this.earlyCount < EARLY_LIMIT) {
        const list = this.early.get(batch.runId) ?? [];
        list.push(batch);
        this.early.set(batch.runId, list);
        this.earlyCount += batch.events.length;
        continue;
      }
      if (batch.state) useRun.getState().hostState(batch.state);
    }
  }
}

export const liveIngest = new LiveIngest();
// The trace-stream bench reads the update costs from the page (it defines __bench before the editor loads).
if (typeof window !== "undefined" && "__bench" in window) (window as unknown as { __foresightIngest: LiveIngest }).__foresightIngest = liveIngest;
