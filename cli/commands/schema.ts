import type { Command } from "commander";
import { builtinRegistry } from "../../nodes/index.js";
import { pipelineJsonSchema } from "../../runtime/pipeline/json-schema.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of pipeline files, generated from every node kind's params")
    .action(() => {
      process.stdout.write(JSON.stringify(pipelineJsonSchema(builtinRegistry()), null, 2) + "\n");
    });
}
