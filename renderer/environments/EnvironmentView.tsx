import { memo } from "react";
import { discreteActionName, shownAction, type Action, type JsonValue, type Scene } from "../../protocol/index.js";
import { ObservationView } from "./ObservationView.js";
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

/** The environment at a step: its scene kind's view (scene-views.ts), or the observation's fields (ObservationView). */
export const EnvironmentView = memo(function EnvironmentView({ scene, observation, candidates = [], chosen, trail, label = "Environment" }: EnvironmentViewProps) {
  const view = sceneViewOf(scene);
  if (view && scene) return <view.View scene={scene} observation={observation} candidates={candidates} chosen={chosen} trail={trail} label={label} />;
  return (
    <div className="observation-json" role="group" aria-label={label}>
      {scene ? <p className="muted">No view for “{scene.kind}” scenes; the observation:</p> : <p className="muted">Observation:</p>}
      {observation === undefined ? <pre className="mono">(none in this trace)</pre> : <ObservationView observation={observation} />}
    </div>
  );
});

/**
 * The label of an action, e.g. "2 (down)": the action space's name for a discrete action
 * (episode.start's `actionLabels`), else the scene's view's for a continuous one ("force 0.50, -1.00").
 */
export function actionLabeller(scene: Scene | undefined, actionLabels: readonly string[] | undefined): (action: Action) => string {
  const view = sceneViewOf(scene);
  return (action) => shownAction(action, discreteActionName(action, actionLabels) ?? (view && scene ? view.actionLabel?.(scene, action) : undefined));
}

