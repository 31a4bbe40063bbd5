import cliProgress from "cli-progress";

/** A progress bar drawn on stderr's last line, and how to take it off the screen. */
export interface StderrBar {
  bar: cliProgress.SingleBar;
  stop: () => void;
}

/**
 * Starts a bar on stderr that lines written meanwhile (an environment's traceback, which clears the
 * bar's line first) push down instead of being overwritten: a SingleBar saves the cursor when it
 * starts and restores it when it stops, which sends what comes after the run above every line
 * printed during it. A MultiBar of one bar never moves the cursor up; it redraws every frame, so
 * the bar comes back below such a line, and on stop it is cleared, leaving nothing under the summary.
 */
export function startStderrBar(format: string, total: number, payload: object, options: cliProgress.Options = {}): StderrBar {
  const bars = new cliProgress.MultiBar(
    { stream: process.stderr, format, hideCursor: true, clearOnComplete: true, forceRedraw: true, ...options },
    cliProgress.Presets.shades_classic,
  );
  const stop = () => {
    // Its last frame (the final counts) is drawn before it goes, as a SingleBar's stop draws it.
    if (bars.isActive) bars.update();
    bars.stop();
  };
  return { bar: bars.create(total, 0, payload), stop };
}
