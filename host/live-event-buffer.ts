import type { RunEvent } from "../runtime/engine/events.js";
import { isStepDetail, withoutStepDetail } from "./step-detail.js";

/**
 * Batches sent to the host and not yet taken, at most; past that the buffer holds on and thins. Room
 * for a hiccup of the host (a busy moment, a GC) without losing detail; a host steadily slower than
 * the run is at most this many batches (~0.4 s at trace full here) behind it.
 */
export const BATCHES_IN_FLIGHT = 8;

/**
 * The events a run's thread holds for its host, with the host's pace as back-pressure. A batch goes
 * to the host as soon as it asks, unless BATCHES_IN_FLIGHT batches are still untaken: the buffer
 * then holds on and, until the host takes one, keeps per-step detail out as it comes (all but the
 * latest step.end; see step-detail.ts), so a run at trace `full` — a million events a second —
 * cannot bury the host's thread in messages (a Stop once waited 37 s behind them). trace.jsonl keeps
 * everything; `dropped` tells the host what was left out.
 */
export class LiveEventBuffer {
  private events: RunEvent[] = [];
  private dropped = 0;
  private inFlight = 0;
  /** Whether the host is behind: step detail is left out until a batch goes. */
  private thinning = false;
  /** While thinning: the latest step.end, and where among `events` it belongs. */
  private latestStepEnd: { event: RunEvent; at: number } | undefined;

  constructor(private readonly send: (events: RunEvent[], dropped: number) => void) {}

  /** Events held, the latest step.end included. */
  get size(): number {
    return this.events.length + (this.latestStepEnd ? 1 : 0);
  }

  add(event: RunEvent): void {
    if (!this.thinning || !isStepDetail(event.type)) this.events.push(event);
    else if (event.type !== "step.end") this.dropped++;
    else {
      if (this.latestStepEnd) this.dropped++;
      this.latestStepEnd = { event, at: this.events.length };
    }
  }

  /**
   * Sends what is held, unless the host is behind (it goes when the host takes a batch). `always`
   * sends anyway: a pause or the run's end, which the host must read after every event before it.
   */
  flush(always = false): void {
    if (this.size === 0) return;
    if (!always && this.inFlight >= BATCHES_IN_FLIGHT) {
      if (!this.thinning) this.startThinning();
      return;
    }
    const events = this.events;
    if (this.latestStepEnd) events.splice(this.latestStepEnd.at, 0, this.latestStepEnd.event);
    const dropped = this.dropped;
    this.events = [];
    this.dropped = 0;
    this.latestStepEnd = undefined;
    this.thinning = false;
    this.inFlight++;
    this.send(events, dropped);
  }

  /** The host took a batch: send what has gathered since. */
  taken(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.flush();
  }

  /** What was gathered before the host fell behind is thinned too; what comes next as it comes. */
  private startThinning(): void {
    const thinned = withoutStepDetail(this.events);
    this.dropped += thinned.dropped;
    this.thinning = true;
    // At most one step.end is left, the latest: held apart, so a later one replaces it.
    const at = thinned.events.findIndex((event) => event.type === "step.end");
    if (at >= 0) this.latestStepEnd = { event: thinned.events.splice(at, 1)[0]!, at };
    this.events = thinned.events;
  }
}
