import type { Command } from "commander";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";
import { loadPipelineOrExit } from "../load-pipeline.js";

export function registerValidate(program: Command): void {
  withKindsFlag(program.command("validate <files...>"))
    .description("check pipeline files; prints every problem with its JSON pointer and exits 2 if there is any")
    .action(async (files: string[], flags: KindsFlags) => {
      const { registry } = await hostKindsOrExit(flags.kinds);
      let failed: unknown;
      for (const file of files) {
        try {
          const { pipeline, nodes, edges } = loadPipelineOrExit(file, [], registry);
          process.stdout.write(`${file}: valid (${pipeline.name}: ${nodes.length} nodes, ${edges.length} edges)\n`);
        } catch (error) {
          failed ??= error;
        }
      }
      if (failed) throw failed;
    });
}
