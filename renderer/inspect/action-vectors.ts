import { shownNumber, type Action } from "../../protocol/index.js";
import type { CandidateTable } from "./candidate-table.js";
import type { ShownColumn } from "./columns.js";

/** A finite-number vector, or null for any other action (a discrete index, text). */
export function actionVector(action: Action | null | undefined): number[] | null {
  return Array.isArray(action) && action.length > 0 && action.every((x) => typeof x === "number" && Number.isFinite(x)) ? (action as number[]) : null;
}

/** What the scatter of continuous candidates plots: one point per row, x from dimension 0, y from dimension 1 or the score. */
export interface ActionScatter {
  x: { label: string };
  /** `action`: y is an action dimension too (drawn on the same range as x), not a score. */
  y: { label: string; action: boolean };
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
    return { x: { label: "action[0]" }, y: { label: "action[1]", action: true }, points: rows.map((v, index) => ({ x: v[0]!, y: v[1]!, index })) };
  }
  const score: ShownColumn | null = table.score;
  if (!score) return null;
  const points = rows.flatMap((v, index) => {
    const value = table.rows[index]![score.name];
    return typeof value === "number" ? [{ x: v[0]!, y: value, index }] : [];
  });
  return { x: { label: "action[0]" }, y: { label: score.label, action: false }, points };
}

/**
 * The half-width of the range both continuous charts draw action values on: the largest magnitude
 * among every candidate's dimensions and the executed action (1 when all are 0). The chosen action's
 * bars and the candidates' scatter share it, so a value sits at the same place in both.
 */
export function actionBound(table: CandidateTable | null, chosen: readonly number[] | null = null): number {
  const values = (table?.rows ?? []).flatMap((row) => actionVector(row.action) ?? []).concat(chosen ?? []);
  return Math.max(0, ...values.map(Math.abs)) || 1;
}

/** A chart's axis value as its tick label: 4 significant digits, a true minus sign ("−2", "0", "0.8474", "3.088"). */
export function tickText(value: number): string {
  const shown = shownNumber(value);
  return shown < 0 ? `−${-shown}` : String(shown === 0 ? 0 : shown);
}

/** Lowest and highest of the values with 5% room either side (so no point sits on the frame), or a span around a single value. */
export function extent(values: readonly number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (high > low) return [low - 0.05 * (high - low), high + 0.05 * (high - low)];
  const pad = Math.max(1, Math.abs(low)) * 0.5;
  return [low - pad, high + pad];
}
