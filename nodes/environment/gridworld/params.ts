import { z } from "zod";
import { namedMapNames } from "./maps.js";

/** The gridworld member of the environment node's params; the editor builds its form from these. */
export const gridworldParams = z.object({
  name: z.literal("gridworld").describe("Which environment to build."),
  map: z
    .enum([...namedMapNames, "random"])
    .default("lava-bridge")
    .describe("Built-in map, or \"random\" for a new seeded map every episode."),
  size: z.number().int().min(5).max(25).default(9).describe("Side length of random maps, in cells (ignored by built-in maps)."),
  slip: z
    .number()
    .min(0)
    .max(0.5)
    .default(0)
    .describe("Probability that a move slips to one of the two sideways directions instead."),
  gamma: z.number().gt(0).max(1).default(0.99).describe("Discount used by the exact Q values (value iteration)."),
});
