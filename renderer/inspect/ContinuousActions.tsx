import { memo, useRef } from "react";
import type { Action } from "../../protocol/index.js";
import { actionBound, actionScatter, actionVector, extent, tickText } from "./action-vectors.js";
import type { CandidateTable } from "./candidate-table.js";
import { ChartSave } from "./ChartSave.js";

const BAR_WIDTH = 160;
const BAR_ROW = 18;
/** Room left of the bars for the dimension's index, and below them for the range's tick labels. */
const BAR_GUTTER = 22;
const TICK_ROW = 14;
const PLOT = 150;
const MARGIN = 6;
/** Room left of the scatter's frame for the y axis's tick labels (at least), and below it for the x axis's. */
const Y_GUTTER = 40;
/** A tick label's character at its 10 px, widest (a digit), so the gutter fits a long label ("0.08784"). */
const TICK_CHAR_WIDTH = 6.4;
const X_GUTTER = 14;
/** Points are drawn this far inside the frame, so one at the range's end does not sit on it. */
const INSET = 5;

/**
 * The executed action of a continuous step as one bar per dimension (signed, from a centre line),
 * on the range the candidate scatter draws actions on (±the largest magnitude among the candidates),
 * its ends and centre labelled. Draws nothing for a discrete or text action.
 */
export const ChosenActionBars = memo(function ChosenActionBars({ table, chosen }: { table: CandidateTable | null; chosen: Action | null | undefined }) {
  const vector = actionVector(chosen);
  return vector ? <ChosenBars vector={vector} table={table} /> : null;
});

/**
 * Continuous candidates as points: their first two dimensions, or, for a one-dimensional action,
 * the action against the step's score. Draws nothing when the candidates are not action vectors.
 */
export const CandidateScatter = memo(function CandidateScatter({ table, chosen }: { table: CandidateTable | null; chosen: Action | null | undefined }) {
  const scatter = table ? actionScatter(table) : null;
  return scatter && table ? <ScatterPlot scatter={scatter} table={table} bound={actionBound(table, actionVector(chosen))} /> : null;
});

function ChosenBars({ vector, table }: { vector: number[]; table: CandidateTable | null }) {
  // The scatter's range: the bar reads against the alternatives, at the same place as its point.
  const scale = actionBound(table, vector);
  const half = BAR_WIDTH / 2;
  const height = vector.length * BAR_ROW + 4;
  const centre = BAR_GUTTER + half;
  const described = vector.map((x, d) => `dimension ${d} = ${x.toFixed(3)}`).join(", ");
  return (
    <figure className="action-bars">
      <svg width={BAR_GUTTER + BAR_WIDTH + 2 * MARGIN} height={height + TICK_ROW} role="img" aria-label={`Chosen action: ${described}`}>
        <line className="axis" x1={centre} x2={centre} y1={0} y2={height} />
        <line className="axis" x1={BAR_GUTTER} x2={BAR_GUTTER + BAR_WIDTH} y1={height} y2={height} />
        {vector.map((x, d) => {
          const length = (Math.abs(x) / scale) * half;
          return (
            <g key={d}>
              <text className="tick-label" x={BAR_GUTTER - 4} y={2 + d * BAR_ROW + BAR_ROW / 2} textAnchor="end" dominantBaseline="middle">
                [{d}]
              </text>
              <rect className="bar selected" x={x >= 0 ? centre : centre - length} y={2 + d * BAR_ROW + 3} width={Math.max(1, length)} height={BAR_ROW - 6}>
                <title>{`dimension ${d}: ${x.toFixed(4)}`}</title>
              </rect>
            </g>
          );
        })}
        <AxisTicks values={[-scale, 0, scale]} at={(value) => centre + (value / scale) * half} y={height + TICK_ROW - 3} />
      </svg>
      <figcaption className="muted">chosen action, a bar per dimension</figcaption>
    </figure>
  );
}

/** Tick labels along a horizontal axis: the first starts at its place, the last ends there, the rest centred. */
function AxisTicks({ values, at, y }: { values: readonly number[]; at: (value: number) => number; y: number }) {
  return (
    <g className="ticks x" aria-hidden="true">
      {values.map((value, i) => (
        <text key={i} className="tick-label" x={at(value)} y={y} textAnchor={i === 0 ? "start" : i === values.length - 1 ? "end" : "middle"}>
          {tickText(value)}
        </text>
      ))}
    </g>
  );
}

function ScatterPlot({ scatter, table, bound }: { scatter: NonNullable<ReturnType<typeof actionScatter>>; table: CandidateTable; bound: number }) {
  // Action values on the bars' range (±bound); a score from its lowest to its highest value, as the score chart's caption gives it.
  const [xLow, xHigh] = [-bound, bound];
  const ys = scatter.points.map((p) => p.y);
  const [yLow, yHigh] = scatter.y.action ? [-bound, bound] : Math.max(...ys) > Math.min(...ys) ? [Math.min(...ys), Math.max(...ys)] : extent(ys);
  const inner = PLOT - 2 * MARGIN;
  const px = (x: number) => left + INSET + ((x - xLow) / (xHigh - xLow)) * (inner - 2 * INSET);
  const py = (y: number) => MARGIN + INSET + (1 - (y - yLow) / (yHigh - yLow)) * (inner - 2 * INSET);
  const xTicks = [xLow, 0, xHigh];
  // A score's 0 labelled only well inside its range (beside an end's label the two ran together); its line drawn wherever it falls.
  const zeroInside = yLow < 0 && yHigh > 0;
  const yTicks = scatter.y.action || (zeroInside && Math.min(-yLow, yHigh) >= 0.2 * (yHigh - yLow)) ? [yLow, 0, yHigh] : [yLow, yHigh];
  const left = Math.max(Y_GUTTER, Math.ceil(TICK_CHAR_WIDTH * Math.max(...yTicks.map((value) => tickText(value).length))) + 6);
  // The chosen point last, so no other point hides it.
  const ordered = [...scatter.points].sort((a, b) => Number(table.verdicts[a.index]!.chosen) - Number(table.verdicts[b.index]!.chosen));
  const svg = useRef<SVGSVGElement>(null);
  return (
    <figure className="action-scatter">
      <svg
        ref={svg}
        width={left + PLOT - MARGIN}
        height={PLOT + X_GUTTER}
        role="img"
        aria-label={`Candidates: ${scatter.y.label} (${tickText(yLow)} to ${tickText(yHigh)}) against ${scatter.x.label} (${tickText(xLow)} to ${tickText(xHigh)}), ${scatter.points.length} points`}
      >
        <rect className="frame" x={left} y={MARGIN} width={inner} height={inner} />
        {xTicks.includes(0) && <line className="zero" x1={px(0)} x2={px(0)} y1={MARGIN} y2={MARGIN + inner} />}
        {zeroInside && <line className="zero" x1={left} x2={left + inner} y1={py(0)} y2={py(0)} />}
        <AxisTicks values={xTicks} at={px} y={MARGIN + inner + X_GUTTER - 2} />
        <g className="ticks y" aria-hidden="true">
          {yTicks.map((value, i) => (
            <text key={i} className="tick-label" x={left - 3} y={py(value)} textAnchor="end" dominantBaseline="middle">
              {tickText(value)}
            </text>
          ))}
        </g>
        {ordered.map(({ x, y, index }) => {
          const verdict = table.verdicts[index]!;
          const cls = verdict.chosen ? "point selected" : verdict.excluded ? "point filtered" : "point";
          return (
            <circle key={index} className={cls} cx={px(x)} cy={py(y)} r={verdict.chosen ? 5 : 3}>
              <title>{`#${index}: ${scatter.x.label} ${x.toFixed(3)}, ${scatter.y.label} ${y.toFixed(3)}${verdict.excluded ? ` (excluded${verdict.reason ? `: ${verdict.reason}` : ""})` : ""}`}</title>
            </circle>
          );
        })}
      </svg>
      <figcaption className="muted">
        {scatter.y.label} against {scatter.x.label} <ChartSave label="candidate scatter" name="candidates-scatter" svg={() => svg.current} />
      </figcaption>
    </figure>
  );
}
