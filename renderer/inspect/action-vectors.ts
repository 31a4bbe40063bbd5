import type { Action } from "../../protocol/index.js";
import type { CandidateTable } from "./candidate-table.js";
import type { ShownColumn } from "./columns.js";

/** A finite-number vector, or null for any other action (a discrete index, text). */
export function actionVector(action: Action | null | undefined): number[] | null {
  return Array.isArray(action) && action.length > 0 && action.every((x) => typeof x === "number" && Number.isFinite(x)) ? (action as number[]) : null;
}

/** What the scatter of continuous candidates plots: one point per row, x from dimension 0, y from dimension 1 or the score. */
export interface ActionScatter {
  x: { label: string };
  y: { label: string };
  points: { x: number; y: number; index: number }[];
}

/**
 * The candidates as points: their first two action dimensions, or, for one-dimensional actions,
 * the action against the table's score (the column the score chart draws). Null when the rows are
 * not action vectors, or one-dimensional with no score to plot them against.
 */
export function actionScatter(table: CandidateTable): ActionScatter | null {
  const vectors = table.rows.map((row) => actionVector(row.action));
  if (vectors.length === 0 || vectors.some((v) => v === null)) return null;
  const rows = vectors as number[][];
  if (rows.every((v) => v.length >= 2)) {
    return { x: { label: "action[0]" }, y: { label: "action[1]" }, points: rows.map((v, index) => ({ x: v[0]!, y: v[1]!, index })) };
  }
  const score: ShownColumn | null = table.score;
  if (!score) return null;
  const points = rows.flatMap((v, index) => {
    const value = table.rows[index]![score.name];
    return typeof value === "number" ? [{ x: v[0]!, y: value, index }] : [];
  });
  return { x: { label: "action[0]" }, y: { label: score.label }, points };
}

/** Lowest and highest of the values with 5% room either side (so no point sits on the frame), or a span around a single value. */
export function extent(values: readonly number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (high > low) return [low - 0.05 * (high - low), high + 0.05 * (high - low)];
  const pad = Math.max(1, Math.abs(low)) * 0.5;
  return [low - pad, high + pad];
}
