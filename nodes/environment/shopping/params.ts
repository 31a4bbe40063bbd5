import { z } from "zod";

/** The shopping member of the environment node's params; the editor builds its form from these. */
export const shoppingParams = z.object({
  name: z.literal("shopping").describe("Which environment to build."),
  products: z.number().int().min(50).max(50_000).default(2000).describe("Products in the generated catalogue."),
  catalogueSeed: z.number().int().min(0).default(0).describe("Seed of the catalogue: the same seed and size give the same products (episodes draw their instructions from the run seed)."),
  difficulty: z
    .enum(["easy", "medium", "hard", "mixed"])
    .default("mixed")
    .describe("How much instructions ask: easy (1 attribute), medium (2 attributes, 1 option), hard (3 attributes, 2 options, tight price); mixed draws one per episode."),
});
