import { useCallback, useEffect, useRef, useState } from "react";
import { NotConnectedError, type Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { toPipelineDocument } from "../document/pipeline.js";
import { useRun } from "../run/run-store.js";

const DEBOUNCE_MS = 400;

/** Validates the document through the host after every edit (debounced) and on demand; only the latest answer counts. */
export function useValidation(transport: Transport): { validating: boolean; validateNow: () => void } {
  const [validating, setValidating] = useState(false);
  const sequence = useRef(0);
  const validateNow = useCallback(() => {
    const { doc, path, setProblems, say } = useEditor.getState();
    const ticket = ++sequence.current;
    setValidating(true);
    transport.validate(toPipelineDocument(doc), path ?? undefined).then(
      (problems) => {
        if (ticket !== sequence.current) return;
        setProblems(problems, doc.edges);
        setValidating(false);
        // "Run not started: 1 problem — …" is stale once the document has none.
        const run = useRun.getState();
        if (problems.length === 0 && run.phase === "ended" && run.refused) run.forget();
      },
      (error: Error) => {
        if (ticket !== sequence.current) return;
        // The connection's own notice says it is down (use-connection.ts): this one would hide it.
        if (!(error instanceof NotConnectedError)) say(`validation failed: ${error.message}`, "error");
        setValidating(false);
      },
    );
  }, [transport]);
  // The document the editor starts with (an empty canvas) has problems too: say them from the start.
  useEffect(validateNow, [validateNow]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((state, previous) => {
      if (state.doc === previous.doc && state.path === previous.path) return;
      clearTimeout(timer);
      timer = setTimeout(validateNow, DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [validateNow]);
  return { validating, validateNow };
}
