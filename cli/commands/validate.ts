import type { Command } from "commander";
import { loadPipelineOrExit } from "../load-pipeline.js";

export function registerValidate(program: Command): void {
  program
    .command("validate <files...>")
    .description("check pipeline files; prints every problem with its JSON pointer and exits 2 if there is any")
    .action((files: string[]) => {
      let failed: unknown;
      for (const file of files) {
        try {
          const { pipeline, nodes, edges } = loadPipelineOrExit(file);
          process.stdout.write(`${file}: valid (${pipeline.name}: ${nodes.length} nodes, ${edges.length} edges)\n`);
        } catch (error) {
          failed ??= error;
        }
      }
      if (failed) throw failed;
    });
}
