import { useEffect } from "react";
import type { JsonValue, Scene, Transport } from "../../protocol/index.js";
import { episodeDetail } from "./apply-events.js";
import { detailOf, readErrorOf, useTrace, type TraceStore, type TraceView } from "./trace-store.js";
import { stepKey, type StepDetail, type StepRef, type TraceData } from "./trace-types.js";

/** The lowest and highest episode numbers among the results, per results array (a live run replaces the array as it grows). */
const episodeRanges = new WeakMap<TraceData["episodes"], { lowest: number; highest: number }>();

function episodeRange(episodes: TraceData["episodes"]): { lowest: number; highest: number } {
  let range = episodeRanges.get(episodes);
  if (!range) {
    range = { lowest: Infinity, highest: -1 };
    for (const result of episodes) {
      range.lowest = Math.min(range.lowest, result.episode);
      range.highest = Math.max(range.highest, result.episode);
    }
    episodeRanges.set(episodes, range);
  }
  return range;
}

/**
 * The run's first episode: for a fork the episode it re-ran (a fork of episode 2 plays episode 2 alone), else the
 * lowest the results hold. Not the first in the file: a run with workers writes episodes in the order they finish.
 */
export function firstEpisode(data: TraceData): number {
  if (data.start?.fork) return data.start.fork.episode;
  const { lowest } = episodeRange(data.episodes);
  return Number.isFinite(lowest) ? Math.min(lowest, data.current?.episode ?? lowest) : 0;
}

/** One past the last episode the view can scrub over: the highest episode with a result, or the one playing now. */
export function episodeCount(data: TraceData): number {
  return Math.max(episodeRange(data.episodes).highest + 1, (data.current?.episode ?? -1) + 1);
}

/** How many steps an episode has (so far); one that failed counts its failed step, so the view can show the error there. */
export function stepCount(view: TraceView, episode: number): number {
  const { data } = view;
  const result = data.episodes[episode]?.episode === episode ? data.episodes[episode] : data.episodes.find((e) => e.episode === episode);
  // The node error ended the episode at step `steps`, which no step.end counted.
  if (result) return result.status === "error" ? result.steps + 1 : result.steps;
  let count = 0;
  if (data.current?.episode === episode) count = data.current.step + 1;
  const loaded = detailOf(view.loaded.get(episode));
  if (loaded) count = Math.max(count, loaded.steps.length);
  return count;
}

export interface SelectedStep {
  ref: StepRef | null;
  detail: StepDetail | undefined;
  scene: Scene | undefined;
  actionLabels: readonly string[] | undefined;
  loading: boolean;
  error: string | null;
}

/** A live run's trace.jsonl is written a little behind the events the view gets: a step read before it got there is read again this much later. */
const LIVE_REREAD_MS = 300;

/**
 * Whether the selected step must be read from the run's trace.jsonl: `now`, `again` (a live run's
 * episode was read before the step's end reached the file), or `none` (memory or the file read has
 * it, a read is under way or failed, or there is no file to read).
 */
export function episodeRead(view: TraceView, ref: StepRef): "now" | "again" | "none" {
  const { data } = view;
  if (data.steps.get(stepKey(ref.episode, ref.step))?.end && data.scenes.has(ref.episode)) return "none";
  // The newest step of a live run is still arriving: memory has it.
  if (data.live && view.followLive) return "none";
  if (!data.runDir || data.start?.traceLevel === "off") return "none";
  const loaded = view.loaded.get(ref.episode);
  if (loaded === "loading" || readErrorOf(loaded) !== null) return "none";
  const have = detailOf(loaded);
  if (!have) return "now";
  if (have.result || !data.live) return "none";
  return have.steps.some((step) => step.step === ref.step && step.end) ? "none" : "again";
}

/** The selected step's detail: from memory, or read back from the run's trace.jsonl when it is not (older, or left out). */
export function useSelectedStep(store: TraceStore, transport: Transport): SelectedStep {
  const ref = useTrace(store, (view) => view.selection);
  const memory = useTrace(store, (view) => (view.selection ? view.data.steps.get(stepKey(view.selection.episode, view.selection.step)) : undefined));
  const loaded = useTrace(store, (view) => (view.selection ? view.loaded.get(view.selection.episode) : undefined));
  const read = useTrace(store, (view) => (view.selection ? episodeRead(view, view.selection) : "none"));
  const liveScene = useTrace(store, (view) => (view.selection ? view.data.scenes.get(view.selection.episode) : undefined));
  const liveLabels = useTrace(store, (view) => view.data.actionLabels);
  const fromDisk = detailOf(loaded);
  const diskStep = ref && fromDisk ? fromDisk.steps.find((step) => step.step === ref.step) : undefined;
  const usable = memory?.end || (memory && !diskStep) ? memory : (diskStep ?? memory);

  useEffect(() => {
    if (!ref || read === "none") return;
    const readEpisode = () => {
      const view = store.getState();
      view.setLoaded(ref.episode, "loading");
      transport.readEpisode(view.data.runDir!, ref.episode).then(
        (events) => store.getState().setLoaded(ref.episode, episodeDetail(ref.episode, events)),
        (error: Error) => store.getState().setLoaded(ref.episode, { error: error.message }),
      );
    };
    if (read === "now") return readEpisode();
    const timer = setTimeout(readEpisode, LIVE_REREAD_MS);
    return () => clearTimeout(timer);
  }, [ref, read, store, transport]);

  return {
    ref,
    detail: usable,
    scene: liveScene ?? fromDisk?.scene,
    actionLabels: liveLabels ?? fromDisk?.actionLabels,
    loading: loaded === "loading" || read === "again",
    error: readErrorOf(loaded),
  };
}

/**
 * The observation a step decided on: step.end's, or, while the step runs, the observation output of
 * the node whose kind has the environment role (`observationOutput`, from the kind catalog).
 */
export function observationOf(detail: StepDetail | undefined, observationOutput: (kind: string) => string | undefined): JsonValue | undefined {
  if (!detail) return undefined;
  if (detail.end?.observation !== undefined) return detail.end.observation;
  for (const run of detail.nodes) {
    const port = observationOutput(run.kind);
    if (port !== undefined && run.outputs && port in run.outputs) return run.outputs[port];
  }
  return undefined;
}
