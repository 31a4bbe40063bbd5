import { useEffect } from "react";
import type { JsonValue, Scene, Transport } from "../../protocol/index.js";
import { episodeDetail } from "./apply-events.js";
import { useTrace, type TraceStore, type TraceView } from "./trace-store.js";
import { stepKey, type StepDetail, type StepRef, type TraceData } from "./trace-types.js";

/** How many episodes the view can scrub over. */
export function episodeCount(data: TraceData): number {
  return Math.max(data.episodes.length, (data.current?.episode ?? -1) + 1);
}

/** How many steps an episode has (so far). */
export function stepCount(view: TraceView, episode: number): number {
  const { data } = view;
  const result = data.episodes[episode]?.episode === episode ? data.episodes[episode] : data.episodes.find((e) => e.episode === episode);
  if (result) return result.steps;
  let count = 0;
  if (data.current?.episode === episode) count = data.current.step + 1;
  const loaded = view.loaded.get(episode);
  if (loaded && typeof loaded === "object" && "steps" in loaded) count = Math.max(count, loaded.steps.length);
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

function loadedDetail(view: TraceView, ref: StepRef | null) {
  const loaded = ref ? view.loaded.get(ref.episode) : undefined;
  return loaded && typeof loaded === "object" && "steps" in loaded ? loaded : undefined;
}

/** The selected step's detail: from memory, or read back from the run's trace.jsonl when it is not (older, or left out). */
export function useSelectedStep(store: TraceStore, transport: Transport): SelectedStep {
  const ref = useTrace(store, (view) => view.selection);
  const memory = useTrace(store, (view) => (view.selection ? view.data.steps.get(stepKey(view.selection.episode, view.selection.step)) : undefined));
  const loaded = useTrace(store, (view) => (view.selection ? view.loaded.get(view.selection.episode) : undefined));
  const liveScene = useTrace(store, (view) => (view.selection ? view.data.scenes.get(view.selection.episode) : undefined));
  const liveLabels = useTrace(store, (view) => view.data.actionLabels);
  const fromDisk = loaded && typeof loaded === "object" && "steps" in loaded ? loaded : undefined;
  const diskStep = ref && fromDisk ? fromDisk.steps.find((step) => step.step === ref.step) : undefined;
  const usable = memory?.end || (memory && !diskStep) ? memory : (diskStep ?? memory);

  useEffect(() => {
    if (!ref) return;
    const view = store.getState();
    const inMemory = view.data.steps.get(stepKey(ref.episode, ref.step));
    if (inMemory?.end && view.data.scenes.has(ref.episode)) return;
    // The newest step of a live run is still arriving: memory has it.
    if (view.data.live && view.followLive) return;
    const loadedNow = view.loaded.get(ref.episode);
    if (loadedNow === "loading") return;
    const have = loadedDetail(view, ref);
    if (have && (have.result || have.steps.some((step) => step.step === ref.step))) return;
    if (loadedNow && typeof loadedNow === "object" && "error" in loadedNow) return;
    const runDir = view.data.runDir;
    if (!runDir || (view.data.start?.traceLevel === "off")) return;
    view.setLoaded(ref.episode, "loading");
    transport.readEpisode(runDir, ref.episode).then(
      (events) => store.getState().setLoaded(ref.episode, episodeDetail(ref.episode, events)),
      (error: Error) => store.getState().setLoaded(ref.episode, { error: error.message }),
    );
  }, [ref, store, transport]);

  return {
    ref,
    detail: usable,
    scene: liveScene ?? fromDisk?.scene,
    actionLabels: liveLabels ?? fromDisk?.actionLabels,
    loading: loaded === "loading",
    error: loaded && typeof loaded === "object" && "error" in loaded ? loaded.error : null,
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
