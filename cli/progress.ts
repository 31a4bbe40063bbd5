import type { RunEvent } from "../runtime/engine/events.js";
import { startStderrBar, type StderrBar } from "./stderr-bar.js";

/**
 * A progress bar on stderr (episodes, success so far, steps/s, time left), shown only on a terminal.
 * Rates and the time left are over the wall time since the run started: events' own times restart
 * with each thread's chunk or queued batch, and episodes arrive in bursts as batches finish.
 */
export function progressListener(label: string, enabled: boolean): { onEvent: (event: RunEvent) => void; stop: () => void } {
  if (!enabled) return { onEvent: () => {}, stop: () => {} };
  const format = `${label} {bar} {value}/{total} episodes | success {success} | {sps} steps/s | ETA {left}`;
  let shown: StderrBar | undefined;
  let total = 0;
  let done = 0;
  let wins = 0;
  // Until an episode's world says something of success (Pendulum's never does), there is no rate to show.
  let said = false;
  let steps = 0;
  let startedAt = 0;
  const payload = () => {
    const seconds = (performance.now() - startedAt) / 1000;
    return {
      success: said ? `${((100 * wins) / done).toFixed(1)}%` : "–",
      sps: done > 0 ? Math.round(steps / seconds).toLocaleString("en-US") : "–",
      left: done > 0 ? duration(((total - done) * seconds) / done) : "–",
    };
  };
  return {
    onEvent(event) {
      if (event.type === "run.start") {
        startedAt = performance.now();
        total = event.episodes;
        shown = startStderrBar(format, total, payload());
      } else if (event.type === "episode.end") {
        done++;
        if (event.success === true) wins++;
        if (event.success !== null) said = true;
        steps += event.envSteps;
        shown?.bar.update(done, payload());
      }
    },
    stop: () => shown?.stop(),
  };
}

/** 42s, 3m05s, 2h07m. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
}
