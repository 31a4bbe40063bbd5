import { useEditor } from "../document/editor-store.js";

/** Every problem validation reports; clicking one selects its node (or edge, or shows the pipeline settings). */
export function ProblemsPanel({ validating }: { validating: boolean }) {
  const problems = useEditor((state) => state.problems);
  const reveal = useEditor((state) => state.reveal);
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className="count">{problems.length}</span>
        {validating && <span className="muted"> · checking…</span>}
      </h2>
      {problems.length === 0 ? (
        <p className="muted">No problems.</p>
      ) : (
        <ul>
          {problems.map((problem, index) => (
            <li key={`${problem.pointer}:${index}`}>
              <button type="button" className="problem" onClick={() => reveal(problem)} title={problem.code}>
                <span className="mono pointer">{problem.pointer || "/"}</span>
                {problem.nodeId && <span className="node-ref">{problem.nodeId}</span>}
                <span className="message">{problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
