import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { formatPipeline } from "../../runtime/pipeline/format.js";
import { parseJsonText } from "../../runtime/pipeline/json-text.js";
import { EXIT, ExitError } from "../exit.js";

export function registerFormat(program: Command): void {
  program
    .command("format <files...>")
    .description("rewrite pipeline files in the stable key order and indentation the app saves (atomically)")
    .option("--check", "change nothing; exit 2 if a file is not formatted")
    .action((files: string[], flags: { check?: boolean }) => {
      const unformatted: string[] = [];
      for (const file of files) {
        let text: string;
        let formatted: string;
        try {
          text = readFileSync(file, "utf8");
          const parsed = parseJsonText(text);
          if (!parsed.ok) throw new Error(`not valid JSON: ${parsed.message}`);
          formatted = formatPipeline(parsed.value as Record<string, unknown>);
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
