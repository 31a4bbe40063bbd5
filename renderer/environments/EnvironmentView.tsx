import { memo } from "react";
import type { Action, CandidateRow, GridScene, JsonValue, Scene } from "../../protocol/index.js";
import { GridView } from "./gridworld/GridView.js";
import { movesOf } from "./gridworld/moves.js";

export interface EnvironmentViewProps {
  scene: Scene | undefined;
  observation: JsonValue | undefined;
  candidates?: readonly CandidateRow[];
  scoreColumn: string | null;
  chosen?: Action | null;
  trail?: [number, number][];
  label?: string;
}

function isGridScene(scene: Scene | undefined): scene is GridScene {
  return scene?.kind === "gridworld" && Array.isArray((scene as GridScene).rows);
}

function agentOf(observation: JsonValue | undefined): [number, number] | null {
  if (!observation || typeof observation !== "object" || Array.isArray(observation)) return null;
  const agent = observation.agent;
  return Array.isArray(agent) && typeof agent[0] === "number" && typeof agent[1] === "number" ? [agent[0], agent[1]] : null;
}

/** The environment at a step: the scene kind's own view (renderer/environments/<kind>/), or the observation as JSON. */
export const EnvironmentView = memo(function EnvironmentView({ scene, observation, candidates, scoreColumn, chosen, trail, label = "Environment" }: EnvironmentViewProps) {
  if (isGridScene(scene))
    return <GridView scene={scene} agent={agentOf(observation)} moves={movesOf(candidates, scoreColumn, chosen)} trail={trail} label={label} />;
  return (
    <div className="observation-json" role="group" aria-label={label}>
      {scene ? <p className="muted">No view for “{scene.kind}” scenes; the observation:</p> : <p className="muted">Observation:</p>}
      <pre className="mono">{observation === undefined ? "(none in this trace)" : JSON.stringify(observation, null, 1)}</pre>
    </div>
  );
});

/** The label of a discrete action, e.g. "2 (down)", from the scene's action list. */
export function actionLabeller(scene: Scene | undefined): (action: Action) => string {
  const actions = isGridScene(scene) ? scene.actions : undefined;
  return (action) => {
    if (typeof action === "number" && actions?.[action]) return `${action} (${actions[action]!.label})`;
    return typeof action === "string" ? action : JSON.stringify(action);
  };
}

export { agentOf };
