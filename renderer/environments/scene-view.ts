/** What scene views are given and offer; the registry of views is scene-views.ts. */
import type { ComponentType } from "react";
import type { Action, JsonValue, Scene } from "../../protocol/index.js";

/** A candidate as an environment view draws it: its action, its score, and the verdicts on it (from the kinds' verdict columns). */
export interface CandidateView {
  action: Action;
  score: number | null;
  /** Filtered: not a choice any more. */
  excluded: boolean;
  reason?: string;
  /** The one executed. */
  chosen: boolean;
}

/** What every scene view is given: one step of one episode. */
export interface SceneViewProps<S extends Scene = Scene> {
  scene: S;
  /** The observation the step decided on. */
  observation: JsonValue | undefined;
  candidates: readonly CandidateView[];
  /** The action executed, when the step has ended. */
  chosen?: Action | null;
  /** The episode's earlier observations, oldest first, for a view that draws the path so far. */
  trail?: readonly JsonValue[];
  label: string;
}

/** How the editor draws one scene kind (renderer/environments/<scene kind>/). */
export interface SceneView<S extends Scene = Scene> {
  /** The scene has what this view needs (a shape it knows). */
  accepts(scene: Scene): scene is S;
  View: ComponentType<SceneViewProps<S>>;
  /** A readable name for an action the action space does not name (a continuous one: "force 0.50, -1.00"), or one of a trace that predates `actionLabels`. */
  actionLabel?(scene: S, action: Action): string | undefined;
}

/** A view's `accepts` for a scene of `kind` whose named fields must all be numbers (the classic control worlds' constants). */
export function sceneOfNumbers<S extends Scene>(kind: S["kind"], fields: readonly (keyof S & string)[]): (scene: Scene) => scene is S {
  return (scene): scene is S => scene.kind === kind && fields.every((field) => typeof (scene as Record<string, unknown>)[field] === "number");
}

/** An observation that is a list of `length` numbers (a classic control world's), else null. */
export function numbersOf(observation: JsonValue | undefined, length: number): number[] | null {
  return Array.isArray(observation) && observation.length === length && observation.every((value) => typeof value === "number") ? (observation as number[]) : null;
}
