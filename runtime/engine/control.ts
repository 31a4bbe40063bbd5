/** Thrown inside the engine when the run is stopped; never escapes `runPipeline`. */
export class RunStopped extends Error {
  constructor() {
    super("the run was stopped");
  }
}

/**
 * What a node that blocks its thread in a synchronous wait (an environment process's reply) is
 * given: while it waits, the thread reads no message, so neither a Stop nor its own held events get
 * through by the usual way.
 */
export interface BlockingWaits {
  /** Becomes 1 (and is notified) when the run is stopped, from whichever thread: a thread that is not blocked watches it and ends the wait. */
  readonly stopWord: Int32Array;
  /** Called once a wait has lasted a while: the host is sent what it should see meanwhile (the steps already played). */
  waiting(): void;
}

/** What a host (CLI, serve, Electron) uses to start, pause, single-step and stop a run. */
export class RunControl {
  private readonly abort = new AbortController();
  /** The signal's aborted, as a plain field: mustWait reads it every step, and AbortSignal's getter costs more. */
  private stopped = false;
  private paused = false;
  private stepsAllowed = 0;
  private wake: (() => void) | undefined;
  private readonly pausedListeners = new Set<() => void>();
  /** Called before pausedListeners: what must be done before anyone is told of the pause (the trace's flush). */
  private readonly firstPausedListeners = new Set<() => void>();
  private waited = 0;
  private readonly longWaitListeners = new Set<() => void>();
  /** Handed to nodes at setup (SetupContext.blockingWaits). */
  readonly blockingWaits: BlockingWaits;

  /** `stopWord`: one the host's thread holds too, to stop a run whose thread is blocked (host/worker-run.ts). */
  constructor(stopWord: Int32Array = new Int32Array(new SharedArrayBuffer(4))) {
    this.blockingWaits = {
      stopWord,
      waiting: () => {
        for (const listener of this.longWaitListeners) listener();
      },
    };
  }

  /** Calls `listener` when a node has been blocked a while in a synchronous wait (BlockingWaits.waiting). Answers the unsubscribe. */
  onLongWait(listener: () => void): () => void {
    this.longWaitListeners.add(listener);
    return () => this.longWaitListeners.delete(listener);
  }

  /** How long the engine has waited in pauses, in milliseconds: a run's speed is over the time it ran. */
  get pausedMs(): number {
    return this.waited;
  }

  /** Aborted on stop; nodes doing long work watch it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get state(): "running" | "paused" | "stopped" {
    if (this.abort.signal.aborted) return "stopped";
    return this.paused ? "paused" : "running";
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.notify();
  }

  /** Runs exactly one more step, then stays paused. */
  step(): void {
    this.paused = true;
    this.stepsAllowed++;
    this.notify();
  }

  stop(): void {
    stopWordSet(this.blockingWaits.stopWord);
    this.stopped = true;
    this.abort.abort();
    this.notify();
  }

  /** True when the engine must call `waitForTurn` before the next step (cheap check on the hot path). */
  mustWait(): boolean {
    return this.paused || this.stopped;
  }

  /** Waits while paused; throws RunStopped once stopped. */
  async waitForTurn(): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) throw new RunStopped();
      if (!this.paused) return;
      if (this.stepsAllowed > 0) {
        this.stepsAllowed--;
        return;
      }
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      for (const listener of this.firstPausedListeners) listener();
      for (const listener of this.pausedListeners) listener();
      const since = performance.now();
      await woken;
      this.waited += performance.now() - since;
    }
  }

  /**
   * Calls `listener` each time the engine settles into a pause between steps (after a pause, or after
   * the one step of `step()`): every event before it has been emitted, so the trace can be flushed and
   * a host can report the pause as done. `first`: before the listeners without it, whenever they
   * subscribed (the trace is on disk before a host reports the pause). Answers the unsubscribe.
   */
  onPaused(listener: () => void, first = false): () => void {
    const listeners = first ? this.firstPausedListeners : this.pausedListeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Marks a run stopped in its shared word, waking whatever thread watches it. */
export function stopWordSet(word: Int32Array): void {
  Atomics.store(word, 0, 1);
  Atomics.notify(word, 0);
}
