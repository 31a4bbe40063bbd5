import { create } from "zustand";
import { counted, failureText, shownCount, shownPercent, type EpisodeResult, type LiveRun, type Problem, type RunEnded, type RunEvent, type RunStateChange } from "../../protocol/index.js";
import { playedEpisodes } from "./played-episodes.js";

/**
 * "pausing": asked to pause, until the host says the engine settled between steps (its counts are then final).
 * "stopping": asked to stop, until the run has ended (its summary written); nothing takes a run back from it.
 */
export type RunPhase = "idle" | "starting" | "running" | "pausing" | "paused" | "stopping" | "ended";

/** What the status line says of a run, as far as its events tell. */
export interface RunCounts {
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
  /** Episodes ended, however (the host's count: every episode.end). */
  episodesDone: number;
  /** Of those, the ones a node error ended: the summary counts them apart from the completed. */
  episodesFailed: number;
  /** Successes among the completed episodes. */
  successes: number;
  /** Completed episodes that said whether they succeeded: none in a world that says nothing of success (Pendulum). */
  trials: number;
  /**
   * The episode numbers whose end these counts took in, live or read back (readBack): the trace view that
   * catch-up.ts asks which episodes are new lags behind the live stream, so an episode may be offered twice.
   * Added to in place: nothing draws from it, and a copy per event batch would cost as much as the run's length.
   */
  endedEpisodes: Set<number>;
}

/** The run the toolbar drives (one this page started, or a live run of the host it attached to), as far as its events tell. */
export interface RunState extends RunCounts {
  /** How the last run ended, in words. */
  outcome: string | null;
  /** The ended run's folder as the host named it, apart from the outcome: in a narrow toolbar it is what gives way. */
  runDir: string | null;
  /** The last run never started: its pipeline had problems (the status line goes once they are fixed). */
  refused: boolean;
  /**
   * Runs the toolbar left while they were still going (a fork started while one was paused, another
   * run watched), newest last, each with its counts: the toolbar offers to go back to them.
   */
  left: RunCounts[];

  starting(): void;
  started(runId: string): void;
  /** Drives a run the host is playing already (after a reload, or one started elsewhere); counts go on from the host's. */
  attach(live: LiveRun): void;
  /**
   * Counts in the episodes an attached run ended before this page watched it, read from its folder
   * (catch-up.ts): only those its live events did not bring. `episodesDone` is the host's already.
   */
  readBack(runId: string, episodes: readonly EpisodeResult[]): void;
  /** Drives again a run it left (`live`: the host's word on it now, which wins where the run went on meanwhile). */
  comeBack(runId: string, live: LiveRun | undefined): void;
  /** The host's word on the run's state; `episodesDone` is exact (every event before it has been received). */
  hostState(change: RunStateChange): void;
  setPhase(phase: RunPhase): void;
  receive(runId: string, events: RunEvent[]): void;
  ended(ended: RunEnded): void;
  /** The run was not started: the pipeline has these problems (found before asking the host, as the host would). */
  notStarted(problems: readonly Problem[]): void;
  failed(message: string): void;
  /** The host is out of reach with the run (and those left) still going as far as the page knows: it ends here as "lost contact: `why`". */
  lost(why: string): void;
  /** Drives no run and says nothing of the last (the refusal was fixed); `andLeft`: nor of the runs it left (another document was loaded). */
  forget(andLeft?: boolean): void;
}

const freshCounts = () => ({ episodesPlanned: 0, episode: 0, step: 0, episodeSteps: 0, stepsTotal: 0, stepsEnded: 0, episodesDone: 0, episodesFailed: 0, successes: 0, trials: 0, endedEpisodes: new Set<number>() });
const fresh = () => ({ ...freshCounts(), outcome: null, runDir: null, refused: false });

/** Whether a run in this phase is still going (paused included): one the toolbar leaves then can be come back to. */
function going(phase: RunPhase): boolean {
  return phase === "running" || phase === "pausing" || phase === "paused";
}

/** The runs left once the toolbar leaves the one it drives for `next`. */
function leaving(state: RunState, next: string | null): RunCounts[] {
  const { runId, folder, phase, episodesPlanned, episode, step, episodeSteps, stepsTotal, stepsEnded, episodesDone, episodesFailed, successes, trials, endedEpisodes } = state;
  const others = state.left.filter((run) => run.runId !== next && run.runId !== runId);
  return runId && runId !== next && going(phase) ? [...others, { runId, folder, phase, episodesPlanned, episode, step, episodeSteps, stepsTotal, stepsEnded, episodesDone, episodesFailed, successes, trials, endedEpisodes }] : others;
}

/**
 * The phase the host's word `state` leaves a run in that was in `phase`. A stop is never taken back: once
 * stopping (the host said so, or the page showed the user's Stop at once) a run stays so until it ends,
 * though a "paused" or "running" the host sent before it heard of the stop reach the page after, behind the run's events.
 */
function phaseAfter(phase: RunPhase, state: RunStateChange["state"]): RunPhase {
  return phase === "stopping" ? phase : state;
}

/** `counts` after `events` of its run. */
function counting(counts: RunCounts, events: RunEvent[]): RunCounts {
  let { episodesPlanned, episode, step, episodeSteps, stepsEnded, episodesDone, episodesFailed, successes, trials, folder } = counts;
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
      episodeSteps = 0;
      // Counted already (read back from the folder as its event was on its way): `episodesDone` is the host's count, the rest once.
      if (counts.endedEpisodes.has(event.episode)) continue;
      counts.endedEpisodes.add(event.episode);
      stepsEnded += event.steps;
      if (event.status === "error") episodesFailed++;
      // One Stop cut short is no trial.
      else if (event.status !== "stopped" && typeof event.success === "boolean") {
        trials++;
        if (event.success) successes++;
      }
    }
  }
  return { ...counts, episodesPlanned, episode, step, episodeSteps, stepsEnded, stepsTotal: stepsEnded + episodeSteps, episodesDone, episodesFailed, successes, trials, folder };
}

/** The counts of a run the host is playing, from its listing (the position within an episode is not in it). */
function countsOf(live: LiveRun): RunCounts {
  const folder = live.runDir?.split(/[\\/]/).at(-1) ?? null;
  return { ...freshCounts(), runId: live.runId, folder, phase: live.state, episodesPlanned: live.episodesRequested, episodesDone: live.episodesDone, episode: live.episodesDone };
}

export const useRun = create<RunState>()((set, get) => ({
  runId: null,
  folder: null,
  phase: "idle",
  ...fresh(),
  left: [],

  starting() {
    set({ ...fresh(), runId: null, folder: null, phase: "starting", left: leaving(get(), null) });
  },

  attach(live) {
    set({ ...fresh(), ...countsOf(live), left: leaving(get(), live.runId) });
  },

  readBack(runId, episodes) {
    if (runId !== get().runId || episodes.length === 0) return;
    // Only those its live events did not count already: the trace view offering them may lag behind the counts.
    const ended = episodes.filter((result) => !get().endedEpisodes.has(result.episode)).map((result) => ({ type: "episode.end", t: 0, ...result }) as RunEvent);
    const counted = counting({ ...get(), episodesDone: 0 }, ended);
    set({ ...counted, episodesDone: get().episodesDone, episode: get().episode, step: get().step, episodeSteps: get().episodeSteps, stepsTotal: counted.stepsEnded + get().episodeSteps });
  },

  comeBack(runId, live) {
    const kept = get().left.find((run) => run.runId === runId);
    if (!kept) return;
    // Counts kept while it was left, unless it went on where they were not kept (its events were not shown).
    const counts = live && live.episodesDone !== kept.episodesDone ? countsOf(live) : { ...kept, ...(live ? { phase: countsOf(live).phase } : {}) };
    set({ ...fresh(), ...counts, left: leaving(get(), runId) });
  },

  hostState(change) {
    // State changes reach here at the live view's next frame, run.ended at once: one sent before the end
    // ("paused" after a single step, then Stop) may come after it, and an ended run never goes on.
    const { left } = get();
    if (left.some((run) => run.runId === change.runId)) {
      return set({ left: left.map((run) => (run.runId === change.runId ? { ...run, phase: phaseAfter(run.phase, change.state), episodesDone: change.episodesDone } : run)) });
    }
    if (change.runId !== get().runId || get().phase === "ended") return;
    set({ phase: phaseAfter(get().phase, change.state), episodesDone: change.episodesDone });
  },

  started(runId) {
    set({ runId, phase: "running" });
  },

  setPhase(phase) {
    set({ phase });
  },

  receive(runId, events) {
    const state = get();
    if (runId === state.runId) return set(counting(state, events));
    if (state.left.some((run) => run.runId === runId)) set({ left: state.left.map((run) => (run.runId === runId ? counting(run, events) : run)) });
  },

  ended(ended) {
    if (ended.runId !== get().runId) return set((state) => ({ left: state.left.filter((run) => run.runId !== ended.runId) }));
    let outcome: string;
    if (ended.outcome === "finished") {
      const { summary } = ended;
      const rate = summary.successRate.value;
      const notActing = summary.endedWithoutActing;
      const idle = notActing ? `, ${shownCount(notActing.episodes)} ended without acting (${notActing.first.why})` : "";
      const error = summary.status === "failed" && summary.error ? `; the first error: ${failureText(summary.error)}` : "";
      // The user did not stop it: the server did, as it stopped (serve's Ctrl+C).
      const status = ended.stoppedByHost ? "stopped as the server stopped" : summary.status;
      outcome = `${status} — ${playedEpisodes(summary.episodes, summary.episodesFailed)}${idle}, success ${shownPercent(rate)}${error}`;
    } else if (ended.outcome === "invalid") outcome = notStartedText(ended.problems);
    else outcome = `crashed: ${ended.message}`;
    set({ phase: "ended", outcome, runDir: ended.outcome === "finished" ? ended.runDir : null, refused: ended.outcome === "invalid" });
  },

  notStarted(problems) {
    set({ phase: "ended", outcome: notStartedText(problems), runDir: null, refused: true });
  },

  failed(message) {
    set({ phase: "ended", outcome: `could not start: ${message}`, runDir: null });
  },

  lost(why) {
    set({ phase: "ended", outcome: `lost contact: ${why}`, runDir: null, left: [] });
  },

  forget(andLeft = false) {
    set((state) => ({ ...fresh(), runId: null, folder: null, phase: "idle", left: andLeft ? [] : state.left }));
  },
}));

/** "not started: 2 problems — <the first's message>", as the status line says of a refused run. */
function notStartedText(problems: readonly Problem[]): string {
  return `not started: ${counted(problems.length, "problem")} — ${problems[0]?.message ?? ""}`;
}
