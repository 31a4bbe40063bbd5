import { defineEnvironmentFamily } from "../family.js";
import { createGridWorld } from "./create.js";
import { gridworldParams } from "./params.js";

export { createGridWorld, type GridWorldConfig } from "./create.js";
export { GridWorld } from "./gridworld.js";
export { namedMapNames, type NamedMap } from "./maps.js";
export { gridworldParams } from "./params.js";

/** The grid with walls, lava and a goal. */
export const gridworldEnvironment = defineEnvironmentFamily({
  name: "gridworld",
  sceneKind: "gridworld",
  params: gridworldParams,
  create: (params) => createGridWorld(params),
});
