import { describe, expect, it } from "vitest";
import { trainingProgress, type ProgressOutput } from "./training-progress.js";

/** stderr as a log file: no terminal, a clock the test moves, and the lines written. */
function logFile(): ProgressOutput & { lines: string[]; at: number } {
  const log = { terminal: false, lines: [] as string[], at: 0, write: (text: string) => log.lines.push(text), now: () => log.at };
  return log;
}

describe("foresight train's progress where stderr is no terminal (2>log, CI)", () => {
  it("writes a plain line at most every 10 s, with the share done, the losses and the time so far (it wrote nothing until the final loss)", () => {
    const log = logFile();
    const progress = trainingProgress("q", false, log);
    for (const [at, done] of [[4_000, 0.1], [9_000, 0.2], [10_500, 0.3], [15_000, 0.4], [21_000, 0.5]] as const) {
      log.at = at;
      progress.update(done, 0.1234, 0.2345);
    }
    progress.update(0.6, 0.1, undefined);
    progress.stop();
    expect(log.lines).toEqual(["train q: 30% | loss 0.123 | validation 0.234 | 11s so far\n", "train q: 50% | loss 0.123 | validation 0.234 | 21s so far\n"]);
  });

  it("says nothing with --quiet", () => {
    const log = logFile();
    const progress = trainingProgress("q", true, log);
    log.at = 60_000;
    progress.update(0.5, 0.1, 0.2);
    expect(log.lines).toEqual([]);
  });
});
