import type { RunEvent } from "../runtime/engine/events.js";

type StepDetail = Extract<RunEvent, { type: "node.start" | "node.end" | "step.start" | "step.end" }>;

/** Per-step detail: what a live view can do without when it falls behind (trace.jsonl keeps it all). */
function isStepDetail(event: RunEvent): event is StepDetail {
  const { type } = event;
  return type === "node.start" || type === "node.end" || type === "step.start" || type === "step.end";
}

/** One step's detail events, and where among the kept events they go. */
interface StepBlock {
  episode: number;
  step: number;
  events: RunEvent[];
  at: number;
}

/**
 * Events with per-step detail left out, as they come: run, episode, error, log and model events are
 * all kept (the dashboard's curves and status come from them); of the steps, only the latest that
 * ended, whole, so a view that follows the run shows a complete step, and the one in progress.
 */
export class StepDetailThinner {
  private kept: RunEvent[] = [];
  private latest: StepBlock | undefined;
  private current: StepBlock | undefined;
  private dropped = 0;

  /** Events held. */
  get size(): number {
    return this.kept.length + (this.latest?.events.length ?? 0) + (this.current?.events.length ?? 0);
  }

  add(event: RunEvent): void {
    if (!isStepDetail(event)) {
      this.kept.push(event);
      return;
    }
    if (this.current && (this.current.episode !== event.episode || this.current.step !== event.step)) {
      // A step that never ended here (its end went in an earlier batch): a later one replaces it.
      this.dropped += this.current.events.length;
      this.current = undefined;
    }
    this.current ??= { episode: event.episode, step: event.step, events: [], at: this.kept.length };
    this.current.events.push(event);
    if (event.type === "step.end") {
      this.dropped += this.latest?.events.length ?? 0;
      this.latest = this.current;
      this.current = undefined;
    }
  }

  /**
   * What is held, in the order it came (a step's detail kept together, where its first event came:
   * a log line from within a step then comes after it), and how many events were left out; starts afresh.
   */
  take(): { events: RunEvent[]; dropped: number } {
    const { kept: events, dropped } = this;
    // The later block first, so the earlier one's place is still right.
    if (this.current) events.splice(this.current.at, 0, ...this.current.events);
    if (this.latest) events.splice(this.latest.at, 0, ...this.latest.events);
    this.kept = [];
    this.latest = this.current = undefined;
    this.dropped = 0;
    return { events, dropped };
  }
}

/** `events` with per-step detail left out (StepDetailThinner); `dropped` counts what was. */
export function withoutStepDetail(events: readonly RunEvent[]): { events: RunEvent[]; dropped: number } {
  const thinner = new StepDetailThinner();
  for (const event of events) thinner.add(event);
  return thinner.take();
}
