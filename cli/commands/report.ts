import type { Command } from "commander";
import { packageVersion } from "../../host/package-root.js";
import { writeRunReport } from "../../host/report/write-report.js";
import { checkOutputFile } from "../../runtime/output-paths.js";
import { EXIT, ExitError } from "../exit.js";
import { pathFlagOrExit } from "../path-flag.js";

interface ReportFlags {
  baseline?: string;
  episode?: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command("report <runDir>")
    .description("write a run's report as one self-contained HTML file (summary with intervals, curves, the pipeline, an episode's steps) that opens offline")
    .option("--baseline <runDir>", "a run to compare with: its curves in grey, differences with 95% intervals")
    .option("--episode <n>", "the episode whose steps are shown (default: the first that did not succeed, else the first)")
    .option("--out <file>", "where to write (default: report.html in the run folder)")
    .action((runDir: string, flags: ReportFlags) => {
      const episode = flags.episode === undefined ? undefined : Number(flags.episode);
      if (episode !== undefined && !(Number.isInteger(episode) && episode >= 0)) throw new ExitError(EXIT.invalid, `--episode must be a whole number ≥ 0, not "${flags.episode}"`);
      // Before anything is read: the report is renamed into place, which would replace a device or a pipe there.
      if (flags.out !== undefined) pathFlagOrExit("--out", flags.out, checkOutputFile);
      let written: ReturnType<typeof writeRunReport>;
      try {
        written = writeRunReport({ runDir, baselineDir: flags.baseline, episode, out: flags.out, version: packageVersion() });
      } catch (error) {
        throw new ExitError(EXIT.invalid, (error as Error).message);
      }
      for (const warning of written.warnings) process.stderr.write(`foresight: warning: ${warning}\n`);
      process.stdout.write(`report: ${written.path}\n`);
    });
}
