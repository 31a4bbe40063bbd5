import type { Estimate, OpenedSweep } from "../../protocol/index.js";
import { Dialog } from "../files/Dialog.js";

function interval(e: Estimate, format: (v: number) => string): string {
  const { value, low, high } = e;
  return typeof value === "number" && typeof low === "number" && typeof high === "number" && Number.isFinite(value) ? `${format(value)} [${format(low)}, ${format(high)}]` : "–";
}
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => v.toFixed(3);

/** A sweep's results: one row per setting with 95% intervals, and the chart `foresight sweep` drew. */
export function SweepDialog({ sweep, onClose }: { sweep: OpenedSweep; onClose: () => void }) {
  const { record } = sweep;
  const swept = record.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.key);
  const fixed = record.axes.filter((axis) => axis.values.length === 1).map((axis) => `${axis.key}=${axis.values[0]}`);
  return (
    <Dialog title={`Sweep of ${record.pipeline}`} onCancel={onClose}>
      <p className="help">
        {record.episodes} episodes per setting, seed {record.seed}
        {fixed.length > 0 ? `; fixed ${fixed.join(", ")}` : ""} · {sweep.sweepDir}
      </p>
      <img className="sweep-chart" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(sweep.chartSvg)}`} alt={`Success rate per setting of ${swept.join(" and ") || "the sweep"}, with 95% intervals`} />
      <table className="sweep-table" aria-label="Sweep results">
        <thead>
          <tr>
            {swept.map((key) => (
              <th key={key} scope="col" className="mono">
                {key}
              </th>
            ))}
            <th scope="col">success rate (95% CI)</th>
            <th scope="col">mean return (95% CI)</th>
            <th scope="col">steps/s</th>
            <th scope="col">status</th>
          </tr>
        </thead>
        <tbody>
          {record.points.map((point) => (
            <tr key={point.runDir || JSON.stringify(point.values)}>
              {swept.map((key) => (
                <td key={key}>{point.values[key]}</td>
              ))}
              <td>{interval(point.successRate, pct)}</td>
              <td>{interval(point.meanReturn, num)}</td>
              <td>{Math.round(point.stepsPerSecond).toLocaleString("en-US")}</td>
              <td title={point.error}>{point.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
