import { memo, useRef } from "react";
import { tickText } from "./action-vectors.js";
import { ChartSave } from "./ChartSave.js";
import type { CandidateTable } from "./candidate-table.js";
import type { ShownColumn } from "./columns.js";
import { scoreBars } from "./score-bars.js";

const BAR = 14;
const GAP = 3;
const HEIGHT = 90;
/** Room left of the bars for the axis's tick labels ("0.9966", "−1,200"). */
const AXIS = 40;
/** Room above and below the plot: half a tick label's height, so the top and bottom labels are drawn whole. */
const PAD = 6;

/**
 * One bar per candidate (in row order) of the table's score column, on a labelled axis; the chosen one in the accent
 * colour, excluded ones greyed. Where the axis does not start at zero (scores close together: scoreBars), the
 * caption says where it starts.
 */
export const ScoreChart = memo(function ScoreChart({ table, column }: { table: CandidateTable; column: ShownColumn }) {
  const { rows, verdicts } = table;
  const excludedBy = table.columns.find((c) => c.marks === "excluded")?.label ?? "excluded";
  const values = rows.map((row) => (typeof row[column.name] === "number" ? (row[column.name] as number) : 0));
  const { fromZero, baseY, ticks, bars, domain, low, high } = scoreBars(values, HEIGHT);
  const width = AXIS + rows.length * (BAR + GAP);
  const svg = useRef<SVGSVGElement>(null);
  const name = `${column.name}-per-candidate`;
  const axisFrom = fromZero ? "" : ` · axis from ${tickText(domain[0])}, not 0`;
  return (
    <figure className="score-chart">
      <svg
        ref={svg}
        width={width}
        height={HEIGHT + 2 * PAD}
        role="img"
        aria-label={`${column.label} of each candidate, from ${tickText(low)} to ${tickText(high)}, on an axis from ${tickText(domain[0])} to ${tickText(domain[1])}`}
      >
        <g transform={`translate(0 ${PAD})`}>
          {ticks.map((tick) => (
            <g key={tick.value}>
              <line x1={AXIS - 3} x2={width} y1={tick.y} y2={tick.y} className="grid" />
              <text x={AXIS - 5} y={tick.y} className="tick-label">
                {tickText(tick.value)}
              </text>
            </g>
          ))}
          {values.map((value, index) => {
            const bar = bars[index]!;
            const verdict = verdicts[index]!;
            const cls = verdict.chosen ? "bar selected" : verdict.excluded ? "bar filtered" : "bar";
            return (
              <rect key={index} className={cls} x={AXIS + index * (BAR + GAP)} width={BAR} y={bar.y} height={bar.height}>
                <title>{`#${index}: ${column.label} ${value.toFixed(4)}${verdict.excluded ? ` (${excludedBy}: ${verdict.reason ?? ""})` : ""}`}</title>
              </rect>
            );
          })}
          {/* Over the bars: a score of 0 (or at the axis's low end) has no bar, but the line still says where they start. */}
          <line x1={AXIS} x2={width} y1={baseY} y2={baseY} className="axis" />
          <line x1={AXIS} x2={AXIS} y1={0} y2={HEIGHT} className="axis" />
        </g>
      </svg>
      <figcaption className="muted">
        {column.label} per candidate ({tickText(low)} … {tickText(high)}){axisFrom}{" "}
        <ChartSave label={`${column.label} chart`} svg={() => svg.current} name={name} />
      </figcaption>
    </figure>
  );
});
