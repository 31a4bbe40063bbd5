import { memo, useState } from "react";
import { NO_ACTION, type Action, type CandidateRow } from "../../protocol/index.js";
import { sortRows, type CandidateTable as Table, type RowVerdict } from "./candidate-table.js";
import { ACTION_COLUMN, columnTooltip, formatCell, type ShownColumn } from "./columns.js";

/** The action cell of a candidate that names none. */
/** Characters past which a text cell may be cut on screen, and so carries its whole text as a tooltip. */
const LONG_CELL = 30;

/** One cell's text: the action by its label, a verdict column in words (with the reason), else by the column's format. */
function cellText(column: ShownColumn, row: CandidateRow, verdict: RowVerdict, actionLabel: (action: Action) => string): string {
  // An LLM's answer no parser could read proposes no action: say so, not "null" (its parse error is in its own column).
  if (column.name === ACTION_COLUMN.name) return row.action === null ? NO_ACTION : actionLabel(row.action);
  if (column.marks === "excluded") return row[column.name] === true ? `yes${verdict.reason ? ` — ${verdict.reason}` : ""}` : "no";
  if (column.marks === "chosen") return row[column.name] === true ? `✔ ${column.label}` : "";
  // A score the step did not compute (a horizon value where none was reached) reads as a dash, not as a blank that looks unfinished.
  const value = row[column.name];
  return value === null || value === undefined ? "—" : formatCell(value, column.format);
}

/** The step's candidates, one row each; click a header to sort; excluded (filtered) rows are greyed with their reason. */
export const CandidateTable = memo(function CandidateTable({ table, actionLabel }: { table: Table; actionLabel: (action: Action) => string }) {
  const [sort, setSort] = useState<{ column: string | null; descending: boolean }>({ column: null, descending: true });
  const rows = sortRows(table.rows, sort.column, sort.descending);
  const toggle = (column: string) =>
    setSort((current) => (current.column === column ? { column, descending: !current.descending } : { column, descending: column !== ACTION_COLUMN.name }));
  const excludedBy = table.columns.find((column) => column.marks === "excluded");
  return (
    <table className="candidates" aria-label="Candidates">
      <thead>
        <tr>
          <th scope="col" aria-sort={sort.column === null ? "ascending" : "none"}>
            <button type="button" className="link" onClick={() => setSort({ column: null, descending: false })}>
              #
            </button>
          </th>
          {table.columns.map((column) => (
            <th key={column.name} scope="col" title={columnTooltip(column)} aria-sort={sort.column === column.name ? (sort.descending ? "descending" : "ascending") : "none"}>
              <button type="button" className="link" onClick={() => toggle(column.name)}>
                {column.label}
                {sort.column === column.name ? (sort.descending ? " ▾" : " ▴") : ""}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ row, index }) => {
          const verdict = table.verdicts[index]!;
          return (
            <tr
              key={index}
              className={`${verdict.excluded ? "filtered" : ""}${verdict.chosen ? " selected" : ""}`}
              title={verdict.excluded && verdict.reason ? `${excludedBy?.label ?? "excluded"}: ${verdict.reason}` : undefined}
            >
              <td className="num">{index}</td>
              {table.columns.map((column) => {
                const text = cellText(column, row, verdict, actionLabel);
                // A text cell is cut to its column's width with an ellipsis (styles.css): the tooltip has it all, and a screen reader reads it all.
                const long = typeof row[column.name] !== "number" && text.length > LONG_CELL;
                return (
                  <td key={column.name} className={typeof row[column.name] === "number" ? "num" : undefined} data-column={column.name} title={long ? text : undefined}>
                    {text}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
