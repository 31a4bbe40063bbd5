import { useCallback, useEffect, useState, type ReactNode } from "react";
import { runMatches, shownCount, sweepMatches, sweepSettingsInWords, type OpenedSweep, type RunListing, type SweepListing } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import type { EditorDocument } from "../document/pipeline.js";
import { useLiveRuns } from "../run/live-runs.js";
import { isRunOf } from "../run/document-runs.js";
import { useRun } from "../run/run-store.js";
import { LiveRunsList } from "./LiveRunsList.js";
import { useTransport } from "../transport-context.js";
import { openRunInView } from "./open-run.js";
import { download } from "../files/download.js";
import { folderName, RunItem, type RunActions } from "./RunItem.js";
import { FolderName } from "./FolderName.js";
import { startedText } from "./run-row-text.js";
import { SweepDialog } from "./SweepDialog.js";
import { usePollWhile } from "./use-poll-while.js";

/** A list's heading with how many it holds, which folds the list away (a long list of runs hid the sweeps below it). */
function Fold({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <details open className="runs-fold">
      <summary>
        <h3>
          {title} <span className="muted runs-count">{shownCount(count)}</span>
        </h3>
      </summary>
      {children}
    </details>
  );
}

/** Run folders, newest first; a group the document has none of says so (or is left out). */
function RunGroup({ title, runs, empty, actions }: { title: string; runs: RunListing[]; empty?: string; actions: RunActions }) {
  if (runs.length === 0 && !empty) return null;
  return (
    // A group, not a region: the Runs region stays the one region named "Runs".
    <div role="group" aria-label={title}>
      <Fold title={title} count={runs.length}>
        {runs.length === 0 ? (
          <p className="muted">{empty}</p>
        ) : (
          <ul>
            {runs.map((run) => (
              <RunItem key={run.runDir} run={run} actions={actions} />
            ))}
          </ul>
        )}
      </Fold>
    </div>
  );
}

/** The sweeps and runs that match `query` (all of them when it is empty): the sweeps first (a few, each many runs), then the document's runs, then the others. */
function RunGroups({ runs, sweeps, query, actions, openSweep }: { runs: RunListing[]; sweeps: SweepListing[]; query: string; actions: RunActions; openSweep: (sweepDir: string) => void }) {
  const docName = useEditor((state) => state.doc.name);
  const docPath = useEditor((state) => state.path);
  const hasNodes = useEditor((state) => state.doc.nodes.length > 0);
  const shownRuns = runs.filter((run) => runMatches(run, query));
  const shownSweeps = sweeps.filter((sweep) => sweepMatches(sweep, query));
  if (query && shownRuns.length === 0 && shownSweeps.length === 0) return <p className="muted">No run or sweep matches “{query}”.</p>;
  const own = (run: RunListing) => isRunOf(run, { name: docName }, docPath);
  return (
    <>
      {shownSweeps.length > 0 && (
        <section aria-label="Sweeps">
          <Fold title="Sweeps" count={shownSweeps.length}>
            <ul>
              {shownSweeps.map((sweep) => (
                <SweepItem key={sweep.sweepDir} sweep={sweep} openSweep={openSweep} />
              ))}
            </ul>
          </Fold>
        </section>
      )}
      <RunGroup title={`Runs of ${docName}`} runs={shownRuns.filter(own)} empty={hasNodes && !query ? "None yet: press Run." : undefined} actions={actions} />
      <RunGroup title="Other runs" runs={shownRuns.filter((run) => !own(run))} actions={actions} />
    </>
  );
}

/**
 * A sweep in the list, laid out as a run's row (RunItem): its folder's name cut short where the
 * panel is narrow (the whole in its hover text) beside when it started, then what it swept and how far it got.
 */
function SweepItem({ sweep, openSweep }: { sweep: SweepListing; openSweep: (sweepDir: string) => void }) {
  return (
    <li className="list-item">
      <div className="run-row-head">
        <button type="button" className="link mono run-folder" onClick={() => openSweep(sweep.sweepDir)} title={`Open ${sweep.sweepDir}`}>
          <FolderName name={folderName(sweep.sweepDir)} />
        </button>
        <time className="run-started muted" dateTime={sweep.startedAt} title={`Started ${sweep.startedAt}`}>
          {startedText(sweep.startedAt)}
        </time>
      </div>
      <small className="help">{[sweep.pipeline, sweep.swept.join(" × "), sweepSettingsInWords(sweep), sweep.status].filter(Boolean).join(" · ")}</small>
    </li>
  );
}

/**
 * Every run folder under the root's runs/, newest first, the document's own first; opening one shows
 * it in the step inspector and dashboard. Sweeps (`foresight sweep`) are listed above them and open as a table and chart.
 */
export function RunsList({ onOpenPipeline }: { onOpenPipeline: (runDir: string) => void }) {
  const transport = useTransport();
  const [runs, setRuns] = useState<RunListing[] | null>(null);
  const [sweeps, setSweeps] = useState<SweepListing[]>([]);
  const [openedSweep, setOpenedSweep] = useState<OpenedSweep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const phase = useRun((state) => state.phase);
  const refresh = useCallback(() => {
    useLiveRuns.getState().refresh(transport).catch(() => undefined);
    Promise.all([transport.listRuns(), transport.listSweeps()]).then(
      ([runList, sweepList]) => {
        setRuns(runList);
        setSweeps(sweepList);
        setError(null);
      },
      (reason: Error) => setError(reason.message),
    );
  }, [transport]);
  const openSweep = (sweepDir: string) =>
    transport.openSweep(sweepDir).then(setOpenedSweep, (reason: Error) => useEditor.getState().say(`Could not open ${sweepDir}: ${reason.message}`, "error"));
  useEffect(refresh, [refresh, phase]);
  // While a sweep runs, its listing and its open dialog follow its sweep.json (the sweep's process rewrites it as each setting starts and ends).
  const refreshSweeps = useCallback(() => void transport.listSweeps().then(setSweeps, () => undefined), [transport]);
  usePollWhile(sweeps.some((sweep) => sweep.status === "running"), refreshSweeps);
  const openedDir = openedSweep?.record.status === "running" ? openedSweep.sweepDir : null;
  const refreshOpenedSweep = useCallback(() => {
    if (!openedDir) return;
    void transport.openSweep(openedDir).then(
      (reread) => setOpenedSweep((shown) => (shown?.sweepDir === openedDir ? reread : shown)),
      () => undefined,
    );
  }, [transport, openedDir]);
  usePollWhile(openedDir !== null, refreshOpenedSweep);
  const report = (runDir: string) =>
    transport.writeReport(runDir).then(
      ({ path, html, warnings }) => {
        // Also handed to the browser as a download: serve's root may be on another machine.
        const name = `${folderName(runDir)}-report.html`;
        download(name, html, "text/html");
        const written = `Report written to ${path}, and downloaded as ${name}`;
        if (warnings.length === 0) useEditor.getState().say(written);
        else useEditor.getState().say(`${written}, leaving out what it could not read: ${warnings.join("; ")}`, "error");
      },
      (reason: Error) => useEditor.getState().say(`Could not write the report of ${runDir}: ${reason.message}`, "error"),
    );
  const open = (runDir: string) => {
    // A blank canvas has nothing to keep: the run's own pipeline takes its place, so the canvas and Problems speak of the run shown.
    if (blankDocument(useEditor.getState())) return onOpenPipeline(runDir);
    void openRunInView(transport, runDir).then(
      () => useEditor.getState().say(`Opened ${runDir}`),
      (reason: Error) => useEditor.getState().say(`Could not open ${runDir}: ${reason.message}`, "error"),
    );
  };
  const say = useEditor.getState().say;
  const actions: RunActions = {
    open,
    openPipeline: onOpenPipeline,
    report: (runDir) => void report(runDir),
    annotate: (runDir, notes) =>
      transport.annotateRun(runDir, notes).then(refresh, (reason: Error) => say(`Could not save the notes of ${runDir}: ${reason.message}`, "error")),
    remove: (runDir) =>
      transport.deleteRun(runDir).then(
        () => {
          say(`Deleted ${runDir}`);
          // Gone from the list with the notice, not a round trip later.
          setRuns((listed) => listed && listed.filter((run) => run.runDir !== runDir));
          refresh();
        },
        (reason: Error) => say(`Could not delete ${runDir}: ${reason.message}`, "error"),
      ),
  };
  return (
    <section className="runs-list" aria-label="Runs">
      {/* The button beside the heading, not in it: the heading's name stays "Runs". */}
      <div className="runs-heading">
        <h2>Runs</h2>
        <button type="button" className="link" onClick={refresh}>
          Refresh
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <LiveRunsList />
      {runs === null ? (
        <p className="muted">Loading…</p>
      ) : runs.length === 0 && sweeps.length === 0 ? (
        <p className="muted">No runs under runs/ yet.</p>
      ) : (
        <>
          <input
            type="search"
            className="runs-filter"
            aria-label="Filter runs"
            placeholder="Filter: pipeline, name, notes, --set"
            title="Runs with every word (case aside) in their folder, pipeline, name, notes, status or --set overrides; sweeps by folder, pipeline, status or swept keys"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <RunGroups runs={runs} sweeps={sweeps} query={filter.trim()} actions={actions} openSweep={(sweepDir) => void openSweep(sweepDir)} />
        </>
      )}
      {openedSweep && (
        <SweepDialog
          sweep={openedSweep}
          onClose={() => setOpenedSweep(null)}
          onOpenRun={(runDir) => {
            setOpenedSweep(null);
            void open(runDir);
          }}
        />
      )}
    </section>
  );
}

/** An untitled document nothing was put in: no nodes, notes or groups, no edits. */
function blankDocument({ doc, path, dirty }: { doc: EditorDocument; path: string | null; dirty: boolean }): boolean {
  return path === null && !dirty && doc.nodes.length === 0 && doc.notes.length === 0 && doc.groups.length === 0;
}
