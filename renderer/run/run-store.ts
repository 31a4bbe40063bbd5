import { create } from "zustand";
import type { RunEnded, RunEvent } from "../../protocol/index.js";

export type RunPhase = "idle" | "starting" | "running" | "paused" | "ended";

/** The run this editor started, as far as its events tell. */
export interface RunState {
  runId: string | null;
  phase: RunPhase;
  episodesPlanned: number;
  episode: number;
  step: number;
  stepsTotal: number;
  /** Steps of the episodes that ended (their episode.end counts, so steps left out of a slow client's stream still count). */
  stepsEnded: number;
  episodesDone: number;
  successes: number;
  /** How the last run ended, in words. */
  outcome: string | null;

  starting(): void;
  started(runId: string): void;
  setPhase(phase: RunPhase): void;
  receive(runId: string, events: RunEvent[]): void;
  ended(ended: RunEnded): void;
  failed(message: string): void;
}

const fresh = { episodesPlanned: 0, episode: 0, step: 0, stepsTotal: 0, stepsEnded: 0, episodesDone: 0, successes: 0, outcome: null };

export const useRun = create<RunState>()((set, get) => ({
  runId: null,
  phase: "idle",
  ...fresh,

  starting() {
    set({ ...fresh, runId: null, phase: "starting" });
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
    let { episodesPlanned, episode, step, stepsEnded, episodesDone, successes } = state;
    for (const event of events) {
      if (event.type === "run.start") episodesPlanned = event.episodes;
      else if (event.type === "episode.start") {
        episode = event.episode;
        step = 0;
      } else if (event.type === "step.end") {
        step = event.step + 1;
      } else if (event.type === "episode.end") {
        episodesDone++;
        stepsEnded += event.steps;
        step = 0;
        if (event.success) successes++;
      }
    }
    set({ episodesPlanned, episode, step, stepsEnded, stepsTotal: stepsEnded + step, episodesDone, successes });
  },

  ended(ended) {
    if (ended.runId !== get().runId) return;
    let outcome: string;
    if (ended.outcome === "finished") {
      const rate = ended.summary.successRate.value;
      outcome = `${ended.summary.status} — ${ended.summary.episodes} episodes, success ${rate === null ? "n/a" : `${(rate * 100).toFixed(1)} %`} (${ended.runDir})`;
    } else if (ended.outcome === "invalid") outcome = `not started: ${ended.problems.length} problem(s) — ${ended.problems[0]?.message ?? ""}`;
    else outcome = `crashed: ${ended.message}`;
    set({ phase: "ended", outcome });
  },

  failed(message) {
    set({ phase: "ended", outcome: `could not start: ${message}` });
  },
}));
