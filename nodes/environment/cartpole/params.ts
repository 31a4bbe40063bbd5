import { z } from "zod";

/** The cartpole member of the environment node's params; the editor builds its form from these. */
export const cartPoleParams = z.object({
  name: z.literal("cartpole").describe("Which environment to build."),
  maxEpisodeSteps: z.number().int().min(1).max(100_000).default(500).describe("Steps after which an episode is truncated (CartPole-v1's time limit: 500)."),
});

export type CartPoleParams = z.output<typeof cartPoleParams>;
