import { useState } from "react";
import { failureText, isLive, shownCount, shownPercent, statusInWords, type RunListing, type RunNotes } from "../../protocol/index.js";
import { ConfirmDialog, Dialog } from "../files/Dialog.js";
import { useLiveRuns } from "../run/live-runs.js";
import { mainTrace, useTrace } from "../trace/trace-store.js";
import { errorGist, startedText } from "./run-row-text.js";
import { FolderName } from "./FolderName.js";

export const folderName = (runDir: string) => runDir.split("/").at(-1) ?? runDir;

/** What a run's entry in the Runs list can do; each answers when the host has done it. */
export interface RunActions {
  open(runDir: string): void;
  /** Puts the pipeline the run ran with on the canvas. */
  openPipeline(runDir: string): void;
  report(runDir: string): void;
  annotate(runDir: string, notes: RunNotes): Promise<void>;
  remove(runDir: string): Promise<void>;
}

/** One run folder in the Runs list: its name (or the folder's), what it achieved, and what can be done with it. */
export function RunItem({ run: listed, actions }: { run: RunListing; actions: RunActions }) {
  // A run the host is playing: its state and count as Going now says them (asked each second), not as they were when the list was read.
  const live = useLiveRuns((going) => going.runs.find((candidate) => candidate.runDir !== null && folderName(candidate.runDir) === folderName(listed.runDir)));
  const run = live && isLive(listed.status) ? { ...listed, status: live.state, episodes: live.episodesDone } : listed;
  const [dialog, setDialog] = useState<"notes" | "delete" | null>(null);
  const folder = folderName(run.runDir);
  const open = useTrace(mainTrace, (view) => view.data.runDir === run.runDir);
  // The figures a glance is for first (status, episodes, success), whole; then the rest, which the row cuts short.
  const figures = [
    statusInWords(run),
    `${shownCount(run.episodes)}/${shownCount(run.episodesRequested)} episodes`,
    run.episodesFailed ? `${shownCount(run.episodesFailed)} failed` : "",
    run.successRate !== null ? `success ${shownPercent(run.successRate)}` : "",
  ].filter(Boolean);
  const keyFigures = figures.join(" · ");
  const more = (error: string) =>
    [
      run.pipeline,
      `trace ${run.traceLevel}`,
      // A run whose episodes failed only in part ends "completed": its first failure's reason is what to look into.
      (run.status === "failed" || run.episodesFailed) && run.error ? `first error: ${error}` : "",
      run.fork ? `fork of ${folderName(run.fork.runDir)} at episode ${run.fork.episode}, step ${run.fork.step}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
  const setting = run.set ? `--set ${run.set.join(" ")}` : "";
  const details = (error: string) => [keyFigures, more(error), setting].filter(Boolean).join(" · ");
  const fullError = run.error ? failureText(run.error) : "";
  return (
    // Two lines a run (name and start; what it did), a third for its --set, cut short where long: the whole in their hover text.
    // Named with the whole of what it says, for keyboards and screen readers (the hover text is for a mouse).
    <li className="list-item run-row" aria-label={`${run.notes?.title ? `${run.notes.title}, ` : ""}${folder}, started ${startedText(run.startedAt)}: ${details(fullError)}`} aria-current={open ? "true" : undefined}>
      <div className="run-row-head">
        {run.notes?.title && (
          <strong className="run-title" title={run.notes.title}>
            {run.notes.title}
          </strong>
        )}
        <button type="button" className="link mono run-folder" onClick={() => actions.open(run.runDir)} title={`Open ${run.runDir}`}>
          <FolderName name={folder} />
        </button>
        <time className="run-started muted" dateTime={run.startedAt} title={`Started ${run.startedAt}`}>
          {startedText(run.startedAt)}
        </time>
      </div>
      <small className="help run-details" title={details(fullError)}>
        <span className="run-key-figures">
          {/* Broken between the figures only ("success 98.7 %" stays together); the dot ends a line. */}
          {figures.map((figure, index) => (
            <span key={index}>
              <span className="run-figure">{index < figures.length - 1 ? `${figure} ·` : figure}</span>
              {index < figures.length - 1 && " "}
            </span>
          ))}
        </span>
        <span className="run-more">· {more(errorGist(fullError))}</span>
      </small>
      {/* On a line of its own: what tells apart runs of one pipeline (a sweep's settings, a grid by hand). */}
      {setting && (
        <small className="help mono run-set" title={setting}>
          {setting}
        </small>
      )}
      {run.notes?.notes && (
        <p className="run-notes" title={run.notes.notes}>
          {run.notes.notes}
        </p>
      )}
      {!isLive(run.status) && (
        <span className="run-actions">
          <button type="button" className="link" onClick={() => actions.report(run.runDir)} aria-label={`Report on ${folder}`} title="Write report.html: summary, curves, the pipeline and an episode's steps, one file that opens offline">
            Report
          </button>
          <button type="button" className="link" onClick={() => actions.openPipeline(run.runDir)} aria-label={`Open the pipeline ${folder} ran with`} title="Put the pipeline this run ran with (its folder's copy) on the canvas, unsaved">
            Pipeline
          </button>
          {/* Another process still writes the folder: the host refuses to change it until that run ends. */}
          {run.status !== "running elsewhere" && (
            <>
              <button type="button" className="link" onClick={() => setDialog("notes")} aria-label={`Name and notes of ${folder}`}>
                Notes…
              </button>
              <button type="button" className="link danger" onClick={() => setDialog("delete")} aria-label={`Delete ${folder}`}>
                Delete…
              </button>
            </>
          )}
        </span>
      )}
      {dialog === "notes" && <NotesDialog folder={folder} initial={run.notes} onCancel={() => setDialog(null)} onSave={(notes) => void actions.annotate(run.runDir, notes).then(() => setDialog(null))} />}
      {dialog === "delete" && (
        <ConfirmDialog
          title={`Delete run ${folder}?`}
          message={`Its folder ${run.runDir} and everything in it (trace, summary, datasets, report) is removed from disk. This cannot be undone.`}
          confirm="Delete"
          onCancel={() => setDialog(null)}
          onConfirm={() => void actions.remove(run.runDir).then(() => setDialog(null))}
        />
      )}
    </li>
  );
}

function NotesDialog({ folder, initial, onSave, onCancel }: { folder: string; initial: RunNotes | undefined; onSave: (notes: RunNotes) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(initial?.title ?? "");
  const [notes, setNotes] = useState(initial?.notes ?? "");
  return (
    <Dialog title={`Run ${folder}`} onCancel={onCancel}>
      <form
        className="run-notes-form"
        onSubmit={(event) => {
          event.preventDefault();
          onSave({ title, notes });
        }}
      >
        <label>
          Name
          <input value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} placeholder="e.g. baseline, n = 16" />
        </label>
        <label>
          Notes
          <textarea value={notes} rows={5} maxLength={20_000} onChange={(event) => setNotes(event.target.value)} placeholder="What this run tried, what changed, what it showed" />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
