import type { NumberedRunEvent, RunEvent } from "../../protocol/index.js";

/**
 * Steps kept of each episode in progress: as many as a live view keeps (renderer/trace/apply-events.ts
 * LIVE_LIMITS), so a page that re-attaches shows what it would have shown had it watched all along.
 */
export const STEPS_KEPT_PER_EPISODE = 200;

interface EpisodeSoFar {
  /** episode.start, and what came before the first step (a node.log, say). */
  opening: NumberedRunEvent[];
  /** The last STEPS_KEPT_PER_EPISODE steps, each its events in order. */
  steps: { step: number; events: NumberedRunEvent[] }[];
}

/**
 * The events of a live run's episodes in progress, numbered in the order the host published them,
 * for a page that (re-)attaches in the middle of an episode: trace.jsonl holds an episode only once
 * it ends. An episode is let go at its episode.end (the run folder has it then). Events outside an
 * episode (run.start, model.load) are read from the run folder instead. Episodes a run plays in
 * lockstep lanes or on several threads reach the host whole, so none of theirs is in progress here.
 */
export class EpisodesInProgress {
  private published = 0;
  private readonly episodes = new Map<number, EpisodeSoFar>();

  /** Numbers a batch's events and keeps those of episodes in progress; answers the number of its first (the push's `from`). */
  add(events: readonly RunEvent[]): number {
    const from = this.published;
    for (const event of events) this.keep({ index: this.published++, event });
    return from;
  }

  /** What is kept, in the order it was published. */
  events(): NumberedRunEvent[] {
    const kept = [...this.episodes.values()].flatMap((episode) => [...episode.opening, ...episode.steps.flatMap((step) => step.events)]);
    return kept.sort((a, b) => a.index - b.index);
  }

  private keep(numbered: NumberedRunEvent): void {
    const { event } = numbered;
    if (!("episode" in event) || event.episode < 0) return;
    if (event.type === "episode.end") {
      this.episodes.delete(event.episode);
      return;
    }
    let episode = this.episodes.get(event.episode);
    if (!episode || event.type === "episode.start") this.episodes.set(event.episode, (episode = { opening: [], steps: [] }));
    if (!("step" in event)) {
      episode.opening.push(numbered);
      return;
    }
    const last = episode.steps.at(-1);
    if (last?.step === event.step) last.events.push(numbered);
    else {
      episode.steps.push({ step: event.step, events: [numbered] });
      if (episode.steps.length > STEPS_KEPT_PER_EPISODE) episode.steps.shift();
    }
  }
}
