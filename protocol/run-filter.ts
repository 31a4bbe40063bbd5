import { statusInWords, type RunListing } from "./runs.js";
import type { SweepListing } from "./sweeps.js";

/**
 * Whether a run matches a filter typed in the editor's Runs list (or `foresight runs --filter`):
 * every word, case aside, somewhere in its folder, pipeline, name, notes, status (as shown), `--set` overrides or file (an empty
 * filter matches every run). The overrides read as the run's row shows them ("--set sampler.n=4"), so text copied from the row
 * matches, and "--set" alone finds the runs that have any.
 */
export function runMatches(run: RunListing, query: string): boolean {
  return matchesWords([run.runDir, run.pipeline, run.path, run.notes?.title, run.notes?.notes, run.status, statusInWords(run), run.set ? `--set ${run.set.join(" ")}` : undefined], query);
}

/** The same for a sweep: its folder, pipeline, status and swept keys. */
export function sweepMatches(sweep: SweepListing, query: string): boolean {
  return matchesWords([sweep.sweepDir, sweep.pipeline, sweep.status, ...sweep.swept], query);
}

/** Whether every word of `query`, case aside, is somewhere in `fields` (an empty query matches). */
export function matchesWords(fields: (string | undefined)[], query: string): boolean {
  const text = fields.filter((field) => field !== undefined).join("\n").toLowerCase();
  return query.toLowerCase().split(/\s+/).every((word) => text.includes(word));
}
