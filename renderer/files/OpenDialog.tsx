import { useEffect, useState } from "react";
import { matchesWords, type FileListing, type PipelineFileEntry, type Template } from "../../protocol/index.js";
import { splitRecent } from "./recent-files.js";
import { useTransport } from "../transport-context.js";
import { Dialog } from "./Dialog.js";

/**
 * Pipeline files under the root, recent ones first, and the shipped templates; a filter box (focused
 * first, as VS Code's quick open) narrows them by every word typed, and Enter opens the first left.
 */
export function OpenDialog({ onOpenFile, onOpenTemplate, onCancel }: { onOpenFile: (path: string) => void; onOpenTemplate: (template: Template) => void; onCancel: () => void }) {
  const transport = useTransport();
  const [listing, setListing] = useState<FileListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    transport.listFiles().then(setListing, (e: Error) => setError(e.message));
  }, [transport]);
  const [filter, setFilter] = useState("");
  const query = filter.trim();
  const shown = (file: PipelineFileEntry) => matchesWords([file.path], query);
  const split = splitRecent(listing);
  const [recent, others] = [split.recent.filter(shown), split.others.filter(shown)];
  const templates = (listing?.templates ?? []).filter((template) => matchesWords([template.name, template.description], query));
  const openFirst = () => {
    const file = recent[0] ?? others[0];
    if (file) onOpenFile(file.path);
    else if (templates[0]) onOpenTemplate(templates[0]);
  };
  const nothing = query !== "" ? `Nothing matches “${query}”.` : undefined;
  return (
    <Dialog title="Open a pipeline" onCancel={onCancel}>
      {/* There from the first frame, as the dialog focuses its first field then: typing filters while the list loads. */}
      <input
        type="search"
        className="open-filter"
        aria-label="Filter files and templates"
        placeholder="Filter: file, template, description (Enter opens the first)"
        data-autofocus
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          event.preventDefault();
          openFirst();
        }}
      />
      {error && <p className="error">{error}</p>}
      {!listing && !error && <p className="muted">Listing files…</p>}
      {listing && (
        <div className="open-lists">
          <div>
            {recent.length > 0 && <FileList title="Recent" files={recent} onOpenFile={onOpenFile} />}
            <FileList
              title={split.recent.length > 0 ? "Other files" : "Files"}
              files={others}
              onOpenFile={onOpenFile}
              empty={nothing ?? (split.recent.length > 0 ? "No other pipeline files." : "No pipeline files under the root yet.")}
            />
          </div>
          <section aria-label="Templates">
            <h3>Templates</h3>
            {templates.length === 0 && nothing && <p className="muted">{nothing}</p>}
            <ul>
              {templates.map((template) => (
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
