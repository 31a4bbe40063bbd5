import { memo } from "react";
import type { JsonValue, Scene, ShoppingObservation, ShoppingScene } from "../../../protocol/index.js";
import type { SceneView, SceneViewProps } from "../scene-view.js";
import { marksOf } from "./marks.js";
import { ShopPage } from "./ShopPage.js";
import "./shopping.css";

function isShoppingScene(scene: Scene): scene is ShoppingScene {
  const candidate = scene as Partial<ShoppingScene>;
  return scene.kind === "shopping" && typeof candidate.instruction === "string" && typeof candidate.goal === "object" && candidate.goal !== null;
}

/** The observation, when it is a shopping one (`{ instruction, page: { kind, … } }`). */
export function shoppingObservationOf(observation: JsonValue | undefined): ShoppingObservation | null {
  if (!observation || typeof observation !== "object" || Array.isArray(observation)) return null;
  const page = observation.page;
  if (typeof observation.instruction !== "string" || !page || typeof page !== "object" || Array.isArray(page) || typeof page.kind !== "string") return null;
  return observation as unknown as ShoppingObservation;
}

const ShoppingSceneView = memo(function ShoppingSceneView({ scene, observation, candidates, chosen, label }: SceneViewProps<ShoppingScene>) {
  return <ShopPage scene={scene} observation={shoppingObservationOf(observation)} marks={marksOf(candidates, chosen)} label={label} />;
});

/** The shopping task: the page as a small web page, each candidate marked on the element it acts on. */
export const shoppingView: SceneView<ShoppingScene> = {
  accepts: isShoppingScene,
  View: ShoppingSceneView,
};
