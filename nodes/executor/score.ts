import { compileExpression } from "filtrex";
import type { CandidateTable } from "../../runtime/candidate-table.js";
import { readableSyntaxError } from "./score-syntax.js";

/** Scores the given rows of a candidate table, one number per row. */
export type Scorer = (table: CandidateTable, rows: readonly number[]) => number[];

/** Why `expression` cannot be compiled, or undefined when it can; for params validation. */
export function scoreSyntaxError(expression: string): string | undefined {
  try {
    compileExpression(expression);
    return undefined;
  } catch (error) {
    return `score "${expression}" is not a column name or a valid expression: ${readableSyntaxError(expression, (error as Error).message)}`;
  }
}

/**
 * Compiles a score once: either the name of a column or a filtrex expression over the row's
 * columns (e.g. "q - 2*risk"). A table column whose name is exactly the score is used as is,
 * so names an expression would split (e.g. "q-value") still work.
 */
export function compileScore(expression: string): Scorer {
  const evaluate = compiledExpression(expression);
  return (table, rows) => {
    const column = table.column(expression);
    // Pushed, not mapped: one array of doubles, not an integer array copied at the first double (every lane, every step).
    const scores: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      const index = rows[r]!;
      const value: unknown = column ? column[index] : evaluate(rowVariables(table, index));
      if (value instanceof Error) throw explain(expression, value, table, index);
      if (typeof value !== "number" || Number.isNaN(value)) {
        throw new Error(`score "${expression}" gave ${typeof value === "string" ? JSON.stringify(value) : String(value)} for candidate row ${index}, not a number`);
      }
      scores.push(value);
    }
    return scores;
  };
}

/** Compiled filtrex expressions by source: lockstep lanes each create an executor, and filtrex parses slowly (~0.3 ms). */
const compiled = new Map<string, ReturnType<typeof compileExpression>>();

function compiledExpression(expression: string): ReturnType<typeof compileExpression> {
  let evaluate = compiled.get(expression);
  if (!evaluate) compiled.set(expression, (evaluate = compileExpression(expression)));
  return evaluate;
}

/** The row's cells as expression variables; booleans count as 1/0 so "q - 10*irreversible" works. */
function rowVariables(table: CandidateTable, index: number): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [name, cell] of Object.entries(table.row(index))) {
    variables[name] = typeof cell === "boolean" ? Number(cell) : cell;
  }
  return variables;
}

// filtrex returns (rather than throws) its runtime errors; name the fix a user can make.
function explain(expression: string, error: Error, table: CandidateTable, index: number): Error {
  const columns = ["action", ...table.columnNames()].join(", ");
  if ("propertyName" in error) {
    return new Error(
      `score "${expression}" uses "${String(error.propertyName)}", which is not a column of the candidates (columns: ${columns})`,
    );
  }
  return new Error(`score "${expression}" failed on candidate row ${index}: ${error.message} (columns: ${columns})`);
}
