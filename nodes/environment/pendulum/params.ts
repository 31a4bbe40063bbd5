import { z } from "zod";

/** The pendulum member of the environment node's params; the editor builds its form from these. */
export const pendulumParams = z.object({
  name: z.literal("pendulum").describe("Which environment to build."),
  g: z.number().positive().max(100).default(10).describe("Gravity (Gymnasium's Pendulum-v1 default: 10)."),
  maxEpisodeSteps: z.number().int().min(1).max(100_000).default(200).describe("Steps after which an episode is truncated (Pendulum-v1's time limit: 200)."),
});

export type PendulumParams = z.output<typeof pendulumParams>;
