import { duration } from "./progress.js";
import { startStderrBar } from "./stderr-bar.js";

/** How often a plain progress line is written where stderr is no terminal (a log file, CI): often enough to show training goes on, not a line per epoch. */
const LINE_EVERY_MS = 10_000;

/** Epoch progress and the latest losses, as `foresight train` shows them. */
export interface TrainingProgress {
  update: (progress: number, loss: number, validation: number | undefined) => void;
  stop: () => void;
}

/** Where progress goes: stderr, and whether it is a terminal; a clock and a writer stand in for them in tests. */
export interface ProgressOutput {
  terminal: boolean;
  write: (text: string) => void;
  now: () => number;
}

const stderr: ProgressOutput = { terminal: process.stderr.isTTY === true, write: (text) => process.stderr.write(text), now: () => performance.now() };

/**
 * Epoch progress and losses on stderr: a bar on a terminal; elsewhere (`2>log`, CI) a plain line at
 * most every 10 s, which a bar redrawn in place would garble; nothing with --quiet.
 */
export function trainingProgress(task: string, quiet: boolean, output: ProgressOutput = stderr): TrainingProgress {
  if (quiet) return { update: () => {}, stop: () => {} };
  const shown = (loss: number, validation: number | undefined) => ({ loss: loss.toPrecision(3), validation: validation?.toPrecision(3) ?? "–" });
  if (!output.terminal) {
    const started = output.now();
    let said = started;
    return {
      update(progress, loss, validation) {
        const now = output.now();
        if (now - said < LINE_EVERY_MS) return;
        said = now;
        const { loss: l, validation: v } = shown(loss, validation);
        output.write(`train ${task}: ${Math.round(progress * 100)}% | loss ${l} | validation ${v} | ${duration((now - started) / 1000)} so far\n`);
      },
      stop: () => {},
    };
  }
  const { bar, stop } = startStderrBar(`train ${task} {bar} {percentage}% | loss {loss} | validation {validation}`, 100, { loss: "–", validation: "–" });
  return {
    update: (progress, loss, validation) => bar.update(Math.round(progress * 100), shown(loss, validation)),
    stop,
  };
}
