import { memo } from "react";
import type { CandidateRow } from "../../protocol/index.js";
import { columnTitle } from "./CandidateTable.js";

const BAR = 14;
const GAP = 3;
const HEIGHT = 90;

/** One bar per candidate (in row order) of a score column; the selected one in the accent colour, filtered ones greyed. */
export const ScoreChart = memo(function ScoreChart({ rows, column }: { rows: readonly CandidateRow[]; column: string }) {
  const values = rows.map((row) => (typeof row[column] === "number" ? (row[column] as number) : 0));
  // Scaled from the lowest to the highest score: Q values often differ only in the second decimal.
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low;
  const barHeight = (value: number) => (span > 0 ? 6 + ((value - low) / span) * (HEIGHT - 6) : HEIGHT / 2);
  const width = rows.length * (BAR + GAP);
  return (
    <figure className="score-chart">
      <svg width={width} height={HEIGHT + 2} role="img" aria-label={`${columnTitle(column)} of each candidate, from ${low.toFixed(3)} to ${high.toFixed(3)}`}>
        <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="axis" />
        {values.map((value, index) => {
          const h = barHeight(value);
          const row = rows[index]!;
          const cls = row.selected === true ? "bar selected" : row.filtered === true ? "bar filtered" : "bar";
          return (
            <rect key={index} className={cls} x={index * (BAR + GAP)} width={BAR} y={HEIGHT - h} height={h}>
              <title>{`#${index}: ${columnTitle(column)} ${value.toFixed(4)}${row.filtered === true ? ` (filtered: ${String(row.reason ?? "")})` : ""}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted">
        {columnTitle(column)} per candidate ({low.toFixed(3)} … {high.toFixed(3)})
      </figcaption>
    </figure>
  );
});
