import { useEffect } from "react";

/** How often the views of a running sweep ask for its record again. */
export const SWEEP_REFRESH_MS = 1500;

/**
 * Calls `poll` every `everyMs` while `going` is true. A sweep's process (`foresight sweep`, not the
 * host) rewrites its sweep.json as each setting starts and ends, and nothing pushes that to the page.
 */
export function usePollWhile(going: boolean, poll: () => void, everyMs = SWEEP_REFRESH_MS): void {
  useEffect(() => {
    if (!going) return;
    const timer = setInterval(poll, everyMs);
    return () => clearInterval(timer);
  }, [going, poll, everyMs]);
}
