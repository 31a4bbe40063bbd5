import { memo } from "react";
import type { Action, JsonValue, Scene } from "../../protocol/index.js";
import { sceneViewOf, type CandidateView } from "./scene-views.js";

export interface EnvironmentViewProps {
  scene: Scene | undefined;
  observation: JsonValue | undefined;
  candidates?: readonly CandidateView[];
  chosen?: Action | null;
  /** The episode's earlier observations, oldest first. */
  trail?: readonly JsonValue[];
  label?: string;
}

/** The environment at a step: its scene kind's view (scene-views.ts), or the observation as JSON. */
export const EnvironmentView = memo(function EnvironmentView({ scene, observation, candidates = [], chosen, trail, label = "Environment" }: EnvironmentViewProps) {
  const view = sceneViewOf(scene);
  if (view && scene) return <view.View scene={scene} observation={observation} candidates={candidates} chosen={chosen} trail={trail} label={label} />;
  return (
    <div className="observation-json" role="group" aria-label={label}>
      {scene ? <p className="muted">No view for “{scene.kind}” scenes; the observation:</p> : <p className="muted">Observation:</p>}
      <pre className="mono">{observation === undefined ? "(none in this trace)" : shownObservation(observation)}</pre>
    </div>
  );
});

/** The label of an action, e.g. "2 (down)", from the scene's view when it names actions. */
export function actionLabeller(scene: Scene | undefined): (action: Action) => string {
  const view = sceneViewOf(scene);
  return (action) => {
    const label = view && scene ? view.actionLabel?.(scene, action) : undefined;
    if (label !== undefined) return `${shownJson(action)} (${label})`;
    return typeof action === "string" ? action : shownJson(action);
  };
}

/** A number with its fraction at 4 significant digits (0.9778, -20.08, 3): the trace and CSV exports keep the raw value. */
export function shownNumber(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(4));
}

/** JSON with every number as shownNumber gives it ([0.7673, -1.09]): an action readable in a table. */
function shownJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" ? shownNumber(v) : v), indent);
}

/** An observation as JSON, its numbers shortened: a vector of numbers on one line, anything else one field a line. */
function shownObservation(observation: JsonValue): string {
  const flat = Array.isArray(observation) && observation.every((v) => typeof v === "number");
  return flat ? shownJson(observation).replaceAll(",", ", ") : shownJson(observation, 1);
}
