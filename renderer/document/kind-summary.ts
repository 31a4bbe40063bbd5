import type { KindDescription } from "../../protocol/index.js";

/** A kind in a tooltip: its description, and the candidate-table columns it adds (by their labels). */
export function kindSummary(kind: KindDescription): string {
  if (kind.columns.length === 0) return kind.description;
  return `${kind.description}\nAdds columns: ${kind.columns.map((column) => column.label).join(", ")}`;
}
