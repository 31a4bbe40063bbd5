import { defineNodeKind, type InputPort, type InputPorts, type OutputPorts, type OutputValues } from "../../runtime/node-kind.js";
import { fromScript, toScript } from "./boundary.js";
import { inScriptColumns } from "./column-map.js";
import { compileScript } from "./compile.js";
import { scriptParams, type ScriptParams } from "./params.js";
import { PRINT_LIMITS, ScriptSandbox, type Printed } from "./sandbox.js";
import { isPromiseLike } from "../../runtime/maybe-promise.js";

/**
 * Glue in TypeScript: `function run(inputs) { … return { … } }`, called once per step in a QuickJS
 * sandbox, with the ports the node's params declare. The contract is in docs/script-node.md.
 */
export const scriptKind = defineNodeKind({
  kind: "script",
  title: "Script",
  description:
    "Runs your TypeScript function run(inputs) once per step, sandboxed (no files, network or process; time and " +
    "memory limits), with the input and output ports you declare. Pipelines with scripts run only once trusted.",
  params: scriptParams,
  runsUserCode: true,
  inputs: {
    candidates: { type: "candidates", description: "A candidate table (declare your own inputs in the params).", required: true },
  } as InputPorts<ScriptParams>,
  outputs: {
    candidates: { type: "candidates", description: "A candidate table (declare your own outputs in the params)." },
  } as OutputPorts,
  ports(p) {
    return {
      inputs: Object.fromEntries(
        p.inputs.map(({ name, type }): [string, InputPort<typeof type, ScriptParams>] => [name, { type, description: `inputs.${name} in run()`, required: true }]),
      ),
      outputs: Object.fromEntries(p.outputs.map(({ name, type }) => [name, { type, description: `${name} in what run() returns` }])),
    };
  },
  async create(p, setup) {
    const compiled = compileScript(p.code);
    // Validation has already refused these; this keeps create honest if called directly.
    if (!compiled.ok) throw new Error(compiled.problem);
    /** Where the script is, for its printed lines: the trace's node.log lines carry no episode or step. */
    let where = "top level";
    const print = (printed: Printed) => {
      for (const line of printed.lines) setup.log(`${where}: ${line}`);
      if (printed.unprinted > 0) setup.log(`${where}: ${printed.unprinted} more console lines not kept (at most ${PRINT_LIMITS.linesPerCall} a step)`);
    };
    // The sandbox runs JavaScript; the user reads columns in the TypeScript they wrote.
    const inTypeScript = (error: unknown): unknown => {
      if (error instanceof Error) error.message = inScriptColumns(error.message, compiled.columns);
      return error;
    };
    const sandbox = await ScriptSandbox.open(compiled.js, { timeoutMs: p.timeoutMs, memoryMB: p.memoryMB }, print, setup.blockingWaits?.stopWord).catch((error: unknown) => {
      throw inTypeScript(error);
    });
    const declared = new Set(p.outputs.map((port) => port.name));
    let used = false;
    return {
      beginEpisode({ episode }) {
        where = `episode ${episode}, top level`;
        // Episodes must not depend on which ran before (parallel runs split them across workers).
        try {
          if (used) sandbox.reset();
        } catch (error) {
          throw inTypeScript(error);
        }
        used = false;
      },
      run(inputs, ctx) {
        used = true;
        where = `episode ${ctx.episode}, step ${ctx.step}`;
        const values = Object.fromEntries(p.inputs.map(({ name, type }) => [name, toScript(type, inputs[name])]));
        let returned: unknown;
        try {
          returned = sandbox.call(JSON.stringify(values), [ctx.rng.seed(), ctx.rng.seed(), ctx.rng.seed(), ctx.rng.seed()]);
        } catch (error) {
          throw inTypeScript(error);
        }
        // A slow script answers later (sandbox.ts: BLOCKING_WAIT_MS), so that a Stop can end it.
        if (!isPromiseLike(returned)) return outputsOf(returned);
        return Promise.resolve(returned).then(outputsOf, (error: unknown) => {
          throw inTypeScript(error);
        });
      },
      close() {
        sandbox.dispose();
      },
    };

    function outputsOf(returned: unknown): OutputValues<OutputPorts> {
      if (typeof returned !== "object" || returned === null || Array.isArray(returned)) {
        throw new Error(`run() must return an object with one property per output (${[...declared].join(", ")}); it returned ${JSON.stringify(returned)}`);
      }
      const extra = Object.keys(returned).find((name) => !declared.has(name));
      if (extra !== undefined) throw new Error(`run() returned "${extra}", which is not one of the declared outputs (${[...declared].join(", ") || "none"})`);
      const outputs: Record<string, unknown> = {};
      for (const { name, type } of p.outputs) {
        const value = (returned as Record<string, unknown>)[name];
        if (value === undefined) throw new Error(`run() returned no output "${name}" (${type})`);
        outputs[name] = fromScript(type, name, value);
      }
      // Each value was checked against its declared type just above.
      return outputs as OutputValues<OutputPorts>;
    }
  },
});
