import { useEffect, useId, useMemo, useState } from "react";
import { counted, failureText, shownCount, type EpisodeResult, type RunListing } from "../../protocol/index.js";
import { mainTrace, useTrace } from "../trace/trace-store.js";
import { useTransport } from "../transport-context.js";
import { episodeCurves, reportsSuccess, returnWindow, SUCCESS_WINDOW } from "./curves.js";
import { lines, returnLines, successLines } from "./dashboard-lines.js";
import { NotFiniteReturns } from "./NotFiniteReturns.js";
import { EpisodeChart } from "./EpisodeChart.js";
import { baselineLabel, baselineTitle, defaultBaseline, worldReportsSuccess } from "./default-baseline.js";
import { pipelineWorld } from "../../protocol/pipeline-world.js";
import { useEditor } from "../document/editor-store.js";
import { folderName } from "./RunItem.js";
import { baselineDifference } from "./baseline-difference.js";
import { baselineChoices, worldDifference } from "./world-difference.js";

const SUCCESS_RANGE: [number, number] = [0, 1];

/** The shown run's episode curves beside a baseline run's, the inference providers it used, and what its nodes noted. */
export function Dashboard() {
  const transport = useTransport();
  const episodes = useTrace(mainTrace, (view) => view.data.episodes);
  const start = useTrace(mainTrace, (view) => view.data.start);
  const models = useTrace(mainTrace, (view) => view.data.models);
  const notes = useTrace(mainTrace, (view) => view.data.notes);
  const firstError = useTrace(mainTrace, (view) => view.data.errors[0]);
  const [runs, setRuns] = useState<RunListing[]>([]);
  const [baselineDir, setBaselineDir] = useState<string | null>(null);
  const [baseline, setBaseline] = useState<EpisodeResult[] | null>(null);
  const selectId = useId();

  useEffect(() => {
    transport.listRuns().then(setRuns, () => setRuns([]));
  }, [transport, start?.runId]);
  // The shown run's world; before a run, the open pipeline's, so that its default baseline and charts are of its world.
  const documentWorld = useEditor((state) => pipelineWorld({ nodes: state.doc.nodes.map((node) => node.data) }));
  const world = start ? runs.find((run) => folderName(run.runDir) === start.runId)?.world : documentWorld;
  const chosen = baselineDir ?? defaultBaseline(runs, start?.runId ?? null, world);
  useEffect(() => {
    if (!chosen) return setBaseline(null);
    let live = true;
    transport.openRun(chosen).then(
      (record) => live && setBaseline(record.episodes),
      () => live && setBaseline(null),
    );
    return () => {
      live = false;
    };
  }, [chosen, transport]);

  const window = returnWindow(Math.max(episodes.length, baseline?.length ?? 0));
  const series = useMemo(() => episodeCurves(episodes, window), [episodes, window]);
  const base = useMemo(() => (baseline ? episodeCurves(baseline, window) : null), [baseline, window]);
  const difference = useMemo(() => (baseline ? baselineDifference(episodes, baseline) : undefined), [episodes, baseline]);
  const baselineName = chosen ? folderName(chosen) : "no baseline";
  const chosenRun = runs.find((run) => run.runDir === chosen);
  const choices = baselineChoices(runs, world, (run) => folderName(run.runDir) === start?.runId);
  const otherWorld = chosenRun ? worldDifference(world, chosenRun.world, "This run", "the baseline") : undefined;
  const successes = episodes.filter((e) => e.success === true).length;
  // A world that says nothing of success (Pendulum) has no success figures, nor a curve of made-up zeros beside a baseline's: return is its measure.
  // Before its first episode, as the world's other runs said; a world no run has said it of draws no success chart until it does.
  const runReportsSuccess = episodes.length === 0 ? worldReportsSuccess(runs, world) === true : reportsSuccess(episodes);
  const baselineReportsSuccess = baseline !== null && reportsSuccess(baseline);
  const failed = episodes.filter((e) => e.status === "error").length;
  const completed = episodes.filter((e) => e.status === "completed").length;
  const noCurves = episodes.length > 0 && completed === 0;
  return (
    <section className="dashboard" aria-label="Dashboard">
      <h2>{start ? start.pipeline : "No run yet"}</h2>
      {start && (
        <p className="muted">
          {folderName(start.runId)} · {shownCount(completed)}/{shownCount(start.episodes)} episodes completed{failed > 0 ? ` · ${shownCount(failed)} failed` : ""}
          {runReportsSuccess ? ` · ${counted(successes, "success", "successes")}` : " · this world reports no success"}
        </p>
      )}
      {failed > 0 && firstError && (
        <p className="error" data-testid="first-error">
          {failed === episodes.length ? "Every episode failed; the first: " : "First error: "}
          {failureText(firstError)}
        </p>
      )}
      <div className="field">
        <label htmlFor={selectId}>Baseline</label>
        <select id={selectId} value={chosen} title={chosenRun ? baselineTitle(chosenRun) : undefined} onChange={(event) => setBaselineDir(event.target.value)}>
          <option value="">none</option>
          {choices.otherWorlds.length === 0 ? (
            choices.sameWorld.map(baselineOption)
          ) : (
            <>
              <optgroup label="Same world">{choices.sameWorld.map(baselineOption)}</optgroup>
              <optgroup label="Other worlds (not comparable)">{choices.otherWorlds.map(baselineOption)}</optgroup>
            </>
          )}
        </select>
      </div>
      <p className="legend">
        <span className="legend-item">
          <span className="swatch run" /> this run
        </span>
        <span className="legend-item" title={chosenRun ? baselineTitle(chosenRun) : baselineName}>
          <span className="swatch baseline" /> baseline: {chosenRun ? baselineLabel(chosenRun) : baselineName}
        </span>
      </p>
      {otherWorld && (
        <p className="baseline-world" role="note" data-testid="baseline-world">
          {otherWorld}.
        </p>
      )}
      {difference && (
        <p className="baseline-difference" data-testid="baseline-difference">
          This run − baseline: {difference.figures} (95% intervals). <span className="muted">{sentence(difference.verdict)}.</span>
        </p>
      )}
      {/* Curves of no points and no baseline are three blank charts: say why there is nothing to draw. */}
      {noCurves && (
        <p className="muted" data-testid="no-curves">
          No completed episodes: {failed === episodes.length ? "every episode failed — see the trace" : "every episode failed or was stopped"}.
        </p>
      )}
      {(!noCurves || base) && (runReportsSuccess || baselineReportsSuccess) && (
        <EpisodeChart
          title={`Success rate (moving average of ${SUCCESS_WINDOW})`}
          detail="band: 95% interval"
          lines={successLines(runReportsSuccess ? series.success : null, baselineReportsSuccess ? base!.success : null)}
          range={SUCCESS_RANGE}
        />
      )}
      {(!noCurves || base) && (
        <>
          <EpisodeChart title="Return" detail={window > 1 ? `mean of the last ${shownCount(window)} episodes` : undefined} lines={returnLines(series, base)} />
          <NotFiniteReturns run={series.notFiniteReturns} baseline={base?.notFiniteReturns ?? 0} />
          <EpisodeChart title="Length (steps)" lines={lines(series.length, base?.length ?? null)} shownLast={shownCount} />
        </>
      )}
      <h3>Inference providers</h3>
      {models.length === 0 ? (
        <p className="muted">{start ? "No models loaded (no ONNX nodes in this run)." : "—"}</p>
      ) : (
        <ul className="providers" aria-label="Inference providers">
          {models.map((model) => (
            <li key={`${model.node}:${model.path}`}>
              <strong>{model.node}</strong> <span className="mono">{model.path}</span>: {model.provider}
              {model.requested !== model.provider && <span className="muted"> (asked for {model.requested}{model.note ? `: ${model.note}` : ""})</span>}
            </li>
          ))}
        </ul>
      )}
      {notes.notes.length > 0 && (
        <>
          <h3>Notes from the nodes</h3>
          <ul className="node-notes" aria-label="Notes from the nodes">
            {notes.notes.map((note, i) => (
              <li key={i}>
                <strong>{note.node}</strong>: {note.message}
              </li>
            ))}
          </ul>
          {notes.more > 0 && <p className="muted">and {shownCount(notes.more)} more in the run's trace.jsonl (its node.log lines)</p>}
        </>
      )}
    </section>
  );
}

function baselineOption(run: RunListing) {
  return (
    <option key={run.runDir} value={run.runDir} title={baselineTitle(run)}>
      {baselineLabel(run)}
    </option>
  );
}

/** A clause as a sentence of its own. */
function sentence(clause: string): string {
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}
