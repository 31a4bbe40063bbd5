/**
 * The signals that ask a command to stop: Ctrl+C, SIGTERM (`kill`, a scheduler, `timeout`), and
 * SIGHUP, a closed terminal or a dropped SSH session — the usual way a researcher loses a long
 * run's terminal, which would otherwise kill the run before it writes its summary.
 */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Calls `stop` on every stop signal (`once`: on the first of each kind only, so that the same signal
 * again ends the process as it would without us); the returned function stops listening.
 */
export function onStopSignals(stop: () => void, { once = false }: { once?: boolean } = {}): () => void {
  for (const signal of STOP_SIGNALS) process[once ? "once" : "on"](signal, stop);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  };
}
