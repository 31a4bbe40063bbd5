import { memo } from "react";
import { counted, type GridScene } from "../../../protocol/index.js";
import type { Move } from "./moves.js";

const CELL = 26;
/** Room around the map for arrows that point off its edge. */
const MARGIN = CELL / 2;
const TILE_CLASS: Record<string, string> = { "#": "wall", ".": "floor", L: "lava", S: "start", G: "goal" };

export interface GridViewProps {
  scene: GridScene;
  agent: [number, number] | null;
  moves: Move[];
  /** Cells visited before (a trail), oldest first. */
  trail?: [number, number][];
  label: string;
}

/** A GridWorld map with the agent, an arrow per candidate move (width by how many candidates chose it), the chosen move highlighted. */
export const GridView = memo(function GridView({ scene, agent, moves, trail = [], label }: GridViewProps) {
  const rows = scene.rows.length;
  const cols = Math.max(...scene.rows.map((row) => row.length));
  const total = moves.reduce((sum, move) => sum + move.count, 0) || 1;
  const scores = moves.map((move) => move.best).filter((score): score is number => score !== null);
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const centre = (r: number, c: number) => [c * CELL + CELL / 2, r * CELL + CELL / 2] as const;
  const describe = [
    agent ? `agent at row ${agent[0]}, column ${agent[1]}` : "no agent position",
    ...moves.map((move) => `${scene.actions[move.action]?.label ?? move.action}: ${counted(move.count, "candidate")}${move.kept === 0 ? " (filtered)" : ""}${move.selected ? " (chosen)" : ""}`),
  ].join("; ");
  return (
    <svg
      className="grid-view"
      viewBox={`${-MARGIN} ${-MARGIN} ${cols * CELL + 2 * MARGIN} ${rows * CELL + 2 * MARGIN}`}
      width={cols * CELL + 2 * MARGIN}
      height={rows * CELL + 2 * MARGIN}
      role="img"
      aria-label={`${label}: ${describe}`}
    >
      <defs>
        {["move", "filtered", "chosen"].map((kind) => (
          <marker key={kind} id={`arrow-${kind}`} viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className={`arrowhead ${kind}`} />
          </marker>
        ))}
      </defs>
      <GridTiles rows={scene.rows} />
      {trail.length > 1 && <polyline className="trail" points={trail.map(([r, c]) => centre(r, c).join(",")).join(" ")} />}
      {agent &&
        moves.map((move) => {
          const delta = scene.actions[move.action]?.delta;
          if (!delta) return null;
          const [x, y] = centre(agent[0], agent[1]);
          const length = CELL * 0.95;
          const norm = Math.hypot(delta[0], delta[1]) || 1;
          const x2 = x + (delta[1] / norm) * length;
          const y2 = y + (delta[0] / norm) * length;
          const share = move.count / total;
          const strength = move.best !== null && high > low ? 0.35 + (0.65 * (move.best - low)) / (high - low) : 0.8;
          const kind = move.selected ? "chosen" : move.kept === 0 ? "filtered" : "move";
          return (
            <line
              key={move.action}
              x1={x}
              y1={y}
              x2={x2}
              y2={y2}
              className={`move ${kind}`}
              strokeWidth={move.selected ? 4 : 1.5 + share * 5}
              strokeOpacity={move.selected ? 1 : strength}
              strokeDasharray={kind === "filtered" ? "3 2" : undefined}
              markerEnd={`url(#arrow-${kind})`}
            >
              <title>{`${scene.actions[move.action]?.label ?? move.action}: ${counted(move.count, "candidate")}, best ${move.best?.toFixed(4) ?? "–"}${move.reasons.length ? `, filtered: ${move.reasons.join(", ")}` : ""}`}</title>
            </line>
          );
        })}
      {agent && <circle className="agent" cx={centre(agent[0], agent[1])[0]} cy={centre(agent[0], agent[1])[1]} r={CELL * 0.3} />}
    </svg>
  );
});

/** The map itself: one path per kind of tile (drawn again only for another map, not at every step). */
const GridTiles = memo(function GridTiles({ rows }: { rows: string[] }) {
  const paths = new Map<string, string>();
  const labels: { r: number; c: number; tile: string }[] = [];
  rows.forEach((line, r) =>
    [...line].forEach((tile, c) => {
      const cls = TILE_CLASS[tile] ?? "floor";
      paths.set(cls, `${paths.get(cls) ?? ""}M${c * CELL},${r * CELL}h${CELL}v${CELL}h${-CELL}z`);
      if (tile === "G" || tile === "S") labels.push({ r, c, tile });
    }),
  );
  return (
    <g className="tiles">
      {[...paths].map(([cls, d]) => (
        <path key={cls} d={d} className={`tile ${cls}`} />
      ))}
      {labels.map(({ r, c, tile }) => (
        <text key={`${r}:${c}`} x={c * CELL + CELL / 2} y={r * CELL + CELL / 2 + 4} className="tile-label">
          {tile}
        </text>
      ))}
    </g>
  );
});
