import { memo } from "react";
import type { Action, GridScene, JsonValue, Scene } from "../../../protocol/index.js";
import type { SceneView, SceneViewProps } from "../scene-view.js";
import { GridView } from "./GridView.js";
import { movesOf } from "./moves.js";

function isGridScene(scene: Scene): scene is GridScene {
  return scene.kind === "gridworld" && Array.isArray((scene as GridScene).rows) && Array.isArray((scene as GridScene).actions);
}

/** The agent's cell in a GridWorld observation (`{ agent: [row, col], … }`). */
export function agentOf(observation: JsonValue | undefined): [number, number] | null {
  if (!observation || typeof observation !== "object" || Array.isArray(observation)) return null;
  const agent = observation.agent;
  return Array.isArray(agent) && typeof agent[0] === "number" && typeof agent[1] === "number" ? [agent[0], agent[1]] : null;
}

const GridSceneView = memo(function GridSceneView({ scene, observation, candidates, chosen, trail, label }: SceneViewProps<GridScene>) {
  const path = (trail ?? []).map(agentOf).filter((cell): cell is [number, number] => cell !== null);
  return <GridView scene={scene} agent={agentOf(observation)} moves={movesOf(candidates, chosen)} trail={path} label={label} />;
});

/** GridWorld: the map, the agent, an arrow per candidate move. */
export const gridworldView: SceneView<GridScene> = {
  accepts: isGridScene,
  View: GridSceneView,
  actionLabel: (scene: GridScene, action: Action) => (typeof action === "number" ? scene.actions[action]?.label : undefined),
};
