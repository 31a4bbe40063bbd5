import type { RunEvent } from "../runtime/engine/events.js";
import { StepDetailThinner } from "./step-detail.js";

/**
 * Batches sent to the host and not yet taken, at most; past that the buffer holds on and thins. Room
 * for a hiccup of the host (a busy moment, a GC) without losing detail; a host steadily slower than
 * the run is at most this many batches (~0.4 s at trace full here) behind it.
 */
export const BATCHES_IN_FLIGHT = 8;

/**
 * The events a run's thread holds for its host, with the host's pace as back-pressure. A batch goes
 * to the host as soon as it asks, unless BATCHES_IN_FLIGHT batches are still untaken: the buffer
 * then holds on and, until the host takes one, leaves per-step detail out as it comes (all but the
 * latest step: step-detail.ts), so a run at trace `full` — a million events a second — cannot bury
 * the host's thread in messages (a Stop once waited 37 s behind them). trace.jsonl keeps
 * everything; `dropped` tells the host what was left out.
 */
export class LiveEventBuffer {
  private events: RunEvent[] = [];
  /** While the host is behind: what is held, thinned. */
  private thinner: StepDetailThinner | undefined;
  private inFlight = 0;

  constructor(private readonly send: (events: RunEvent[], dropped: number) => void) {}

  /** Events held. */
  get size(): number {
    return this.events.length + (this.thinner?.size ?? 0);
  }

  add(event: RunEvent): void {
    if (this.thinner) this.thinner.add(event);
    else this.events.push(event);
  }

  /**
   * Sends what is held, unless the host is behind (it goes when the host takes a batch). `always`
   * sends anyway: a pause or the run's end, which the host must read after every event before it.
   */
  flush(always = false): void {
    if (this.size === 0) return;
    if (!always && this.inFlight >= BATCHES_IN_FLIGHT) {
      if (!this.thinner) {
        // What gathered before the host fell behind is thinned too.
        this.thinner = new StepDetailThinner();
        for (const event of this.events) this.thinner.add(event);
        this.events = [];
      }
      return;
    }
    const { events, dropped } = this.thinner ? this.thinner.take() : { events: this.events, dropped: 0 };
    this.events = [];
    this.thinner = undefined;
    this.inFlight++;
    this.send(events, dropped);
  }

  /** The host took a batch: send what has gathered since. */
  taken(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.flush();
  }
}
