import type { Command } from "commander";
import { EXIT, ExitError } from "../exit.js";
import { hostKindsOrExit, withKindsFlag, type KindsFlags } from "../kinds-option.js";
import { loadPipelineOrExit } from "../load-pipeline.js";
import { pipelineFilesIn } from "../pipeline-files-in.js";
import { counted } from "../../protocol/shown-values.js";

export function registerValidate(program: Command): void {
  withKindsFlag(program.command("validate <files...>"))
    .description("check pipeline files (a folder: the *.foresight.json files under it); prints every problem with its place and JSON pointer and exits 2 if there is any")
    .action(async (paths: string[], flags: KindsFlags) => {
      const { registry } = await hostKindsOrExit(flags.kinds);
      const files = pipelineFilesIn(paths, (folder, count) => process.stdout.write(`${folder}: ${counted(count, "pipeline file")} (*.foresight.json) under it\n`));
      if (files.length === 0) throw new ExitError(EXIT.invalid, `no *.foresight.json files in ${paths.join(", ")}`);
      let failed = 0;
      let last: ExitError | undefined;
      for (const file of files) {
        try {
          const { pipeline, nodes, edges } = loadPipelineOrExit(file, [], registry);
          process.stdout.write(`${file}: valid (${pipeline.name}: ${nodes.length} nodes, ${edges.length} edges)\n`);
        } catch (error) {
          if (!(error instanceof ExitError)) throw error;
          // Each file's count after its own problems, not only the first file's at the end.
          if (last) process.stderr.write(`foresight: ${last.message}\n`);
          last = error;
          failed++;
        }
      }
      if (!last) return;
      if (files.length === 1) throw last;
      process.stderr.write(`foresight: ${last.message}\n`);
      throw new ExitError(EXIT.invalid, `${failed} of ${files.length} files have problems`);
    });
}
