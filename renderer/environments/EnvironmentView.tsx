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
      <pre className="mono">{observation === undefined ? "(none in this trace)" : JSON.stringify(observation, null, 1)}</pre>
    </div>
  );
});

/** The label of an action, e.g. "2 (down)", from the scene's view when it names actions. */
export function actionLabeller(scene: Scene | undefined): (action: Action) => string {
  const view = sceneViewOf(scene);
  return (action) => {
    const label = view && scene ? view.actionLabel?.(scene, action) : undefined;
    if (label !== undefined) return `${shownAction(action)} (${label})`;
    return typeof action === "string" ? action : shownAction(action);
  };
}

/** An action as JSON with its fractions at 4 significant digits ([0.7673, -1.09]): readable in a table; CSV exports keep the raw value. */
function shownAction(action: Action): string {
  return JSON.stringify(action, (_key, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value));
}
