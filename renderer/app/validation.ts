import { useCallback, useEffect, useRef, useState } from "react";
import { NotConnectedError, type Problem, type Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { toPipelineDocument } from "../document/pipeline.js";
import { useRun } from "../run/run-store.js";

const DEBOUNCE_MS = 400;

/**
 * Validates the document through the host after every edit (debounced) and on demand; only the latest answer counts.
 * `validateNow` resolves to the problems it found once they are the ones shown, or null when a later validation won or it failed.
 */
export function useValidation(transport: Transport): { validating: boolean; validateNow: () => Promise<readonly Problem[] | null> } {
  const [validating, setValidating] = useState(false);
  const sequence = useRef(0);
  const validateNow = useCallback(() => {
    const { doc, path, setProblems, say } = useEditor.getState();
    const ticket = ++sequence.current;
    setValidating(true);
    return transport.validate(toPipelineDocument(doc), path ?? undefined).then(
      (problems) => {
        if (ticket !== sequence.current) return null;
        setProblems(problems, doc.edges);
        setValidating(false);
        // "Run not started: 1 problem — …" is stale once the document has none.
        const run = useRun.getState();
        if (problems.length === 0 && run.phase === "ended" && run.refused) run.forget();
        return problems;
      },
      (error: Error) => {
        if (ticket !== sequence.current) return null;
        // The connection's own notice says it is down (use-connection.ts): this one would hide it.
        if (!(error instanceof NotConnectedError)) say(`validation failed: ${error.message}`, "error");
        setValidating(false);
        return null;
      },
    );
  }, [transport]);
  // The document the editor starts with (an empty canvas) has problems too: say them from the start.
  useEffect(() => void validateNow(), [validateNow]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((state, previous) => {
      if (state.doc === previous.doc && state.path === previous.path) return;
      clearTimeout(timer);
      timer = setTimeout(() => void validateNow(), DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [validateNow]);
  return { validating, validateNow };
}
