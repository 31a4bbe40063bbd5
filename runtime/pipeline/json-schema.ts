import { z } from "zod";
import type { NodeRegistry } from "../registry.js";
import { withArticle } from "../../protocol/shown-values.js";
import { withStandardKeywordsOnly } from "./schema-keywords.js";
import { CURRENT_VERSION, nodeSpecSchema, pipelineEnvelopeSchema } from "./schema.js";

/** Every version this build reads: an older file loads (migrated), and `foresight format` rewrites it as the current one. */
const readableVersions = Array.from({ length: CURRENT_VERSION }, (_, i) => i + 1) as [number, ...number[]];

/**
 * The JSON Schema of pipeline files, generated from the envelope and every kind's
 * params schema, so editors (VS Code, the app's own) can complete and check files. Objects take
 * no keys beyond their own (maps, such as an external environment's `makeArgs`, take any). The
 * kinds' own marks (`modelPath`, `usedWhen`, …) are left out, so strict validators accept it:
 * the editor reads them from the kind catalog and hosts from the zod schemas, never from here.
 */
export function pipelineJsonSchema(registry: NodeRegistry): Record<string, unknown> {
  const nodeVariants = registry.all().map((kind) =>
    nodeSpecSchema.extend({
      kind: z.literal(kind.kind).describe(kind.title),
      params: kind.params.describe(`Parameters of ${withArticle(kind.title)} node`),
    }),
  );
  const [first, ...rest] = nodeVariants;
  if (!first) throw new Error("no node kinds are registered");
  const file = pipelineEnvelopeSchema
    .extend({
      version: z.literal(readableVersions).describe(`Format version: this build writes ${CURRENT_VERSION} and migrates older files on load`),
      nodes: z.array(z.discriminatedUnion("kind", [first, ...rest])),
    })
    .describe("A Foresight pipeline file (*.foresight.json)");
  const schema = z.toJSONSchema(file, {
    io: "input",
    unrepresentable: "any",
    // Validation reports a key no schema declares (unknown-keys.ts); editors checking files against this flag it too.
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === "object" && def.catchall === undefined) jsonSchema.additionalProperties = false;
    },
  });
  return withStandardKeywordsOnly(schema) as Record<string, unknown>;
}
