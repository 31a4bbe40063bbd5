import { z } from "zod";
import type { SceneKinds } from "../../protocol/kinds.js";
import type { Environment } from "../../runtime/environment.js";
import type { EnvironmentContext, EnvironmentFamily } from "./family.js";
import { cartPoleEnvironment } from "./cartpole/index.js";
import { gymnasiumEnvironment, processEnvironment, remoteEnvironment } from "./external/index.js";
import { gridworldEnvironment } from "./gridworld/index.js";
import { pendulumEnvironment } from "./pendulum/index.js";
import { pointMassEnvironment } from "./pointmass/index.js";
import { shoppingEnvironment } from "./shopping/index.js";

/** Every environment the node can build. A new one is a subfolder exporting a family, plus an entry here. */
export const environmentFamilies = [gridworldEnvironment, shoppingEnvironment, pendulumEnvironment, cartPoleEnvironment, pointMassEnvironment, gymnasiumEnvironment, processEnvironment, remoteEnvironment] as const;

type ParamsOf<F extends readonly EnvironmentFamily[]> = { [K in keyof F]: F[K]["params"] };

function paramsOf<const F extends readonly EnvironmentFamily[]>(families: F): ParamsOf<F> {
  return families.map((family) => family.params) as ParamsOf<F>;
}

/** The environment node's params: one object per family, told apart by `name`. */
export const environmentParams = z.discriminatedUnion("name", paramsOf(environmentFamilies));

/** Parsed environment params. */
export type EnvironmentParams = z.output<typeof environmentParams>;

/** The scene kind each family draws, by its `name`, for the kind catalog. */
export const environmentScenes: SceneKinds = {
  param: "name",
  byValue: Object.fromEntries(environmentFamilies.flatMap((family: EnvironmentFamily) => (family.sceneKind ? [[family.name, family.sceneKind]] : []))),
};

/** Builds the environment the params name. */
export function createEnvironment(params: EnvironmentParams, ctx: EnvironmentContext): Environment {
  const family = environmentFamilies.find((candidate) => candidate.name === params.name);
  if (!family) throw new Error(`environment: unknown environment "${params.name}"`);
  // The union parsed these params with this family's own schema (same `name`), so they are its params.
  return family.create(params as never, ctx);
}
