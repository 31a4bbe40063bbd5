import type { ColumnDescription, ColumnFormat, KindDescription } from "../../protocol/index.js";

/**
 * A candidate-table column as the editor shows it: what a kind declared about it (kind catalog),
 * or, for a column no kind declares (a Script's), just its name, formatted by its values.
 */
export type ShownColumn = Omit<ColumnDescription, "format"> & { format?: ColumnFormat };

/** Every table's first column: the candidate's action (protocol's CandidateRow), not a column a kind adds. */
export const ACTION_COLUMN: ShownColumn = { name: "action", label: "action", format: "text", description: "The candidate action." };

/**
 * The declared columns by name. Two kinds may declare one name (a Q-scorer's and a rollout's risk):
 * the kinds that ran in the step come first, in the order they ran, then the catalog's others, and
 * the first declaration of a name wins.
 */
export function columnDeclarations(kinds: readonly KindDescription[], ran: readonly string[] = []): Map<string, ColumnDescription> {
  const byKind = new Map(kinds.map((kind) => [kind.kind, kind]));
  const order = [...new Set([...ran, ...kinds.map((kind) => kind.kind)])];
  const declared = new Map<string, ColumnDescription>();
  for (const name of order) for (const column of byKind.get(name)?.columns ?? []) if (!declared.has(column.name)) declared.set(column.name, column);
  return declared;
}

/** A cell as text, by its column's format; a column without one (undeclared) is formatted by the value's type. */
export function formatCell(value: unknown, format?: ColumnFormat): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (format === "integer") return String(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(4);
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** "label (name): description" for a header's or a list entry's tooltip. */
export function columnTooltip(column: ShownColumn): string {
  const named = column.label === column.name ? column.name : `${column.label} (${column.name})`;
  return column.description ? `${named}: ${column.description}` : named;
}
