import { basename } from "node:path";
import { formatMean, formatPoints, formatRate, formatSigned, sharedDecimals } from "../protocol/format-estimate.js";
import type { Comparison } from "../runtime/compare.js";
import type { RunSummary } from "../runtime/summary.js";
import { TEMPLATES_WITHOUT_ROW, type TemplateRow } from "./templates.js";

/** One run of a row, as the page shows it. */
export interface RunFigures {
  /** The run folder, relative to the repository when inside it. */
  runDir: string;
  summary: RunSummary;
}

/** A row's outcome: both runs compared, or why it could not be. */
export type RowResult = { row: TemplateRow } & ({ baseline: RunFigures; method: RunFigures; comparison: Comparison; verdict: string } | { error: string });

/** Everything the results page says. */
export interface BenchRecord {
  startedAt: string;
  wallSeconds: number;
  machine: { cpu: string; cores: number; node: string; os: string; loadAtStart: number; loadAtEnd: number };
  traceLevel: string;
  chatServer: string;
  /** The folder holding every run folder of this bench. */
  benchDir: string;
  /** Set when --episodes replaced the table's own counts. */
  episodesOverride?: number;
  rows: RowResult[];
}

const fileName = (path: string) => basename(path).replace(/\.foresight\.json$/, "");
const perSecond = (summary: RunSummary) => Math.round(summary.stepsPerSecond).toLocaleString("en-US");

/** The baseline's figure, the method's and the lift; mean returns in one precision, so they compare at a glance. */
function figures(row: TemplateRow, baseline: RunSummary, method: RunSummary, comparison: Comparison): string[] {
  if (row.metric === "success") return [`success ${formatRate(baseline.successRate)}`, `success ${formatRate(method.successRate)}`, formatPoints(comparison.difference.successRate)];
  const difference = comparison.difference.meanReturn;
  const decimals = sharedDecimals(baseline.meanReturn, method.meanReturn, difference);
  return [`return ${formatMean(baseline.meanReturn, decimals)}`, `return ${formatMean(method.meanReturn, decimals)}`, formatSigned(difference, decimals)];
}

/** Whether comparisonVerdict (called with "the baseline" and "the method") found the method better. */
export function methodWins(verdict: string): boolean {
  return verdict.endsWith("the method succeeds more often") || verdict.endsWith("the method returns more");
}

function methodCell(row: TemplateRow, noteNumber: number | undefined): string {
  const extras = [
    ...(row.set ?? []).map((set) => `\`--set ${set}\``),
    ...(row.trust ? ["`--trust`"] : []),
    ...(Object.keys(row.chatServer ?? {}).length > 0 ? ["chat server: see the note"] : []),
  ];
  return `${row.method}${noteNumber !== undefined ? ` (note ${noteNumber})` : ""}<br>\`${fileName(row.template)}\`${extras.length > 0 ? `<br>${extras.join(", ")}` : ""}`;
}

function tableRow(result: RowResult, noteNumber: number | undefined): string[] {
  const { row } = result;
  const start = [row.world, methodCell(row, noteNumber), row.paper, `\`${fileName(row.baseline)}\``];
  if ("error" in result) return [...start, "–", "–", "–", "–", "–", `failed: ${result.error.replaceAll("|", "\\|").replaceAll("\n", " ")}`];
  return [
    ...start,
    `${result.method.summary.episodes} (seed ${result.method.summary.seed})`,
    ...figures(row, result.baseline.summary, result.method.summary, result.comparison),
    `${perSecond(result.baseline.summary)} / ${perSecond(result.method.summary)}`,
    result.verdict,
  ];
}

/** docs/results.md: the table, the machine it ran on, notes, the templates without a row, and where the run folders are. */
export function resultsMarkdown(record: BenchRecord): string {
  const noted = record.rows.filter((result) => result.row.note !== undefined);
  const noteOf = (result: RowResult) => (result.row.note !== undefined ? noted.indexOf(result) + 1 : undefined);
  const header = ["world", "method", "paper", "baseline", "episodes", "baseline (95% CI)", "method (95% CI)", "lift (95% CI)", "steps/s baseline / method", "verdict"];
  const { machine } = record;
  const minutes = Math.floor(record.wallSeconds / 60);
  const seconds = Math.round(record.wallSeconds - 60 * minutes);
  const behind = record.rows.filter((result) => "verdict" in result && !methodWins(result.verdict));
  const failed = record.rows.filter((result) => "error" in result);
  const lines = [
    "# Results: every template against its baseline",
    "",
    "Written by `npm run bench:templates` (bench/template-bench.ts; the rows are bench/templates.ts, one line each). Method and baseline",
    "run with the same seed and episodes through `foresight run`'s own path, one run at a time; the verdict is `foresight compare`'s.",
    "Success rates carry Wilson 95% intervals and their lift Newcombe's; mean returns (Pendulum has no success flag) a normal",
    "95% interval and their lift Welch's. Lift is method − baseline (success in percentage points). steps/s are environment steps",
    `per second of wall time, trace level \`${record.traceLevel}\`, each after a warm-up run of a tenth of its episodes (another seed) in the same`,
    "process: a process's first run of the engine and of each node kind pays V8's compilation.",
    "",
    `Run ${record.startedAt.slice(0, 10)} (${record.startedAt}) on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.os};`,
    `load average ${machine.loadAtStart.toFixed(2)} at the start and ${machine.loadAtEnd.toFixed(2)} at the end (a machine shared with other work:`,
    `steps/s are lower, and noisier, than on an idle one). The whole bench took ${minutes} min ${seconds} s.`,
    ...(record.episodesOverride !== undefined ? ["", `**Every row ran ${record.episodesOverride} episodes (\`--episodes\`), not the table's own counts.**`] : []),
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...record.rows.map((result) => `| ${tableRow(result, noteOf(result)).join(" | ")} |`),
    "",
    "## Notes",
    "",
    behind.length === 0 && failed.length === 0
      ? "Every row's method did better than its baseline at these episode counts."
      : [
          ...(behind.length > 0 ? [`Not better than the baseline at these episode counts (reported as measured): ${behind.map((result) => `\`${fileName(result.row.template)}\``).join(", ")}.`] : []),
          ...(failed.length > 0 ? [`Failed (see the row): ${failed.map((result) => `\`${fileName(result.row.template)}\``).join(", ")}.`] : []),
        ].join(" "),
    "",
    ...noted.map((result, index) => `${index + 1}. \`${fileName(result.row.template)}\`: ${result.row.note}`),
    ...(noted.length > 0 ? [""] : []),
    `LLM nodes were pointed at: ${record.chatServer}.`,
    "",
    "## Templates without a row",
    "",
    ...TEMPLATES_WITHOUT_ROW.map((entry) => `- \`${entry.template}\`: ${entry.why}.`),
    "",
    "## Reproduce",
    "",
    "```sh",
    "npm run bench:templates                                   # every row, the table's episodes; rewrites docs/results.md",
    "npm run bench:templates -- --only examples/gridworld-vgps.foresight.json --episodes 20 --out /tmp/results.md",
    "npm run bench:templates -- --chat-url http://127.0.0.1:8080/v1   # LLM rows against a real server",
    "```",
    "",
    "One row by hand: `npx foresight compare <baseline> <template> --episodes N --seed S` (with the row's `--set` flags).",
    "",
    "## Run folders",
    "",
    `Under \`${record.benchDir}\` (not committed): each holds the pipeline as run, its trace and summary.json.`,
    "",
    ...record.rows.flatMap((result) => ("error" in result ? [] : [`- \`${result.row.template}\`: method \`${result.method.runDir}\`, baseline \`${result.baseline.runDir}\``])),
    "",
  ];
  return lines.join("\n");
}
