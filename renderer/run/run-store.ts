import { create } from "zustand";
import { counted, failureText, shownCount, shownPercent, type LiveRun, type RunEnded, type RunEvent, type RunStateChange } from "../../protocol/index.js";

/** "pausing": asked to pause, until the host says the engine settled between steps (its counts are then final). */
export type RunPhase = "idle" | "starting" | "running" | "pausing" | "paused" | "ended";

/** The run the toolbar drives (one this page started, or a live run of the host it attached to), as far as its events tell. */
export interface RunState {
  runId: string | null;
  /** The run's folder name, so the toolbar says which run it drives (null until known). */
  folder: string | null;
  phase: RunPhase;
  episodesPlanned: number;
  /**
   * The newest step played, numbered from 0 as the trace, the CLI's messages, `--fork` and the step
   * view number it (the status line and the step view say the same "episode 12, step 3").
   */
  episode: number;
  step: number;
  /** Steps the episode going on has played so far. */
  episodeSteps: number;
  stepsTotal: number;
  /** Steps of the episodes that ended (their episode.end counts, so steps left out of a slow client's stream still count). */
  stepsEnded: number;
  episodesDone: number;
  successes: number;
  /** How the last run ended, in words. */
  outcome: string | null;
  /** The ended run's folder as the host named it, apart from the outcome: in a narrow toolbar it is what gives way. */
  runDir: string | null;
  /** The last run never started: its pipeline had problems (the status line goes once they are fixed). */
  refused: boolean;

  starting(): void;
  started(runId: string): void;
  /** Drives a run the host is playing already (after a reload, or one started elsewhere); counts go on from the host's. */
  attach(live: LiveRun): void;
  /** The host's word on the run's state; `episodesDone` is exact (every event before it has been received). */
  hostState(change: RunStateChange): void;
  setPhase(phase: RunPhase): void;
  receive(runId: string, events: RunEvent[]): void;
  ended(ended: RunEnded): void;
  failed(message: string): void;
  /** Drives no run and says nothing of the last (another document was loaded, or the refusal was fixed). */
  forget(): void;
}

const fresh = { episodesPlanned: 0, episode: 0, step: 0, episodeSteps: 0, stepsTotal: 0, stepsEnded: 0, episodesDone: 0, successes: 0, outcome: null, runDir: null, refused: false };

export const useRun = create<RunState>()((set, get) => ({
  runId: null,
  folder: null,
  phase: "idle",
  ...fresh,

  starting() {
    set({ ...fresh, runId: null, folder: null, phase: "starting" });
  },

  attach(live) {
    const folder = live.runDir?.split(/[\\/]/).at(-1) ?? null;
    set({ ...fresh, runId: live.runId, folder, phase: live.state === "stopping" ? "running" : live.state, episodesPlanned: live.episodesRequested, episodesDone: live.episodesDone, episode: live.episodesDone });
  },

  hostState(change) {
    // State changes reach here at the live view's next frame, run.ended at once: one sent before the end
    // ("paused" after a single step, then Stop) may come after it, and an ended run never goes on.
    if (change.runId !== get().runId || get().phase === "ended") return;
    const phase: RunPhase = change.state === "stopping" ? get().phase : change.state;
    set({ phase, episodesDone: change.episodesDone });
  },

  started(runId) {
    set({ runId, phase: "running" });
  },

  setPhase(phase) {
    set({ phase });
  },

  receive(runId, events) {
    const state = get();
    if (runId !== state.runId) return;
    let { episodesPlanned, episode, step, episodeSteps, stepsEnded, episodesDone, successes, folder } = state;
    for (const event of events) {
      if (event.type === "run.start") {
        episodesPlanned = event.episodes;
        folder = event.runId;
      } else if (event.type === "episode.start") {
        episodeSteps = 0;
        // The step moves with the episode's first step.start, as the step view's does (trace/apply-events.ts):
        // a run paused between episodes says the step it showed last.
      } else if (event.type === "step.start" || event.type === "step.end") {
        episode = event.episode;
        step = event.step;
        if (event.type === "step.end") episodeSteps = event.step + 1;
      } else if (event.type === "episode.end") {
        episodesDone++;
        stepsEnded += event.steps;
        episodeSteps = 0;
        if (event.success) successes++;
      }
    }
    set({ episodesPlanned, episode, step, episodeSteps, stepsEnded, stepsTotal: stepsEnded + episodeSteps, episodesDone, successes, folder });
  },

  ended(ended) {
    if (ended.runId !== get().runId) return;
    let outcome: string;
    if (ended.outcome === "finished") {
      const { summary } = ended;
      const rate = summary.successRate.value;
      const failed = summary.episodesFailed > 0 ? `, ${shownCount(summary.episodesFailed)} failed` : "";
      const notActing = summary.endedWithoutActing;
      const idle = notActing ? `, ${shownCount(notActing.episodes)} ended without acting (${notActing.first.why})` : "";
      const error = summary.status === "failed" && summary.error ? `; the first error: ${failureText(summary.error)}` : "";
      outcome = `${summary.status} — ${counted(summary.episodes, "episode")}${failed}${idle}, success ${shownPercent(rate)}${error}`;
    } else if (ended.outcome === "invalid") outcome = `not started: ${counted(ended.problems.length, "problem")} — ${ended.problems[0]?.message ?? ""}`;
    else outcome = `crashed: ${ended.message}`;
    set({ phase: "ended", outcome, runDir: ended.outcome === "finished" ? ended.runDir : null, refused: ended.outcome === "invalid" });
  },

  failed(message) {
    set({ phase: "ended", outcome: `could not start: ${message}` });
  },

  forget() {
    set({ ...fresh, runId: null, folder: null, phase: "idle" });
  },
}));
