import { Dialog } from "../files/Dialog.js";
import type { TrustQuestion } from "./trust-question.js";
import { trustWording } from "./trust-wording.js";

/** Asks before a pipeline runs code, starts a program or calls a server, showing each such node; trusting is remembered for this exact content. */
export function TrustDialog({ question }: { question: TrustQuestion }) {
  const { title, does } = trustWording(question.reasons);
  const cancel = () => question.answer(false);
  return (
    <Dialog title={title} onCancel={cancel}>
      <p>
        This pipeline {does.length === 1 ? does[0] : does.slice(0, -1).join("; ") + `; and it ${does.at(-1)}`}.{" "}
        {question.nodes.length === 1
          ? "Trust it only if you have read this node and trust what it does. The editor remembers your answer until the node changes."
          : `Trust it only if you have read these ${question.nodes.length} nodes and trust what they do. The editor remembers your answer until one of them changes.`}
      </p>
      <ul className="trust-scripts">
        {question.nodes.map((node) => (
          <li key={node.id}>
            <h3>
              {node.title} <span className="muted mono">{node.id}</span>
            </h3>
            <pre className="mono" aria-label={`${node.shows === "code" ? "Code" : "Params"} of ${node.id}`} tabIndex={0}>
              {node.text}
            </pre>
          </li>
        ))}
      </ul>
      <p className="help mono" title="sha256 of these nodes' id, kind and params">
        trust hash {question.hash.slice(0, 16)}…
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={cancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => question.answer(true)}>
          {question.then === "fork" ? "Trust and fork" : "Trust and run"}
        </button>
      </div>
    </Dialog>
  );
}
