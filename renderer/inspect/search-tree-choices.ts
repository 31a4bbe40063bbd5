import { discreteActionName, shownJson, type KindDescription } from "../../protocol/index.js";
import type { CandidateTable } from "./candidate-table.js";

/** What the step's outcome says of a search's first level: each first step's score, and the one executed. */
export interface FirstStepChoices {
  /** The score the search node added (its kind's charted column, e.g. "search value") and each first step's, by action name. */
  score: { label: string; byAction: ReadonlyMap<string, number> } | null;
  /** The executed action as the environment names it; undefined while the step runs. */
  executed: string | undefined;
}

/**
 * An action as a search tree names it (the environment's describeAction): the discrete space's label,
 * a text action as it is, anything else as JSON. Tree states carry only that name, so rows and the
 * executed action are matched to them by it.
 */
export function actionName(action: unknown, labels: readonly string[] | undefined): string {
  return discreteActionName(action, labels) ?? (typeof action === "string" ? action : shownJson(action));
}

/**
 * The first-level scores and executed action for a search node of `kind` at this step: the score is
 * the last charted column its kind declares in the catalog (what the executor ranks by), read from
 * the step's candidate table.
 */
export function firstStepChoices(
  kind: string,
  kinds: readonly KindDescription[],
  table: CandidateTable | null,
  executed: unknown,
  labels: readonly string[] | undefined,
): FirstStepChoices {
  const column = kinds.find((description) => description.kind === kind)?.columns.findLast((declared) => declared.chart);
  let score: FirstStepChoices["score"] = null;
  if (column && table) {
    const byAction = new Map<string, number>();
    for (const row of table.rows) {
      const value = row[column.name];
      const name = actionName(row.action, labels);
      if (typeof value === "number" && !byAction.has(name)) byAction.set(name, value);
    }
    score = { label: column.label, byAction };
  }
  return { score, executed: executed === undefined || executed === null ? undefined : actionName(executed, labels) };
}
