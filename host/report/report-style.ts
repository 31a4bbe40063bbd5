/** The report page's one style sheet: inline, so the file opens offline as it was written. */
export const REPORT_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d232b; background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.1rem; margin: 28px 0 8px; border-bottom: 1px solid #d5dae1; padding-bottom: 4px; }
.muted { color: #66707c; } table { border-collapse: collapse; margin: 6px 0; } th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th, .summary td.num { white-space: nowrap; } td.set { overflow-wrap: anywhere; white-space: pre-line; text-align: left; }
/* A text action (an LLM's 300-character search) wraps in its column, and a note quoting one in its line: on one line they ran the page
   2,700 px wide. A cell's own max-width is ignored by the table's layout. */
td > code { display: inline-block; max-width: 24em; overflow-wrap: anywhere; } li { overflow-wrap: anywhere; }
.summary table { max-width: 100%; } .charts { display: flex; flex-wrap: wrap; gap: 16px; }
code { font-family: ui-monospace, monospace; font-size: 0.92em; } .scroll { overflow-x: auto; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  /* Paper does not scroll: a wide table wraps its headings and shrinks to the page rather than being cut at its edge. */
  .scroll { overflow: visible; } table { font-size: 10px; } th, td { padding: 2px 5px; }
  thead { display: table-header-group; } tr, svg, li { break-inside: avoid; }
  /* A heading stays with what it introduces: "Pipeline" alone at a page's foot, its drawing on the next, read as lost. */
  h1, h2 { break-after: avoid; } h2 + * { break-before: avoid; }
}
/* Dark on screens only: paper stays light. The drawings carry their light colours as attributes, which these rules override;
   their text is the page's colour (fill="currentColor"). A white box behind each drawing glared on a dark page. */
@media screen and (prefers-color-scheme: dark) {
  body { background: #16191d; color: #e3e6ea; } .muted { color: #9aa3ad; } h2, th, td { border-color: #333a43; }
  svg .grid { stroke: #333a43; } svg .run { stroke: #7fb0e6; } svg text.muted { fill: #9aa3ad; }
  svg .node-box { fill: #1f242b; stroke: #8a94a3; }
}
`;
