import { describe, expect, it } from "vitest";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";
import { scorerFields, stateFields } from "../nodes/llm/prompt-fields.js";
import { checkLlmPolicy, llmParams } from "../nodes/policy/llm.js";
import { placeholdersIn } from "../protocol/prompt-template.js";
import { promptPlaceholders } from "../renderer/prompt-editor/prompt-meta.js";
import { unknownPlaceholdersIn } from "../renderer/prompt-editor/prompt-language.js";

type Schema = Record<string, unknown>;

/** The params schema of a kind's variant, as the editor receives it in the kind catalog. */
function variantSchema(kind: string, variant: string): Record<string, Schema> {
  const entry = kindCatalog(builtinRegistry()).kinds.find((k) => k.kind === kind)!;
  const options = (entry.paramsSchema.oneOf ?? entry.paramsSchema.anyOf) as Schema[];
  const option = options.find((o) => ((o.properties as Record<string, Schema>).variant as Schema).const === variant)!;
  return option.properties as Record<string, Schema>;
}

describe("prompt templates in the kind catalog", () => {
  it("marks the LLM policy's system and prompt with the placeholders it fills, and what each holds", () => {
    const params = variantSchema("policy", "llm");
    for (const field of ["system", "prompt"]) {
      expect(promptPlaceholders(params[field]!)).toEqual(Object.entries(stateFields).map(([name, description]) => ({ name, description })));
    }
    expect(promptPlaceholders(params["model"]!)).toBeUndefined();
  });

  it("offers the LLM Q-scorer's prompts {{action}} and {{candidates}} besides the state's", () => {
    const params = variantSchema("q-scorer", "llm");
    for (const field of ["system", "prompt"]) expect(promptPlaceholders(params[field]!)!.map((p) => p.name)).toEqual(Object.keys(scorerFields));
    expect(promptPlaceholders(params["prompt"]!)!.find((p) => p.name === "candidates")!.description).toMatch(/numbered list/);
  });
});

describe("unknown placeholders", () => {
  it("are found where they stand, by the same rule validation applies", () => {
    const template = "State: {{observation}}\nPick {{ actoins }} or {{step}}{{nope}}";
    expect(placeholdersIn(template).map((p) => template.slice(p.start, p.end))).toEqual(["{{observation}}", "{{ actoins }}", "{{step}}", "{{nope}}"]);
    const placeholders = promptPlaceholders(variantSchema("policy", "llm")["prompt"]!)!;
    expect(unknownPlaceholdersIn(template, placeholders).map((p) => p.name)).toEqual(["actoins", "nope"]);
    const problems = checkLlmPolicy(llmParams.parse({ variant: "llm", prompt: template }));
    expect(problems.map((p) => p.message.split(";")[0])).toEqual(["unknown placeholder {{actoins}}", "unknown placeholder {{nope}}"]);
  });
});
