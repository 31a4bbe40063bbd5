import { Dialog } from "../files/Dialog.js";

/** A node to show the user before they trust it: a Script's code, or the params of a node that starts a program. */
export interface ScriptToTrust {
  id: string;
  title: string;
  code: string;
}

/** Asks before a pipeline's Script code runs, showing every script; trusting is remembered for this exact content. */
export function TrustDialog({ scripts, hash, onTrust, onCancel }: { scripts: ScriptToTrust[]; hash: string; onTrust: () => void; onCancel: () => void }) {
  return (
    <Dialog title="Run the pipeline's scripts?" onCancel={onCancel}>
      <p>
        This pipeline runs code in {scripts.length === 1 ? "a node" : `${scripts.length} nodes`}: a Script node&apos;s code (sandboxed: no files, network or
        processes), or the program an external environment starts (not sandboxed). Run it only if you have read them and trust them. The editor
        remembers your answer until one of these nodes changes.
      </p>
      <ul className="trust-scripts">
        {scripts.map((script) => (
          <li key={script.id}>
            <h3>
              {script.title} <span className="muted mono">{script.id}</span>
            </h3>
            <pre className="mono" aria-label={`Code of ${script.id}`} tabIndex={0}>
              {script.code}
            </pre>
          </li>
        ))}
      </ul>
      <p className="help mono" title="sha256 of these nodes' id, kind and params">
        trust hash {hash.slice(0, 16)}…
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onTrust}>
          Trust and run
        </button>
      </div>
    </Dialog>
  );
}
