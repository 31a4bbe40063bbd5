import {
  chartsSuccessRate,
  formatMean,
  formatMeanLength,
  formatRate,
  sharedDecimals,
  shownCount,
  shownSweepEpisodes,
  shownSweepValue,
  sweepOutcomeInWords,
  type OpenedSweep,
  type SweepPointResult,
} from "../../protocol/index.js";
import { Dialog } from "../files/Dialog.js";

/**
 * A sweep's results: one row per setting with 95% intervals and the episodes they are over, and the
 * chart `foresight sweep` drew; a setting's value opens its run in the trace view.
 */
export function SweepDialog({ sweep, onClose, onOpenRun }: { sweep: OpenedSweep; onClose: () => void; onOpenRun: (runDir: string) => void }) {
  const { record } = sweep;
  const swept = record.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.key);
  const fixed = record.axes.filter((axis) => axis.values.length === 1).map((axis) => `${axis.key}=${shownSweepValue(axis.values[0])}`);
  // One precision down the column, as the sweep's results.md writes it; the chart shows mean return where no world reports success.
  const returnDecimals = sharedDecimals(...record.points.map((point) => point.meanReturn));
  const charted = chartsSuccessRate(record) ? "Success rate" : "Mean return";
  const outcome = sweepOutcomeInWords(record);
  // A setting's value opens its run in the trace view, as a run's folder name does in the Runs list.
  const openLink = (point: SweepPointResult, text: string) =>
    point.runDir ? (
      <button
        type="button"
        className="link"
        aria-label={`Open the run of ${swept.map((key) => `${key}=${shownSweepValue(point.values[key])}`).join(", ") || "the sweep"}`}
        title={`Open ${point.runDir} in the trace view: its episodes and steps`}
        onClick={() => onOpenRun(`${sweep.sweepDir}/${point.runDir}`)}
      >
        {text}
      </button>
    ) : (
      text
    );
  return (
    <Dialog title={`Sweep of ${record.pipeline}`} onCancel={onClose}>
      <p className="help">
        {shownCount(record.episodes)} episodes per setting, seed {record.seed}
        {fixed.length > 0 ? `; fixed ${fixed.join(", ")}` : ""} · {sweep.sweepDir}
      </p>
      {outcome && <p className="help">{outcome}</p>}
      <img className="sweep-chart" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(sweep.chartSvg)}`} alt={`${charted} per setting of ${swept.join(" and ") || "the sweep"}, with 95% intervals`} />
      {/* Scrolls sideways, visibly, where the window is narrower than the table (the dialog is as wide as it, up to the window). */}
      <div className="sweep-table-scroll">
        <table className="sweep-table" aria-label="Sweep results">
          <thead>
            <tr>
              {swept.map((key) => (
                <th key={key} scope="col" className="mono">
                  {key}
                </th>
              ))}
              <th scope="col">episodes</th>
              <th scope="col">success rate (95% CI)</th>
              <th scope="col">mean return (95% CI)</th>
              <th scope="col">mean length</th>
              <th scope="col">steps/s</th>
              <th scope="col">status</th>
            </tr>
          </thead>
          <tbody>
            {record.points.map((point) => (
              <tr key={point.runDir || JSON.stringify(point.values)}>
                {swept.map((key, i) => (
                  <td key={key}>{i === 0 ? openLink(point, shownSweepValue(point.values[key])) : shownSweepValue(point.values[key])}</td>
                ))}
                <td>{shownSweepEpisodes(point, record)}</td>
                <td>{formatRate(point.successRate)}</td>
                <td>{formatMean(point.meanReturn, returnDecimals)}</td>
                <td>{formatMeanLength(point.meanLength)}</td>
                <td>{shownCount(Math.round(point.stepsPerSecond))}</td>
                <td title={point.error}>{swept.length === 0 ? openLink(point, point.status) : point.status}</td>
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
