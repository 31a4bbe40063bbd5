import type { Command } from "commander";
import { dismissStandbyWorkers } from "../../host/episode-worker-standby.js";
import type { HostKinds } from "../../host/node-kinds.js";
import { parallelEpisodes } from "../../host/parallel-episodes.js";
import { RunControl } from "../../runtime/engine/control.js";
import { executeRun, type ExecutedRun } from "../../runtime/execute-run.js";
import { failureText, notActingText } from "../../protocol/shown-values.js";
import type { NodeFailure } from "../../runtime/engine/events.js";
import { makeFolder, OutputPathError } from "../../runtime/output-paths.js";
import { errnoInWords } from "../../runtime/regular-file.js";
import { TraceWriteFailed } from "../../runtime/trace/trace-writer.js";
import { containsScripts } from "../../runtime/pipeline/trust.js";
import type { ValidatedPipeline } from "../../runtime/pipeline/validate.js";
import { EXIT, ExitError } from "../exit.js";
import { refuseSetBesideFlag } from "../set-flag-conflicts.js";
import { onStopSignals } from "../stop-signals.js";
import { pathFlagOrExit } from "../path-flag.js";
import { forkFromOption } from "../fork-option.js";
import { formatRunSummary } from "../format-summary.js";
import { hostKindsOrExit } from "../kinds-option.js";
import { loadPipelineOrExit } from "../load-pipeline.js";
import { progressListener } from "../progress.js";
import { batchNeedsQueue, queueRunner, withQueueFlags, type QueueFlags } from "../queue-options.js";
import { runWorkers, withRunFlags, type RunFlags } from "../run-options.js";

/** A file to run, validated against the kinds the run offers, and those kinds' modules (which worker threads load). */
export interface Runnable {
  validated: ValidatedPipeline;
  kindModules: readonly string[];
}

/** Loads and validates a file to run; exit 2 when it holds Script nodes and `--trust` was not given. */
export function loadRunnable(file: string, flags: Pick<RunFlags, "set" | "trust"> & { flagOfSet?: (set: string) => string }, kinds: HostKinds): Runnable {
  const validated = loadPipelineOrExit(file, flags.set, kinds.registry, undefined, flags.flagOfSet);
  const scripts = containsScripts(validated);
  if (scripts.length > 0 && !flags.trust) {
    throw new ExitError(EXIT.invalid, `${file} contains Script nodes (${scripts.join(", ")}); read them, then run with --trust`);
  }
  return { validated, kindModules: kinds.modules };
}

/** A run as the CLI reports it: with the first node error of an episode and the nodes' notes (node.log), which the summary does not keep. */
export type ReportedRun = ExecutedRun & { firstError?: NodeFailure; notes: NodeNotes };

/** Notes shown per node; the rest are counted (every one is in trace.jsonl). */
const NOTES_SHOWN = 3;

/** The nodes' notes of a run (node.log), by node: the first few, and how many more. */
type NodeNotes = Map<string, { shown: string[]; more: number }>;

function keepNote(notes: NodeNotes, node: string, message: string): void {
  const kept = notes.get(node) ?? { shown: [], more: 0 };
  if (kept.shown.length < NOTES_SHOWN) kept.shown.push(message);
  else kept.more++;
  notes.set(node, kept);
}

/** Runs and reports one pipeline file; Ctrl+C stops the run cleanly (files stay consistent). */
export async function runFile(file: string, flags: RunFlags & { fork?: string; name?: string } & Partial<QueueFlags>, { validated, kindModules }: Runnable, label = ""): Promise<ReportedRun> {
  batchNeedsQueue(flags);
  const queued = flags.queue !== undefined ? await queueRunner(flags, flags.queue) : undefined;
  let fork;
  if (flags.fork !== undefined) {
    if (flags.episodes !== undefined || flags.seed !== undefined || (flags.workers ?? 1) > 1) {
      throw new ExitError(EXIT.invalid, "--fork plays one episode with the earlier run's seed on one thread: leave out --episodes, --seed and --workers");
    }
    fork = forkFromOption(flags.fork, validated.pipeline.run.maxSteps);
  }
  const out = flags.out ?? "runs";
  pathFlagOrExit("--out", out, makeFolder);
  // A fork plays one episode; a queued run's episodes go to the queue's workers.
  const workers = fork || queued ? 1 : runWorkers(flags, flags.episodes ?? validated.pipeline.run.episodes);
  // Workers the launcher started ahead for this run (--workers) that it will not use.
  if (workers <= 1) dismissStandbyWorkers();
  const control = new RunControl();
  const stopListening = onStopSignals(() => control.stop(), { once: true });
  const progress = progressListener(label || validated.pipeline.name, process.stderr.isTTY === true && !flags.quiet);
  let firstError: NodeFailure | undefined;
  const notes: NodeNotes = new Map();
  try {
    const run = await executeRun({
      validated,
      pipelineFile: file,
      outDir: out,
      overrides: { episodes: flags.episodes, seed: flags.seed, trace: flags.trace, lockstep: flags.lockstep },
      set: flags.set,
      ...(flags.name ? { title: flags.name } : {}),
      control,
      onEvent: (event) => {
        if (event.type === "node.error") firstError ??= event;
        else if (event.type === "node.log") keepNote(notes, event.node, event.message);
        progress.onEvent(event);
      },
      ...(queued ? { runner: queued } : workers > 1 ? { runner: parallelEpisodes(workers, kindModules) } : {}),
      ...(fork ? { fork } : {}),
    });
    return { ...run, notes, ...(firstError ? { firstError } : {}) };
  } catch (error) {
    // The run folder itself could not be made (--out was checked, but a file system may refuse a folder it let the probe make).
    if (error instanceof OutputPathError) throw new ExitError(EXIT.invalid, `--out ${out}: ${error.message}`);
    // A full or read-only disk under the run folder (its summary could not be written): one line, not an internal error.
    if (error instanceof TraceWriteFailed || errnoInWords(error) !== undefined) throw new ExitError(EXIT.runFailed, `run failed: ${(error as Error).message}`);
    throw error;
  } finally {
    progress.stop();
    stopListening();
  }
}

/**
 * Exit 1 with the node, episode and step when the run failed or was stopped, or when every episode
 * failed: a run that goes on after a node error completes, but then has nothing to show.
 */
export function exitIfNotCompleted(run: ReportedRun): void {
  const { summary, firstError } = run;
  // The engine marks such a run failed; a summary from elsewhere (a merged queue run) may still say completed.
  const everyEpisodeFailed = summary.episodes === 0 && summary.episodesFailed > 0 && (summary.status === "completed" || summary.episodesFailed === summary.episodesRequested);
  if (summary.status === "completed" && !everyEpisodeFailed) return;
  if (everyEpisodeFailed) {
    const first = firstError ? `; the first: ${failureText(firstError)}` : "";
    throw new ExitError(EXIT.runFailed, `run failed: every episode failed (${summary.episodesFailed} of ${summary.episodesFailed})${first} (run folder: ${run.runDir})`);
  }
  const e = summary.error;
  throw new ExitError(EXIT.runFailed, `run ${summary.status}: ${e ? failureText(e) : "stopped before the last episode"} (run folder: ${run.runDir})`);
}

/**
 * Says on stderr what the figures alone would hide:
 * - that some episodes failed, where the run went on after them (onNodeError "endEpisode"): the
 *   figures count only the episodes that completed, so a pipeline that fails on its hardest
 *   episodes would look better than it is;
 * - that some ended at a step with nothing to act on (every candidate filtered: an LLM whose
 *   answers never parse, a risk filter that drops everything), which reads as plain failure;
 * - unless `quiet`, what the nodes noted (where a Dataset collector wrote, an LLM policy that
 *   changed how it asks), which is otherwise only in trace.jsonl.
 */
export function sayEpisodeNotes(run: ReportedRun, label = "", quiet = false): void {
  const { summary, firstError } = run;
  if (!quiet) {
    for (const [node, { shown, more }] of run.notes) {
      for (const message of shown) process.stderr.write(`foresight: ${label}node "${node}": ${message}\n`);
      if (more > 0) process.stderr.write(`foresight: ${label}node "${node}": ${more} more ${more === 1 ? "note" : "notes"} in the trace (its node.log lines)\n`);
    }
  }
  if (summary.episodesFailed > 0 && summary.episodes > 0) {
    const first = firstError ? `; the first: ${failureText(firstError)}` : "";
    const episodes = summary.episodes + summary.episodesFailed;
    process.stderr.write(`foresight: ${label}${summary.episodesFailed} of ${episodes} episodes failed and are left out of the figures${first}\n`);
  }
  const notActing = notActingText(summary);
  if (notActing) process.stderr.write(`foresight: ${label}${notActing} (the trace's candidates say why each was)\n`);
}

export function registerRun(program: Command): void {
  withQueueFlags(withRunFlags(program.command("run <file>").description("run a pipeline headless and write a run folder")))
    .option("--fork <runDir:episode:step>", "replay that episode of an earlier run up to the step, then let this pipeline decide (one episode)")
    .option("--name <title>", "a name for the run, shown in `foresight runs` and the editor's Runs tab (notes.json, as the editor's Notes…)")
    .action(async (file: string, flags: RunFlags & QueueFlags & { fork?: string; name?: string }) => {
      refuseSetBesideFlag(flags);
      const run = await runFile(file, flags, loadRunnable(file, flags, await hostKindsOrExit(flags.kinds)));
      if (flags.json) process.stdout.write(JSON.stringify({ runDir: run.runDir, ...run.summary }) + "\n");
      else if (!flags.quiet) process.stdout.write(formatRunSummary(run.summary, run.runDir));
      sayEpisodeNotes(run, "", flags.quiet || flags.json);
      exitIfNotCompleted(run);
    });
}
