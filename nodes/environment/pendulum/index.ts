import { defineEnvironmentFamily } from "../family.js";
import { Pendulum } from "./pendulum.js";
import { pendulumParams } from "./params.js";

export { Pendulum } from "./pendulum.js";

/** Gymnasium's Pendulum-v1 in TypeScript: swing a rod up and hold it with a bounded torque. */
export const pendulumEnvironment = defineEnvironmentFamily({
  name: "pendulum",
  sceneKind: "pendulum",
  params: pendulumParams,
  create: (params) => Pendulum.create(params),
});
