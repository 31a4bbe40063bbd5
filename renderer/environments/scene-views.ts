import type { Scene } from "../../protocol/index.js";
import { cartPoleView } from "./cartpole/index.js";
import { gridworldView } from "./gridworld/index.js";
import { mountainCarView } from "./mountaincar/index.js";
import { pendulumView } from "./pendulum/index.js";
import { pointMassView } from "./pointmass/index.js";
import { shoppingView } from "./shopping/index.js";
import type { SceneView } from "./scene-view.js";

export type { CandidateView, SceneView, SceneViewProps } from "./scene-view.js";

/**
 * One view per scene kind, keyed by `Scene.kind`, the name an environment family declares
 * (`sceneKind`, carried by the kind catalog). Scene kinds are not node kinds.
 */
export const sceneViews: Readonly<Record<string, SceneView>> = {
  gridworld: gridworldView as unknown as SceneView,
  shopping: shoppingView as unknown as SceneView,
  pointmass: pointMassView as unknown as SceneView,
  pendulum: pendulumView as unknown as SceneView,
  cartpole: cartPoleView as unknown as SceneView,
  mountaincar: mountainCarView as unknown as SceneView,
};

/** The view for `scene`, when the editor has one that accepts it. */
export function sceneViewOf(scene: Scene | undefined): SceneView | undefined {
  const view = scene ? sceneViews[scene.kind] : undefined;
  return view && scene && view.accepts(scene) ? view : undefined;
}
