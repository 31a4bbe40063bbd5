import { defineEnvironmentFamily } from "../family.js";
import { CartPole } from "./cartpole.js";
import { cartPoleParams } from "./params.js";

export { CartPole } from "./cartpole.js";

/** Gymnasium's CartPole-v1 in TypeScript: keep a pole upright by pushing its cart left or right. */
export const cartPoleEnvironment = defineEnvironmentFamily({
  name: "cartpole",
  sceneKind: "cartpole",
  params: cartPoleParams,
  create: (params) => CartPole.create(params),
});
