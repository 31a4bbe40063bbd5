/**
 * The signals that ask a command to stop: Ctrl+C, SIGTERM (`kill`, a scheduler, `timeout`), and
 * SIGHUP, a closed terminal or a dropped SSH session — the usual way a researcher loses a long
 * run's terminal, which would otherwise kill the run before it writes its summary.
 */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * How long after the first stop signal another one is taken for an impatient double Ctrl+C (it
 * only says the run is finishing its files) rather than a wish to quit at once: a run stops in
 * well under a second, and a second press 50 ms after the first had left its folder unfinished.
 */
export const SECOND_SIGNAL_GRACE_MS = 2000;

/** What a second stop signal within the grace says; the next one quits. */
export const STILL_STOPPING = "stopping: finishing the run's files (Ctrl+C again to quit at once)";

/**
 * Calls `stop` on every stop signal; with `once`, on the first only, and then, as docker compose
 * does, a second one within SECOND_SIGNAL_GRACE_MS says STILL_STOPPING and the next one (or a
 * second one after that) ends the process as the signal would without us. The returned function
 * stops listening.
 */
export function onStopSignals(stop: () => void, { once = false }: { once?: boolean } = {}): () => void {
  let firstAt: number | undefined;
  let toldStillStopping = false;
  const heard = (signal: NodeJS.Signals) => {
    if (!once) return stop();
    if (firstAt === undefined) {
      firstAt = Date.now();
      return stop();
    }
    if (!toldStillStopping && Date.now() - firstAt < SECOND_SIGNAL_GRACE_MS) {
      toldStillStopping = true;
      process.stderr.write(`${STILL_STOPPING}\n`);
      return;
    }
    // Without our listeners, the same signal again ends the process as it would have (exit 130 for Ctrl+C).
    stopListening();
    process.kill(process.pid, signal);
  };
  const stopListening = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, heard);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, heard);
  return stopListening;
}
