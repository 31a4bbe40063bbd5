import { positionOf, type GridLayout } from "./layout.js";

/** The map as text rows with the agent drawn as `A` over whatever tile it stands on. */
export function renderGrid(layout: GridLayout, agent: number): string {
  const [agentRow, agentCol] = positionOf(layout, agent);
  return layout.rows
    .map((row, r) => (r === agentRow ? `${row.slice(0, agentCol)}A${row.slice(agentCol + 1)}` : row))
    .join("\n");
}
