import { counted, shownCount, type RunListing } from "../../protocol/index.js";
import { folderName } from "./RunItem.js";

/**
 * The default baseline: the newest run of a policy acting alone (RunListing.policyAlone; by its
 * pipeline's name where its pipeline copy is unreadable) in `world` — the shown run's, or before a
 * run the open pipeline's — never one in another world (GridWorld's successes beside Pendulum's
 * returns compare nothing). Any world's where `world` is unknown.
 */
export function defaultBaseline(runs: readonly RunListing[], current: string | null, world: string | undefined): string {
  const others = runs.filter((run) => folderName(run.runDir) !== current && run.episodes > 0 && (world === undefined || run.world === world));
  return others.find((run) => run.policyAlone ?? /policy-only|baseline/i.test(run.pipeline))?.runDir ?? "";
}

/**
 * Whether the world reports success, before the shown run has an episode to say it: as the newest
 * run with episodes in that world said (its success rate is null where it reports none); undefined
 * where no run in it has any.
 */
export function worldReportsSuccess(runs: readonly RunListing[], world: string | undefined): boolean | undefined {
  if (world === undefined) return undefined;
  const said = runs.find((run) => run.world === world && run.episodes > 0);
  return said === undefined ? undefined : said.successRate !== null;
}

/** About how many characters the Dashboard's Baseline select shows whole in the side dock (at its default width). */
const LABEL_CHARS = 46;

/** `text` cut to `max` characters in the middle ("pointmass…licy-only"), so its start and end stay readable. */
export function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/**
 * A run as the Baseline select names it, short enough to read whole: its title (or pipeline), a
 * fork marked, when it started (from its folder's stamp) and its episodes — "pointmass-policy-only,
 * 12-05 13:23, 5 ep." rather than the folder name, whose end (the time) a narrow select cuts off.
 * The name gives way (cut in the middle) when the whole is longer than the select shows.
 */
export function baselineLabel(run: RunListing): string {
  const folder = folderName(run.runDir);
  const stamp = /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\d{2}(?:-\d+)?$/.exec(folder);
  if (!stamp) return middleEllipsis(`${folder}, ${shownCount(run.episodes)} ep.`, LABEL_CHARS);
  const rest = `, ${stamp[2]}-${stamp[3]} ${stamp[4]}:${stamp[5]}, ${shownCount(run.episodes)} ep.`;
  const fork = run.fork ? " (fork)" : "";
  return `${middleEllipsis(run.notes?.title || run.pipeline, Math.max(12, LABEL_CHARS - rest.length - fork.length))}${fork}${rest}`;
}

/** Everything the select's short label leaves out, for its tooltip: the folder, pipeline, episodes, and where a fork branched off. */
export function baselineTitle(run: RunListing): string {
  const fork = run.fork ? `, a fork of ${folderName(run.fork.runDir)} at episode ${run.fork.episode}, step ${run.fork.step}` : "";
  return `${run.runDir} (${run.pipeline}, ${counted(run.episodes, "episode")}${fork})${run.notes?.title ? `: ${run.notes.title}` : ""}`;
}
