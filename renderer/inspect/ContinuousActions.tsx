import { memo, useRef } from "react";
import type { Action } from "../../protocol/index.js";
import { actionScatter, actionVector, extent } from "./action-vectors.js";
import type { CandidateTable } from "./candidate-table.js";
import { ChartSave } from "./ChartSave.js";

const BAR_WIDTH = 160;
const BAR_ROW = 18;
const PLOT = 150;
const MARGIN = 6;

/**
 * The executed action of a continuous step as one bar per dimension (signed, from a centre line),
 * scaled to the largest magnitude among the candidates. Draws nothing for a discrete or text action.
 */
export const ChosenActionBars = memo(function ChosenActionBars({ table, chosen }: { table: CandidateTable | null; chosen: Action | null | undefined }) {
  const vector = actionVector(chosen);
  return vector ? <ChosenBars vector={vector} table={table} /> : null;
});

/**
 * Continuous candidates as points: their first two dimensions, or, for a one-dimensional action,
 * the action against the step's score. Draws nothing when the candidates are not action vectors.
 */
export const CandidateScatter = memo(function CandidateScatter({ table }: { table: CandidateTable | null }) {
  const scatter = table ? actionScatter(table) : null;
  return scatter && table ? <ScatterPlot scatter={scatter} table={table} /> : null;
});

function ChosenBars({ vector, table }: { vector: number[]; table: CandidateTable | null }) {
  // Scaled to the largest magnitude among every candidate's dimensions, so the bar reads against the alternatives.
  const magnitudes = (table?.rows ?? []).flatMap((row) => actionVector(row.action) ?? []).concat(vector).map(Math.abs);
  const scale = Math.max(...magnitudes) || 1;
  const half = BAR_WIDTH / 2;
  const described = vector.map((x, d) => `dimension ${d} = ${x.toFixed(3)}`).join(", ");
  return (
    <figure className="action-bars">
      <svg width={BAR_WIDTH + 2 * MARGIN} height={vector.length * BAR_ROW + 4} role="img" aria-label={`Chosen action: ${described}`}>
        <line className="axis" x1={MARGIN + half} x2={MARGIN + half} y1={0} y2={vector.length * BAR_ROW + 4} />
        {vector.map((x, d) => {
          const length = (Math.abs(x) / scale) * half;
          return (
            <rect key={d} className="bar selected" x={MARGIN + (x >= 0 ? half : half - length)} y={2 + d * BAR_ROW + 3} width={Math.max(1, length)} height={BAR_ROW - 6}>
              <title>{`dimension ${d}: ${x.toFixed(4)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted">
        chosen action, a bar per dimension (±{scale.toFixed(3)} at the ends)
      </figcaption>
    </figure>
  );
}

function ScatterPlot({ scatter, table }: { scatter: NonNullable<ReturnType<typeof actionScatter>>; table: CandidateTable }) {
  const [xLow, xHigh] = extent(scatter.points.map((p) => p.x));
  const [yLow, yHigh] = extent(scatter.points.map((p) => p.y));
  const inner = PLOT - 2 * MARGIN;
  const px = (x: number) => MARGIN + ((x - xLow) / (xHigh - xLow)) * inner;
  const py = (y: number) => MARGIN + (1 - (y - yLow) / (yHigh - yLow)) * inner;
  // The chosen point last, so no other point hides it.
  const ordered = [...scatter.points].sort((a, b) => Number(table.verdicts[a.index]!.chosen) - Number(table.verdicts[b.index]!.chosen));
  const svg = useRef<SVGSVGElement>(null);
  return (
    <figure className="action-scatter">
      <svg ref={svg} width={PLOT} height={PLOT} role="img" aria-label={`Candidates: ${scatter.y.label} against ${scatter.x.label}, ${scatter.points.length} points`}>
        <rect className="frame" x={MARGIN} y={MARGIN} width={inner} height={inner} />
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
        {scatter.y.label} ({yLow.toFixed(2)} … {yHigh.toFixed(2)}) against {scatter.x.label} ({xLow.toFixed(2)} … {xHigh.toFixed(2)}){" "}
        <ChartSave label="candidate scatter" name="candidates-scatter" svg={() => svg.current} />
      </figcaption>
    </figure>
  );
}
