import { Fragment, type ReactNode } from "react";
import { useEditor } from "../document/editor-store.js";
import { undrawnEdge } from "../document/drawn-edges.js";
import { describeUnknownKey, unknownKeyOf } from "../document/unknown-key.js";

/**
 * Every problem validation reports, the message first (it says what to fix), then where: the node
 * and the JSON pointer, smaller. Clicking one selects its node (or edge, or shows the pipeline
 * settings). A key validation does not know has no field in any form, so it gets a Remove button;
 * so does an edge the canvas cannot draw (there is nothing there to select and delete).
 */
export function ProblemsPanel({ validating }: { validating: boolean }) {
  const problems = useEditor((state) => state.problems);
  const reveal = useEditor((state) => state.reveal);
  const removeUnknownKey = useEditor((state) => state.removeUnknownKey);
  const removeEdge = useEditor((state) => state.removeEdge);
  const problemEdges = useEditor((state) => state.problemEdges);
  const doc = useEditor((state) => state.doc);
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className="count">{problems === null ? "…" : problems.length}</span>
        {validating && <span className="muted"> · checking…</span>}
      </h2>
      {problems === null ? (
        <p className="muted">Checking the pipeline…</p>
      ) : problems.length === 0 ? (
        <p className="muted">No problems.</p>
      ) : (
        <ul>
          {problems.map((problem, index) => {
            const unknownKey = unknownKeyOf(problem, doc);
            // Gone once removed, though the problem stays listed until validation answers again.
            const edge = undrawnEdge(problem, problemEdges, doc.unreadable);
            const removable = edge !== undefined && doc.edges.includes(edge);
            return (
              <li key={`${problem.pointer}:${index}`}>
                <button type="button" className="problem" onClick={() => reveal(problem)} title={`${problem.code}: ${problem.message}`}>
                  <span className="message">{breakableAtPunctuation(problem.message)}</span>
                  <small className="where">
                    {problem.nodeId && <span className="node-ref">{problem.nodeId}</span>}
                    <span className="mono pointer">{breakableAtPunctuation(problem.pointer || "/")}</span>
                  </small>
                </button>
                {unknownKey && (
                  <button type="button" className="problem-fix" onClick={() => removeUnknownKey(unknownKey)} aria-label={`Remove ${describeUnknownKey(unknownKey)}`}>
                    Remove
                  </button>
                )}
                {removable && (
                  <button
                    type="button"
                    className="problem-fix"
                    onClick={() => removeEdge(edge)}
                    aria-label={`Remove edge ${edge.source}.${edge.sourceHandle ?? ""} → ${edge.target}.${edge.targetHandle ?? ""}`}
                  >
                    Remove edge
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * `text` with a line-break opportunity after each dot, slash, underscore or colon inside a word: a narrow column
 * breaks `executor.candidates` after the dot, not as "executor.candidate|s" (the CSS cuts a word only as a last resort).
 */
function breakableAtPunctuation(text: string): ReactNode {
  const parts = text.split(/(?<=[./_:])(?=\S)/);
  return parts.length === 1 ? text : parts.map((part, index) => <Fragment key={index}>{index > 0 && <wbr />}{part}</Fragment>);
}
