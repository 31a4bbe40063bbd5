import { Fragment } from "react";
import {
  chartsSuccessRate,
  formatMean,
  formatMeanLength,
  hasSweepSpeed,
  inShownOrder,
  sharedDecimals,
  shownCount,
  shownSweepEpisodes,
  shownSweepSuccess,
  shownSweepValue,
  sweepEpisodesInWords,
  sweepOutcomeInWords,
  sweepSeedInWords,
  type OpenedSweep,
  type SweepPointResult,
  type SweepPointUnfinished,
  unfinishedEpisodesAsked,
} from "../../protocol/index.js";
import { Dialog } from "../files/Dialog.js";
import { SweepFailure } from "./SweepFailure.js";

/** The figures' columns after the swept keys. */
const FIGURE_COLUMNS = ["episodes", "success rate (95% CI)", "mean return (95% CI)", "mean length", "steps/s", "status"];

const UNFINISHED_STATUS: Record<SweepPointUnfinished["status"], string> = { running: "running", killed: "killed (no summary)", stopped: "stopped (no summary)" };

/**
 * A sweep's results: one row per setting with 95% intervals and the episodes they are over, the
 * settings playing now or left without a summary, and the chart `foresight sweep` drew; a setting's
 * value opens its run in the trace view.
 */
export function SweepDialog({ sweep, onClose, onOpenRun }: { sweep: OpenedSweep; onClose: () => void; onOpenRun: (runDir: string) => void }) {
  const { record } = sweep;
  const swept = record.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.key);
  const fixed = record.axes.filter((axis) => axis.values.length === 1).map((axis) => `${axis.key}=${shownSweepValue(axis.values[0])}`);
  // One precision down the column, as the sweep's results.md writes it; the chart shows mean return where no world reports success.
  const returnDecimals = sharedDecimals(...record.points.map((point) => point.meanReturn));
  const charted = chartsSuccessRate(record) ? "Success rate" : "Mean return";
  const outcome = sweepOutcomeInWords(record);
  const settingOf = (point: Pick<SweepPointResult, "values">) => swept.map((key) => `${key}=${shownSweepValue(point.values[key])}`).join(", ") || "the sweep";
  // A setting's value opens its run in the trace view, as a run's folder name does in the Runs list;
  // its accessible name carries every swept value whole, which the cells may cut short.
  const openLink = (point: Pick<SweepPointResult, "values" | "runDir">, text: string) =>
    point.runDir ? (
      <button
        type="button"
        className="link sweep-cut"
        aria-label={`Open the run of ${settingOf(point)}`}
        title={`${text}\nOpen ${point.runDir} in the trace view: its episodes and steps`}
        onClick={() => onOpenRun(`${sweep.sweepDir}/${point.runDir}`)}
      >
        {text}
      </button>
    ) : (
      <span className="sweep-cut" title={text}>
        {text}
      </span>
    );
  const valueCells = (point: Pick<SweepPointResult, "values" | "runDir">) =>
    swept.map((key, i) => {
      const value = shownSweepValue(point.values[key]);
      return (
        <td key={key} className="sweep-value">
          {i === 0 ? (
            openLink(point, value)
          ) : (
            <span className="sweep-cut" title={value}>
              {value}
            </span>
          )}
        </td>
      );
    });
  return (
    <Dialog title={`Sweep of ${record.pipeline}`} onCancel={onClose}>
      <p className="help">
        {sweepEpisodesInWords(record)}, {sweepSeedInWords(record)}
        {fixed.length > 0 ? `; fixed ${fixed.join(", ")}` : ""} · {sweep.sweepDir}
      </p>
      {outcome && <p className="help">{outcome}</p>}
      <img className="sweep-chart" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(sweep.chartSvg)}`} alt={`${charted} per setting of ${swept.join(" and ") || "the sweep"}, with 95% intervals`} />
      {/* Scrolls sideways, visibly, where the window is narrower than the table (the dialog is as wide as it, up to the window); down, under its header, where long. */}
      <div className="sweep-table-scroll">
        <table className="sweep-table" aria-label="Sweep results">
          <thead>
            <tr>
              {swept.map((key) => (
                <th key={key} scope="col" className="mono">
                  {key}
                </th>
              ))}
              {FIGURE_COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {inShownOrder(record.points, record.axes).map((point) => (
              <Fragment key={point.runDir || JSON.stringify(point.values)}>
                <tr>
                  {valueCells(point)}
                  {/* What its run said beside its figures (failed episodes, a filter that fell back), whole, on hover. */}
                  <td title={point.warnings?.join("\n")}>{shownSweepEpisodes(point, record)}</td>
                  <td>{shownSweepSuccess(point)}</td>
                  <td>{formatMean(point.meanReturn, returnDecimals)}</td>
                  <td>{formatMeanLength(point.meanLength)}</td>
                  <td>{hasSweepSpeed(point) ? shownCount(Math.round(point.stepsPerSecond)) : "–"}</td>
                  <td>{swept.length === 0 ? openLink(point, point.status) : point.status}</td>
                </tr>
                {point.status === "failed" && point.error && <SweepFailure error={point.error} columns={swept.length + FIGURE_COLUMNS.length} setting={settingOf(point)} />}
              </Fragment>
            ))}
            {/* No figures yet: a run's summary holds them, and these have none (yet, or ever). */}
            {inShownOrder(sweep.unfinished, record.axes).map((point) => (
              <tr key={point.runDir} className="sweep-unfinished">
                {valueCells(point)}
                <td>{`${shownCount(point.episodes)} of ${shownCount(unfinishedEpisodesAsked(point, record))}`}</td>
                <td>—</td>
                <td>—</td>
                <td>—</td>
                <td>—</td>
                <td>{swept.length === 0 ? openLink(point, UNFINISHED_STATUS[point.status]) : UNFINISHED_STATUS[point.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
