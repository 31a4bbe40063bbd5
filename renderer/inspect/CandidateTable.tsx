import { memo, useState } from "react";
import type { Action } from "../../protocol/index.js";
import { formatCell, sortRows, type CandidateTable as Table } from "./candidate-table.js";

const HEADERS: Record<string, string> = {
  action: "action",
  logp: "log-prob",
  q: "Q",
  risk: "risk",
  predictedReturn: "predicted return",
  predicted_return: "predicted return",
  rolloutReturn: "predicted return",
  return: "predicted return",
  filtered: "filtered",
  selected: "selected",
};

export const columnTitle = (column: string) => HEADERS[column] ?? column;

/** The step's candidates, one row each; click a header to sort; filtered rows are greyed with their reason. */
export const CandidateTable = memo(function CandidateTable({ table, actionLabel }: { table: Table; actionLabel: (action: Action) => string }) {
  const [sort, setSort] = useState<{ column: string | null; descending: boolean }>({ column: null, descending: true });
  const rows = sortRows(table.rows, sort.column, sort.descending);
  const toggle = (column: string) =>
    setSort((current) => (current.column === column ? { column, descending: !current.descending } : { column, descending: column !== "action" }));
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
            <th key={column} scope="col" aria-sort={sort.column === column ? (sort.descending ? "descending" : "ascending") : "none"}>
              <button type="button" className="link" onClick={() => toggle(column)}>
                {columnTitle(column)}
                {sort.column === column ? (sort.descending ? " ▾" : " ▴") : ""}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ row, index }) => {
          const filtered = row.filtered === true;
          const selected = row.selected === true;
          return (
            <tr key={index} className={`${filtered ? "filtered" : ""}${selected ? " selected" : ""}`} title={filtered && row.reason ? `filtered: ${String(row.reason)}` : undefined}>
              <td className="num">{index}</td>
              {table.columns.map((column) => (
                <td key={column} className={typeof row[column] === "number" ? "num" : undefined} data-column={column}>
                  {column === "action"
                    ? actionLabel(row.action)
                    : column === "filtered"
                      ? filtered
                        ? `yes${row.reason ? ` — ${String(row.reason)}` : ""}`
                        : "no"
                      : column === "selected"
                        ? selected
                          ? "✔ selected"
                          : ""
                        : formatCell(row[column])}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
