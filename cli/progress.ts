import cliProgress from "cli-progress";
import type { RunEvent } from "../runtime/engine/events.js";

/** A progress bar on stderr (episodes, success so far, steps/s), shown only on a terminal. */
export function progressListener(label: string, enabled: boolean): { onEvent: (event: RunEvent) => void; stop: () => void } {
  if (!enabled) return { onEvent: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {value}/{total} episodes | success {success} | {sps} steps/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  let wins = 0;
  // Until an episode's world says something of success (Pendulum's never does), there is no rate to show.
  let said = false;
  let steps = 0;
  let startT = 0;
  const payload = () => ({
    success: said ? `${((100 * wins) / done).toFixed(1)}%` : "–",
    sps: startT > 0 ? Math.round(steps / (startT / 1000)).toLocaleString("en-US") : "–",
  });
  return {
    onEvent(event) {
      if (event.type === "run.start") bar.start(event.episodes, 0, payload());
      else if (event.type === "episode.end") {
        done++;
        if (event.success === true) wins++;
        if (event.success !== null) said = true;
        steps += event.envSteps;
        startT = event.t;
        bar.update(done, payload());
      }
    },
    stop: () => bar.stop(),
  };
}
