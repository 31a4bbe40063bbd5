/**
 * `npm run bench:templates`: every row of bench/templates.ts, method and baseline, through the
 * CLI's own run path (loadRunnable, runFile: executeRun into a run folder each) and compare logic
 * (compareRuns, comparisonVerdict), one run at a time on this thread so steps/s are comparable;
 * then docs/results.md, written atomically. Progress goes to stderr.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, platform, release, tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { exitIfNotCompleted, loadRunnable, runFile, type ReportedRun } from "../cli/commands/run.js";
import { formatMean, formatRate } from "../protocol/format-estimate.js";
import { builtinHostKinds } from "../host/node-kinds.js";
import { packageRoot } from "../host/package-root.js";
import { writeFileAtomic } from "../runtime/atomic-file.js";
import { compareRuns, comparisonVerdict } from "../runtime/compare.js";
import { counted } from "../protocol/shown-values.js";
import { RUN_LIMITS } from "../runtime/pipeline/schema.js";
import { createRunFolder } from "../runtime/run-folder.js";
import { moveTowardsGoal, startFakeChatServer, type FakeAnswer } from "../test/fixtures/fake-chat-server.js";
import { fakeShopper, fakeShoppingJudge } from "../test/fixtures/fake-shopping-answers.js";
import { resultsMarkdown, type BenchRecord, type RowResult } from "./results-markdown.js";
import { TEMPLATE_ROWS, type FakeModel, type TemplateRow } from "./templates.js";

/** What each stand-in answers (bench/templates.ts, FakeModel). */
const FAKE_ANSWERS: Record<FakeModel, FakeAnswer> = {
  "gridworld-mover": (prompt) => `Action: ${moveTowardsGoal(prompt)}`,
  shopper: fakeShopper,
  "shopping-judge": fakeShoppingJudge,
};

/** What the command line asks for. */
export interface BenchOptions {
  /** Rows to run, by template file (all when empty). */
  only: string[];
  /** Episodes of every row instead of the table's own (for a quick look; the committed page uses the table's). */
  episodes?: number;
  /** The results page to write. */
  out: string;
  /** Folder that receives the bench folder of run folders. */
  runs: string;
  trace: "full" | "steps" | "off";
  /** A real OpenAI-compatible server for the rows with LLM nodes, instead of the bench's fake one. */
  chatUrl?: string;
}

/** A bad command line: exit 2. */
export class BenchArgumentError extends Error {}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        only: { type: "string", multiple: true },
        episodes: { type: "string" },
        out: { type: "string" },
        runs: { type: "string" },
        trace: { type: "string" },
        "chat-url": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchArgumentError((error as Error).message);
  }
  const root = packageRoot();
  const only = (values.only ?? []).flatMap((list) => list.split(",")).filter((file) => file !== "");
  const unknown = only.filter((file) => !TEMPLATE_ROWS.some((row) => row.template === file));
  if (unknown.length > 0) throw new BenchArgumentError(`--only ${unknown.join(", ")}: no such row (rows: ${TEMPLATE_ROWS.map((row) => row.template).join(", ")})`);
  let episodes: number | undefined;
  if (values.episodes !== undefined) {
    episodes = Number(values.episodes);
    const { min, max } = RUN_LIMITS.episodes;
    if (!Number.isInteger(episodes) || episodes < min || episodes > max) throw new BenchArgumentError(`--episodes ${values.episodes}: expected an integer from ${min} to ${max}`);
  }
  const trace = values.trace ?? "off";
  if (trace !== "full" && trace !== "steps" && trace !== "off") throw new BenchArgumentError(`--trace ${trace}: expected full, steps or off`);
  return {
    only,
    ...(episodes !== undefined ? { episodes } : {}),
    out: resolve(values.out ?? join(root, "docs", "results.md")),
    runs: resolve(values.runs ?? join(root, "runs")),
    trace,
    ...(values["chat-url"] !== undefined ? { chatUrl: values["chat-url"] } : {}),
  };
}

/**
 * Each pipeline first plays a tenth of its episodes, unmeasured: a process's first run of the engine
 * and of each node kind pays V8's compilation (the first row's baseline measured at half the
 * steps/s of the method beside it, which runs more nodes).
 */
const WARM_UP_SHARE = 10;
const WARM_UP_SEED_OFFSET = 1_000_003;

/** Ended by Ctrl+C: nothing is written. */
export class BenchStopped extends Error {}

/** Runs the rows and writes the results page; returns what it wrote. */
export async function runTemplateBench(options: BenchOptions): Promise<{ file: string; record: BenchRecord }> {
  const root = packageRoot();
  const rows = TEMPLATE_ROWS.filter((row) => options.only.length === 0 || options.only.includes(row.template));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0]!;
  const benchDir = createRunFolder(options.runs, "templates-bench");
  // One fake server per stand-in the rows name (none with --chat-url): what an LLM row measures is the path and the rule, not a model.
  const fakeModels = options.chatUrl === undefined ? [...new Set(rows.flatMap((row) => Object.values(row.chatServer ?? {})))] : [];
  const fakeChats = new Map(await Promise.all(fakeModels.map(async (model) => [model, await startFakeChatServer(FAKE_ANSWERS[model])] as const)));
  const chatUrl = (model: FakeModel) => options.chatUrl ?? fakeChats.get(model)!.url;
  const baselines = new Map<string, ReportedRun>();
  const results: RowResult[] = [];
  let runIndex = 0;
  const runCount = rows.length + new Set(rows.map((row) => baselineKey(row, options))).size;

  // Warm-up runs go to a folder of their own, deleted at the end; their LLM responses are cached there too, apart from the measured runs'.
  const warmDir = mkdtempSync(join(tmpdir(), "foresight-bench-warm-"));
  /** One run, which must complete (a stopped one ends the bench). */
  const runOnce = async (file: string, row: TemplateRow, sets: readonly string[], episodes: number, seed: number, out: string): Promise<ReportedRun> => {
    const flags = { episodes, seed, out, set: [...sets], trace: options.trace, kinds: [], ...(row.trust ? { trust: true } : {}) };
    const label = file.replace(/^.*\//, "").replace(/\.foresight\.json$/, "");
    const run = await runFile(join(root, file), flags, loadRunnable(join(root, file), flags, builtinHostKinds()), label);
    if (run.summary.status === "stopped") throw new BenchStopped(`stopped during ${file} (run folder: ${run.runDir}); ${options.out} left as it was`);
    exitIfNotCompleted(run);
    return run;
  };
  /** Plays a row's baseline or (`method`: with the row's sets and chat servers) its template. */
  const play = async (row: TemplateRow, method: boolean): Promise<ReportedRun> => {
    const file = method ? row.template : row.baseline;
    const sets = method ? (row.set ?? []) : [];
    const chatServers = method ? Object.entries(row.chatServer ?? {}) : [];
    const chatSets = (cacheDir: string) => chatServers.flatMap(([node, model]) => [`${node}.baseUrl=${chatUrl(model)}`, `${node}.cacheDir=${cacheDir}`]);
    const episodes = options.episodes ?? row.episodes;
    const warmEpisodes = Math.ceil(episodes / WARM_UP_SHARE);
    runIndex++;
    process.stderr.write(`[${runIndex}/${runCount}] ${file}: ${episodes} episodes, seed ${row.seed}, after ${counted(warmEpisodes, "warm-up episode")}\n`);
    // Another seed, so the measured run's episodes (and LLM requests) are not the warm-up's.
    await runOnce(file, row, [...sets, ...chatSets(join(warmDir, "llm-cache"))], warmEpisodes, (row.seed + WARM_UP_SEED_OFFSET) % 2 ** 32, warmDir);
    const run = await runOnce(file, row, [...sets, ...chatSets(join(benchDir, "llm-cache"))], episodes, row.seed, benchDir);
    const { successRate, meanReturn, stepsPerSecond, wallSeconds } = run.summary;
    const figure = row.metric === "success" ? `success ${formatRate(successRate)}` : `mean return ${formatMean(meanReturn)}`;
    process.stderr.write(`    ${figure}, ${Math.round(stepsPerSecond)} steps/s, ${wallSeconds.toFixed(1)} s\n`);
    return run;
  };

  try {
    for (const row of rows) {
      try {
        const key = baselineKey(row, options);
        const baseline = baselines.get(key) ?? (await play(row, false));
        baselines.set(key, baseline);
        const method = await play(row, true);
        const comparison = compareRuns({ summary: baseline.summary, episodes: baseline.result.episodes }, { summary: method.summary, episodes: method.result.episodes });
        results.push({ row, baseline: figures(baseline), method: figures(method), comparison, verdict: comparisonVerdict(comparison, "the baseline", "the method") });
      } catch (error) {
        if (error instanceof BenchStopped) throw error;
        process.stderr.write(`    failed: ${(error as Error).message}\n`);
        results.push({ row, error: (error as Error).message });
      }
    }
  } finally {
    await Promise.all([...fakeChats.values()].map((server) => server.close()));
    rmSync(warmDir, { recursive: true, force: true });
  }

  const record: BenchRecord = {
    startedAt,
    wallSeconds: (performance.now() - started) / 1000,
    machine: { cpu: cpus()[0]?.model.trim() ?? "unknown CPU", cores: cpus().length, node: process.version, os: `${platform()} ${release()}`, loadAtStart, loadAtEnd: loadavg()[0]! },
    traceLevel: options.trace,
    chatServer: options.chatUrl ?? "the bench's fake chat servers (test/fixtures/fake-chat-server.ts), answering with the rules each row's note names",
    benchDir: shown(benchDir, root),
    ...(options.episodes !== undefined ? { episodesOverride: options.episodes } : {}),
    rows: results,
  };
  writeFileAtomic(options.out, resultsMarkdown(record));
  return { file: options.out, record };
}

/** Rows with the same baseline, seed and episodes share one run of it. */
function baselineKey(row: TemplateRow, options: BenchOptions): string {
  return `${row.baseline}|${row.seed}|${options.episodes ?? row.episodes}`;
}

function figures(run: ReportedRun): { runDir: string; summary: ReportedRun["summary"] } {
  return { runDir: shown(run.runDir, packageRoot()), summary: run.summary };
}

/** A path as the page shows it: relative to the repository when inside it (the page is committed there). */
function shown(path: string, root: string): string {
  const inside = relative(root, path);
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}
