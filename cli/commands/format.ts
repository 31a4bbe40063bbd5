import type { Command } from "commander";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { formatPipeline } from "../../runtime/pipeline/format.js";
import { readPipelineText } from "../../runtime/pipeline/load.js";
import { parseJsonText } from "../../runtime/pipeline/json-text.js";
import { migrate } from "../../runtime/pipeline/migrate.js";
import { EXIT, ExitError } from "../exit.js";

export function registerFormat(program: Command): void {
  program
    .command("format <files...>")
    .description("rewrite pipeline files as the app saves them: the current format version, stable key order and indentation (atomically)")
    .option("--check", "change nothing; exit 2 if a file is not formatted")
    .action((files: string[], flags: { check?: boolean }) => {
      const unformatted: string[] = [];
      for (const file of files) {
        let text: string;
        let formatted: string;
        try {
          text = readPipelineText(file);
          const parsed = parseJsonText(text);
          if (!parsed.ok) throw new Error(`not valid JSON: ${parsed.message}`);
          if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) throw new Error("a pipeline file must hold a JSON object");
          // An older file is written as the app would save it: migrated to the current version.
          const migrated = migrate(parsed.value as Record<string, unknown>);
          if (!migrated.ok) throw new Error(`#${migrated.problem.pointer}: ${migrated.problem.message}`);
          formatted = formatPipeline(migrated.doc);
        } catch (error) {
          throw new ExitError(EXIT.invalid, `${file}: ${(error as Error).message}`);
        }
        if (formatted === text) continue;
        unformatted.push(file);
        if (!flags.check) writeFileAtomic(file, formatted);
      }
      if (flags.check && unformatted.length > 0) throw new ExitError(EXIT.invalid, `not formatted: ${unformatted.join(", ")}`);
      if (!flags.check) for (const file of unformatted) process.stdout.write(`formatted ${file}\n`);
    });
}
