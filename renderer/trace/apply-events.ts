import { withNote, type EpisodeResult, type RunEvent, type Scene } from "../../protocol/index.js";
import { emptyTrace, stepKey, type NodeBadge, type StepDetail, type TraceData } from "./trace-types.js";

/** Bounds of what a view keeps in memory; trace.jsonl keeps everything. */
export interface TraceLimits {
  steps: number;
  episodes: number;
  scenes: number;
  errors: number;
}

export const LIVE_LIMITS: TraceLimits = { steps: 200, episodes: 50_000, scenes: 64, errors: 100 };
export const UNBOUNDED: TraceLimits = { steps: Infinity, episodes: Infinity, scenes: Infinity, errors: Infinity };

/**
 * Folds a batch of events into a new TraceData. Only what changed is copied, so selectors over
 * untouched parts (another node's badge, an older step) keep their references.
 */
export function applyEvents(prev: TraceData, events: readonly RunEvent[], limits: TraceLimits = LIVE_LIMITS): TraceData {
  const next: TraceData = { ...prev };
  let steps: Map<string, StepDetail> | null = null;
  let scenes: typeof prev.scenes | null = null;
  let status: Record<string, NodeBadge> | null = null;
  let episodes: typeof prev.episodes | null = null;
  /** Step objects made in this batch: safe to change in place. */
  const fresh = new Set<StepDetail>();

  const stepsW = () => (steps ??= new Map(prev.steps));
  const statusW = () => (status ??= { ...prev.nodeStatus });
  const setBadge = (node: string, badge: NodeBadge) => {
    const old = statusW()[node];
    statusW()[node] = old?.lastError && !badge.lastError ? { ...badge, lastError: old.lastError } : badge;
  };
  const stepW = (episode: number, step: number, t: number): StepDetail => {
    const map = stepsW();
    const key = stepKey(episode, step);
    let detail = map.get(key);
    if (detail && fresh.has(detail)) return detail;
    detail = detail ? { ...detail, nodes: [...detail.nodes] } : { episode, step, t, nodes: [] };
    fresh.add(detail);
    if (!map.has(key) && map.size >= limits.steps) map.delete(map.keys().next().value!);
    map.set(key, detail);
    return detail;
  };

  for (const event of events) {
    switch (event.type) {
      case "run.start":
        next.start = event;
        break;
      case "episode.start":
        if (event.scene) {
          scenes ??= new Map(prev.scenes);
          if (scenes.size >= limits.scenes) scenes.delete(scenes.keys().next().value!);
          scenes.set(event.episode, event.scene);
        }
        if (event.actionLabels && !next.actionLabels) next.actionLabels = event.actionLabels;
        // `current` moves with the episode's first step.start, not here: a run paused between episodes
        // (it pauses before a step starts) then shows its last step played, whole, and can fork from it.
        break;
      case "step.start":
        stepW(event.episode, event.step, event.t);
        next.current = { episode: event.episode, step: event.step };
        break;
      case "node.start": {
        const detail = stepW(event.episode, event.step, event.t);
        detail.nodes.push({ node: event.node, kind: event.kind, t: event.t });
        next.current = { episode: event.episode, step: event.step };
        setBadge(event.node, { state: "running", ms: statusW()[event.node]?.ms });
        break;
      }
      case "node.end": {
        const detail = stepW(event.episode, event.step, event.t);
        const index = detail.nodes.findLastIndex((run) => run.node === event.node && run.ms === undefined);
        const run = { node: event.node, kind: event.kind, t: event.t - event.ms, ms: event.ms, inputs: event.inputs, outputs: event.outputs };
        if (index >= 0) detail.nodes[index] = { ...run, t: detail.nodes[index]!.t };
        else detail.nodes.push(run);
        setBadge(event.node, { state: "done", ms: event.ms });
        break;
      }
      case "node.error": {
        const { type: _type, t, ends: _ends, outputs, ...failure } = event;
        if (event.episode >= 0) {
          const detail = stepW(event.episode, event.step, t);
          const index = detail.nodes.findLastIndex((run) => run.node === event.node && run.ms === undefined);
          const kept = outputs ? { outputs } : {};
          if (index >= 0) detail.nodes[index] = { ...detail.nodes[index]!, ms: t - detail.nodes[index]!.t, error: event.message, ...kept };
          else detail.nodes.push({ node: event.node, kind: event.kind, t, error: event.message, ...kept });
        }
        statusW()[event.node] = { state: "error", ms: prev.nodeStatus[event.node]?.ms, lastError: failure };
        next.errors = [...next.errors, failure].slice(-limits.errors);
        break;
      }
      case "model.load": {
        const { type: _type, t: _t, ms: _ms, ...use } = event;
        next.models = [...next.models, use];
        break;
      }
      case "step.end": {
        const detail = stepW(event.episode, event.step, event.t - event.ms);
        detail.end = event;
        next.current = { episode: event.episode, step: event.step };
        break;
      }
      case "episode.end": {
        const { type: _type, t: _t, ...result } = event;
        if (prev.readBack?.has(result.episode)) break;
        episodes ??= [...prev.episodes];
        if (episodes.length < limits.episodes) episodes.push(result);
        if (event.status === "stopped") next.current = lastPlayedStep(next.current, steps ?? prev.steps);
        break;
      }
      case "run.end":
        next.end = event;
        next.live = false;
        for (const [node, badge] of Object.entries(statusW())) {
          const ended = endedBadge(badge);
          if (ended) statusW()[node] = ended;
          else delete statusW()[node];
        }
        break;
      case "node.log":
        next.notes = withNote(next.notes, { node: event.node, message: event.message });
        break;
    }
  }
  if (steps) next.steps = steps;
  if (scenes) next.scenes = scenes;
  if (status) next.nodeStatus = status;
  if (episodes) next.episodes = episodes;
  return next;
}

/**
 * A badge once its run has ended, however it ended: a call Stop cut short sends no node.end, so it is
 * no longer running; the node shows its last finished call (or its error), or nothing if it finished none.
 */
export function endedBadge(badge: NodeBadge | undefined): NodeBadge | undefined {
  if (badge?.state !== "running") return badge;
  if (badge.ms !== undefined) return { ...badge, state: "done" };
  return badge.lastError ? { ...badge, state: "error" } : undefined;
}

/** One episode's events as read back from trace.jsonl: its scene, its action names and every step. */
export interface EpisodeDetail {
  episode: number;
  scene: Scene | undefined;
  actionLabels: readonly string[] | undefined;
  steps: StepDetail[];
  result: EpisodeResult | undefined;
}

export function episodeDetail(episode: number, events: readonly RunEvent[]): EpisodeDetail {
  const data = applyEvents(emptyTrace(), events, UNBOUNDED);
  return {
    episode,
    scene: data.scenes.get(episode),
    actionLabels: data.actionLabels,
    steps: [...data.steps.values()].filter((s) => s.episode === episode).sort((a, b) => a.step - b.step),
    result: data.episodes.find((e) => e.episode === episode),
  };
}

/**
 * Where the view stands once Stop cut an episode short: a step Stop cut off mid-way (started, not
 * ended, no node failed) was never played; the last step that ended is shown instead, in an
 * earlier episode where Stop came before the episode's first step ended.
 */
function lastPlayedStep(current: TraceData["current"], steps: ReadonlyMap<string, StepDetail>): TraceData["current"] {
  const detail = current && steps.get(stepKey(current.episode, current.step));
  if (!detail || detail.end || detail.nodes.some((run) => run.error !== undefined)) return current;
  const ended = [...steps.values()].findLast((step) => step.end !== undefined);
  return ended ? { episode: ended.episode, step: ended.step } : current;
}
