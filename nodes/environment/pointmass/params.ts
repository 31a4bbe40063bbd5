import { z } from "zod";

/** The pointmass member of the environment node's params; the editor builds its form from these. */
export const pointMassParams = z.object({
  name: z.literal("pointmass").describe("Which environment to build."),
  obstacles: z.number().int().min(1).max(8).default(3).describe("Circular obstacles per layout (the first always near the straight line from start to goal); each adds 3 numbers to the observation."),
  maxEpisodeSteps: z.number().int().min(1).max(100_000).default(100).describe("Steps after which an episode is truncated (0.1 s each; a straight run takes about 20)."),
});

export type PointMassParams = z.output<typeof pointMassParams>;
