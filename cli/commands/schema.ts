import type { Command } from "commander";
import { pipelineJsonSchema } from "../../runtime/pipeline/json-schema.js";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";

export function registerSchema(program: Command): void {
  withKindsFlag(program.command("schema"))
    .description("print the JSON Schema of pipeline files, generated from every node kind's params")
    .action(async (flags: KindsFlags) => {
      const { registry } = await hostKindsOrExit(flags.kinds);
      process.stdout.write(JSON.stringify(pipelineJsonSchema(registry), null, 2) + "\n");
    });
}
