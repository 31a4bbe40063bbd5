import { defineEnvironmentFamily } from "../family.js";
import { PointMass } from "./point-mass.js";
import { pointMassParams } from "./params.js";

export { PointMass } from "./point-mass.js";

/** A point mass pushed to a goal among circular obstacles; its Gymnasium copy is foresight_env.point_mass:PointMass-v0. */
export const pointMassEnvironment = defineEnvironmentFamily({
  name: "pointmass",
  sceneKind: "pointmass",
  params: pointMassParams,
  create: (params) => PointMass.create(params),
});
