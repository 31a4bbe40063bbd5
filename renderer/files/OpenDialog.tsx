import { useEffect, useState } from "react";
import type { FileListing, PipelineFileEntry, Template } from "../../protocol/index.js";
import { splitRecent } from "./recent-files.js";
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
  const { recent, others } = splitRecent(listing);
  return (
    <Dialog title="Open a pipeline" onCancel={onCancel}>
      {error && <p className="error">{error}</p>}
      {!listing && !error && <p className="muted">Listing files…</p>}
      {listing && (
        <div className="open-lists">
          <div>
            {recent.length > 0 && <FileList title="Recent" files={recent} onOpenFile={onOpenFile} />}
            <FileList title={recent.length > 0 ? "Other files" : "Files"} files={others} onOpenFile={onOpenFile} empty={recent.length > 0 ? "No other pipeline files." : "No pipeline files under the root yet."} />
          </div>
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

function FileList({ title, files, onOpenFile, empty }: { title: string; files: PipelineFileEntry[]; onOpenFile: (path: string) => void; empty?: string }) {
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {files.length === 0 && empty && <p className="muted">{empty}</p>}
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <button type="button" className="link" onClick={() => onOpenFile(file.path)}>
              {file.path}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
