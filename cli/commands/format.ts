import type { Command } from "commander";
import { writeFileAtomic } from "../../runtime/atomic-file.js";
import { formatPipeline } from "../../runtime/pipeline/format.js";
import { readOnlyReason } from "../../runtime/pipeline/read-only.js";
import { jsonPlaces, type TextPlace } from "../../runtime/pipeline/json-places.js";
import { readPipelineDocument } from "../../runtime/pipeline/load.js";
import { migrate } from "../../runtime/pipeline/migrate.js";
import { formatProblem, type Problem } from "../../runtime/pipeline/problem.js";
import { EXIT, ExitError } from "../exit.js";

export function registerFormat(program: Command): void {
  program
    .command("format <files...>")
    .description("rewrite pipeline files as the app saves them: the current format version, stable key order and indentation (atomically); every file is handled, and exit 2 if any could not be")
    .option("--check", "change nothing; exit 2 if a file is not formatted")
    .action((files: string[], flags: { check?: boolean }) => {
      const unformatted: string[] = [];
      const failures: ExitError[] = [];
      // Each file on its own, as validate does: one unreadable file does not leave the others unformatted or unreported.
      for (const file of files) {
        try {
          const { text, formatted } = formattedFile(file);
          if (formatted === text) continue;
          unformatted.push(file);
          if (flags.check) continue;
          const readOnly = readOnlyReason(file);
          if (readOnly) throw new ExitError(EXIT.invalid, readOnly);
          writeFileAtomic(file, formatted);
          process.stdout.write(`formatted ${file}\n`);
        } catch (error) {
          const failure = error instanceof ExitError ? error : new ExitError(EXIT.invalid, (error as Error).message);
          // A lone file's reason is the one line the command ends with.
          if (files.length > 1) process.stderr.write(`foresight: ${failure.message}\n`);
          failures.push(failure);
        }
      }
      if (files.length === 1 && failures[0]) throw failures[0];
      const notFormatted = flags.check && unformatted.length > 0 ? `not formatted: ${unformatted.join(", ")}` : "";
      if (failures.length === 0) {
        if (notFormatted) throw new ExitError(EXIT.invalid, notFormatted);
        return;
      }
      if (notFormatted) process.stderr.write(`foresight: ${notFormatted}\n`);
      throw new ExitError(EXIT.invalid, `${failures.length} of ${files.length} files could not be ${flags.check ? "checked" : "formatted"}`);
    });
}

/** The file's text and the text the app would save (an older file migrated to the current version); exit 2 naming what stops that. */
function formattedFile(file: string): { text: string; formatted: string } {
  const refuse = (problem: Problem, place?: TextPlace) => new ExitError(EXIT.invalid, formatProblem(problem, file, place));
  const read = readPipelineDocument(file);
  if (!read.ok) throw refuse(read.problems[0]!, read.places?.[0]);
  if (typeof read.doc !== "object" || read.doc === null || Array.isArray(read.doc)) throw refuse({ code: "bad-format", pointer: "", message: "a pipeline file must hold a JSON object" });
  const migrated = migrate(read.doc as Record<string, unknown>);
  if (!migrated.ok) throw refuse(migrated.problem, jsonPlaces(read.text)(migrated.problem.pointer));
  return { text: read.text, formatted: formatPipeline(migrated.doc) };
}
