import { useEffect, useState } from "react";
import type { FileListing, Template } from "../../protocol/index.js";
import { useTransport } from "../transport-context.js";
import { Dialog } from "./Dialog.js";

/** Pipeline files under the root, recent ones first, and the shipped templates. */
export function OpenDialog({ onOpenFile, onOpenTemplate, onCancel }: { onOpenFile: (path: string) => void; onOpenTemplate: (template: Template) => void; onCancel: () => void }) {
  const transport = useTransport();
  const [listing, setListing] = useState<FileListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    transport.listFiles().then(setListing, (e: Error) => setError(e.message));
  }, [transport]);
  const recent = new Set(listing?.recent ?? []);
  const files = listing ? [...listing.files].sort((a, b) => Number(recent.has(b.path)) - Number(recent.has(a.path))) : [];
  return (
    <Dialog title="Open a pipeline" onCancel={onCancel}>
      {error && <p className="error">{error}</p>}
      {!listing && !error && <p className="muted">Listing files…</p>}
      {listing && (
        <div className="open-lists">
          <section aria-label="Files">
            <h3>Files</h3>
            {files.length === 0 && <p className="muted">No pipeline files under the root yet.</p>}
            <ul>
              {files.map((file) => (
                <li key={file.path}>
                  <button type="button" className="link" onClick={() => onOpenFile(file.path)}>
                    {file.path}
                  </button>
                  {recent.has(file.path) && <span className="muted"> · recent</span>}
                </li>
              ))}
            </ul>
          </section>
          <section aria-label="Templates">
            <h3>Templates</h3>
            <ul>
              {listing.templates.map((template) => (
                <li key={template.name}>
                  <button type="button" className="link" aria-label={`Template ${template.name}`} onClick={() => onOpenTemplate(template)}>
                    {template.name}
                  </button>
                  <small className="help">{template.description}</small>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
