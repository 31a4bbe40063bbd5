import { z } from "zod";
import { scriptCodeProblem } from "./compile.js";

/**
 * Port types whose values are plain data, so they can cross into the sandbox as JSON (a candidate
 * table as `{ actions, columns }`, a tensor as `{ shape, data }`). Decisions and transitions come
 * in but never go out: they are the executor's account of what happened, not something to forge.
 */
export const scriptInputTypes = ["number", "text", "json", "observation", "candidates", "tensor", "decision", "transition"] as const;
export const scriptOutputTypes = ["number", "text", "json", "observation", "candidates", "tensor"] as const;

export type ScriptInputType = (typeof scriptInputTypes)[number];
export type ScriptOutputType = (typeof scriptOutputTypes)[number];

const portName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a port name is an identifier (letters, digits, _), e.g. candidates")
  .describe("The port's name; `run` reads and returns it as a property");

export const DEFAULT_SCRIPT = `// run(inputs) is called once per step with one value per input port, and returns one value per output port.
function run(inputs: Inputs): Outputs {
  const { actions, columns } = inputs.candidates;
  return { candidates: { actions, columns } };
}
`;

/** A Script node's params: its TypeScript, its own ports, and its sandbox's limits. */
export const scriptParams = z
  .object({
    code: z
      .string()
      .default(DEFAULT_SCRIPT)
      .describe("TypeScript defining function run(inputs) { … return { … } }; a script, so no import or export; see docs/script-node.md"),
    inputs: z
      .array(z.object({ name: portName, type: z.enum(scriptInputTypes) }))
      .default([{ name: "candidates", type: "candidates" }])
      .describe("Input ports, all required; `inputs.<name>` in run"),
    outputs: z
      .array(z.object({ name: portName, type: z.enum(scriptOutputTypes) }))
      .default([{ name: "candidates", type: "candidates" }])
      .describe("Output ports; run must return every one, with a value of its type"),
    timeoutMs: z.number().int().min(1).max(60_000).default(250).describe("Time one call of run (or the top level, at start) may take before it is stopped, built-in calls included"),
    memoryMB: z.number().int().min(4).max(2048).default(32).describe("Memory the script may use in all (its sandbox's heap, on top of QuickJS's own 16 MB)"),
  })
  .superRefine((params, ctx) => {
    const error = scriptCodeProblem(params.code);
    if (error) ctx.addIssue({ code: "custom", path: ["code"], message: error });
    for (const side of ["inputs", "outputs"] as const) {
      const seen = new Set<string>();
      params[side].forEach((port, index) => {
        if (seen.has(port.name)) ctx.addIssue({ code: "custom", path: [side, index, "name"], message: `"${port.name}" is already one of the ${side}` });
        seen.add(port.name);
      });
    }
  });

export type ScriptParams = z.output<typeof scriptParams>;
