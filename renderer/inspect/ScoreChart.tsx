import { memo, useRef } from "react";
import { tickText } from "./action-vectors.js";
import { ChartSave } from "./ChartSave.js";
import type { CandidateTable } from "./candidate-table.js";
import type { ShownColumn } from "./columns.js";
import { scoreBars } from "./score-bars.js";

const BAR = 14;
const GAP = 3;
const HEIGHT = 90;

/** One bar per candidate (in row order) of the table's score column; the chosen one in the accent colour, excluded ones greyed. */
export const ScoreChart = memo(function ScoreChart({ table, column }: { table: CandidateTable; column: ShownColumn }) {
  const { rows, verdicts } = table;
  const excludedBy = table.columns.find((c) => c.marks === "excluded")?.label ?? "excluded";
  const values = rows.map((row) => (typeof row[column.name] === "number" ? (row[column.name] as number) : 0));
  const low = Math.min(...values);
  const high = Math.max(...values);
  const { zeroY, bars } = scoreBars(values, HEIGHT);
  const width = rows.length * (BAR + GAP);
  const svg = useRef<SVGSVGElement>(null);
  const name = `${column.name}-per-candidate`;
  return (
    <figure className="score-chart">
      <svg ref={svg} width={width} height={HEIGHT + 2} role="img" aria-label={`${column.label} of each candidate, from ${tickText(low)} to ${tickText(high)}`}>
        {/* A pixel's room above and below: the zero line at the top or bottom is drawn whole. */}
        <g transform="translate(0 1)">
          {values.map((value, index) => {
            const bar = bars[index]!;
            const verdict = verdicts[index]!;
            const cls = verdict.chosen ? "bar selected" : verdict.excluded ? "bar filtered" : "bar";
            return (
              <rect key={index} className={cls} x={index * (BAR + GAP)} width={BAR} y={bar.y} height={bar.height}>
                <title>{`#${index}: ${column.label} ${value.toFixed(4)}${verdict.excluded ? ` (${excludedBy}: ${verdict.reason ?? ""})` : ""}`}</title>
              </rect>
            );
          })}
          {/* Over the bars: a score of 0 has no bar, but the line still says where zero is. */}
          <line x1={0} x2={width} y1={zeroY} y2={zeroY} className="axis" />
        </g>
      </svg>
      <figcaption className="muted">
        {column.label} per candidate ({tickText(low)} … {tickText(high)}){" "}
        <ChartSave label={`${column.label} chart`} svg={() => svg.current} name={name} />
      </figcaption>
    </figure>
  );
});
