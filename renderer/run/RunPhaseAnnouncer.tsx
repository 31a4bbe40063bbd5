import { useEffect, useRef, useState } from "react";
import type { RunPhase } from "./run-store.js";
import { useRun } from "./run-store.js";
import { runPhaseSentence } from "./run-phase-sentence.js";

/**
 * The run's polite live region, out of sight: it changes only as the run's phase does (the visible
 * status line beside it is not live). The region stays in the page while empty, so what is later written is announced.
 */
export function RunPhaseAnnouncer() {
  const phase = useRun((state) => state.phase);
  // A refused run after an ended one stays "ended": its outcome is what changed.
  const outcome = useRun((state) => state.outcome);
  const [said, setSaid] = useState("");
  const before = useRef<RunPhase | null>(null);
  useEffect(() => {
    const sentence = runPhaseSentence(before.current, useRun.getState());
    before.current = phase;
    if (sentence !== null) setSaid(sentence);
  }, [phase, outcome]);
  return (
    <span className="visually-hidden" role="status" aria-live="polite">
      {said}
    </span>
  );
}
