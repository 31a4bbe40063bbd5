import { create, useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { RunEvent } from "../../protocol/index.js";
import { applyEvents, type EpisodeDetail } from "./apply-events.js";
import { emptyTrace, stepKey, type NodeRun, type StepRef, type TraceData } from "./trace-types.js";

/**
 * While following a fast live run, the selected step moves at most this often: the counters and
 * badges update every frame, but a table that changes 60 times a second cannot be read anyway.
 */
const FOLLOW_MS = 250;

/** Episodes read back from disk that a view keeps (the selected one and a few neighbours). */
const LOADED_EPISODES = 8;

export type LoadedEpisode = EpisodeDetail | "loading" | { error: string };

/** The episode's detail as read, if it was (not while it is being read, nor after a failed read). */
export function detailOf(loaded: LoadedEpisode | undefined): EpisodeDetail | undefined {
  return typeof loaded === "object" && "steps" in loaded ? loaded : undefined;
}

/** Why the episode could not be read, if it could not. */
export function readErrorOf(loaded: LoadedEpisode | undefined): string | null {
  return typeof loaded === "object" && "error" in loaded ? loaded.error : null;
}

/** One run as a view shows it: its trace data, and which step the user looks at. */
export interface TraceView {
  data: TraceData;
  /** Follow the newest step of a live run (pausing the view does not pause the run). */
  followLive: boolean;
  /** The step the inspector shows (the newest while following live). */
  selection: StepRef | null;
  loaded: Map<number, LoadedEpisode>;
  /**
   * The node calls the user opened in the step's inputs and outputs (callId), kept here, not in the
   * items: they are drawn anew when the step is read from trace.jsonl or the run ends, and they stay
   * open as the user moves from step to step.
   */
  openCalls: ReadonlySet<string>;

  reset(data: Partial<TraceData>): void;
  apply(events: readonly RunEvent[], dropped: number): void;
  select(ref: StepRef): void;
  setFollowLive(follow: boolean): void;
  setLoaded(episode: number, loaded: LoadedEpisode): void;
  setCallOpen(call: string, open: boolean): void;
}

export type TraceStore = StoreApi<TraceView>;

export function createTraceStore(): TraceStore {
  let lastFollow = 0;
  let followTimer: ReturnType<typeof setTimeout> | null = null;
  return createStore<TraceView>()((set, get) => ({
    data: emptyTrace(),
    followLive: true,
    selection: null,
    loaded: new Map(),
    openCalls: new Set(),

    reset(data) {
      set({ data: emptyTrace(data), selection: null, loaded: new Map(), followLive: true, openCalls: new Set() });
    },

    apply(events, dropped) {
      const { data, followLive, selection } = get();
      const next = applyEvents(data, events);
      if (dropped > 0) next.dropped = data.dropped + dropped;
      // Episodes read while the run wrote its file may lack their end: read them again from the whole file.
      if (data.live && !next.live) set({ loaded: wholeEpisodes(get().loaded) });
      if (!(followLive || !selection)) return set({ data: next });
      const now = performance.now();
      if (now - lastFollow >= FOLLOW_MS || !selection) {
        lastFollow = now;
        return set({ data: next, selection: next.current });
      }
      set({ data: next });
      // Catch up with the newest step once the burst is over (a paused run shows its last step).
      followTimer ??= setTimeout(() => {
        followTimer = null;
        lastFollow = performance.now();
        if (get().followLive) set({ selection: get().data.current });
      }, FOLLOW_MS);
    },

    select(ref) {
      set({ selection: ref, followLive: false });
    },

    setFollowLive(follow) {
      set({ followLive: follow, ...(follow ? { selection: get().data.current } : {}) });
    },

    setLoaded(episode, loaded) {
      const map = new Map(get().loaded);
      map.delete(episode);
      map.set(episode, loaded);
      while (map.size > LOADED_EPISODES) map.delete(map.keys().next().value!);
      set({ loaded: map });
    },

    setCallOpen(call, open) {
      if (get().openCalls.has(call) === open) return;
      const calls = new Set(get().openCalls);
      if (open) calls.add(call);
      else calls.delete(call);
      set({ openCalls: calls });
    },
  }));
}

/** The episodes read back whole (to their end), of those read. */
function wholeEpisodes(loaded: ReadonlyMap<number, LoadedEpisode>): Map<number, LoadedEpisode> {
  return new Map([...loaded].filter(([, episode]) => detailOf(episode)?.result !== undefined));
}

/** The run the editor shows: the one it started, or one re-opened from disk. */
export const mainTrace = createTraceStore();
/** A fork's run, shown beside the episode it branched from. */
export const forkTrace = createTraceStore();

/** The run the run panel shows (the fork while its tab is open, else the main run): the node badges follow it. */
export const useShownTrace = create<{ store: TraceStore }>()(() => ({ store: mainTrace }));

/** A node's call within its step, the same however the step was read: the node, and which of its calls this is where it ran more than once. */
export function callId(nodes: readonly NodeRun[], index: number): string {
  const node = nodes[index]!.node;
  const earlier = nodes.slice(0, index).filter((call) => call.node === node).length;
  return earlier === 0 ? node : `${node}#${earlier}`;
}

/** A node's call at the step the view shows (its last, if it ran more than once), from memory or the episode read back from disk. */
export function shownStepCall(view: TraceView, node: string): NodeRun | undefined {
  const ref = view.selection;
  if (!ref) return undefined;
  const detail = view.data.steps.get(stepKey(ref.episode, ref.step)) ?? detailOf(view.loaded.get(ref.episode))?.steps.find((step) => step.step === ref.step);
  return detail?.nodes.findLast((call) => call.node === node);
}

export function useTrace<T>(store: TraceStore, selector: (view: TraceView) => T): T {
  return useStore(store, selector);
}
