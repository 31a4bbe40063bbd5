import { describe, expect, it } from "vitest";
import { kindCatalog } from "../host/editor-api/kind-catalog.js";
import { builtinRegistry } from "../nodes/index.js";
import { scorerFields, stateFields } from "../nodes/llm/prompt-fields.js";
import { checkLlmPolicy, llmParams } from "../nodes/policy/llm.js";
import type { CheckContext } from "../runtime/node-kind.js";
import { placeholdersIn, replacePlaceholders, templateProblems } from "../protocol/prompt-template.js";
import { fillTemplate } from "../nodes/llm/template.js";
import { promptPlaceholders } from "../renderer/prompt-editor/prompt-meta.js";

type Schema = Record<string, unknown>;

/** A check of an LLM node on a server: it reads no file, so no folder matters. */
const httpCheck = { pipelineDir: ".", environment: undefined } as CheckContext;

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
    const known = promptPlaceholders(variantSchema("policy", "llm")["prompt"]!)!.map((p) => p.name);
    expect(templateProblems(template, known).map((p) => template.slice(p.start, p.end))).toEqual(["{{ actoins }}", "{{nope}}"]);
    const problems = checkLlmPolicy(llmParams.parse({ variant: "llm", prompt: template }), httpCheck);
    expect(problems.map((p) => p.message.split(";")[0])).toEqual(["unknown placeholder {{actoins}}", "unknown placeholder {{nope}}"]);
  });
});

describe("braces that are no placeholder", () => {
  it("are problems where they stand: an unclosed {{, a name that is not one; a lone }} is text", () => {
    const template = "Actions: {{actions}\nState: {{ foo.bar }} {{}}\nDone }} {{observation";
    const problems = templateProblems(template, ["actions", "observation"]);
    expect(problems.map((p) => template.slice(p.start, p.end))).toEqual(["{{actions}", "{{ foo.bar }}", "{{}}", "{{observation"]);
    expect(problems.map((p) => p.message)).toEqual([
      "{{actions} is not closed: a placeholder is {{name}} (\\{{ writes literal braces)",
      "{{ foo.bar }} is not a placeholder: a name is letters, digits and _ (\\{{ writes literal braces)",
      "{{}} is not a placeholder: a name is letters, digits and _ (\\{{ writes literal braces)",
      "{{observation is not closed: a placeholder is {{name}} (\\{{ writes literal braces)",
    ]);
  });

  it("leave JSON that closes two objects at once as it is", () => {
    const template = 'Reply as {"move": {"name": "up"}} at step {{step}}';
    expect(templateProblems(template, ["step"])).toEqual([]);
    expect(replacePlaceholders(template, () => "3")).toBe('Reply as {"move": {"name": "up"}} at step 3');
  });

  it("fail validation with the field's pointer, and a run that skipped it, instead of reaching the model", () => {
    const problems = checkLlmPolicy(llmParams.parse({ variant: "llm", prompt: "Actions: {{actions}\nthen }}" }), httpCheck);
    expect(problems.map((p) => [p.path, p.message.split(":")[0]])).toEqual([
      [["prompt"], "{{actions} is not closed"],
    ]);
    expect(() => fillTemplate("Actions: {{actions}", { actions: "up" }, "prompt")).toThrow("prompt: {{actions} is not closed");
  });

  it("are written with a backslash: \\{{ and \\}} are literal braces, and single braces are text", () => {
    const template = "Reply as {\"action\": \\{{actions\\}}} in \\{{ braces \\}}; {{{step}}}";
    expect(templateProblems(template, ["actions", "step"])).toEqual([]);
    expect(placeholdersIn(template).map((p) => p.name)).toEqual(["step"]);
    expect(replacePlaceholders(template, () => "7")).toBe("Reply as {\"action\": {{actions}}} in {{ braces }}; {7}");
  });
});
