import { episodeRangesText } from "../../protocol/episode-ranges.js";
import { completedEpisodes } from "../../protocol/episode-difference.js";
import type { ValidatedPipeline } from "../pipeline/validate.js";
import type { EpisodeResult, RunEvent } from "./events.js";
import { nodeCounters, type EpisodePart } from "./run-counters.js";

/**
 * The nodes' notes on the whole run (NodeKind.runNote), read from the run's one counter memory
 * once every lane and thread has closed, and the environment's returns that were not finite:
 * told once per node, before run.end.
 */
export function runNoteEvents(validated: ValidatedPipeline, counterMemory: SharedArrayBuffer, t: number, episodes: readonly EpisodeResult[], part?: EpisodePart): RunEvent[] {
  const notes: RunEvent[] = validated.nodes.flatMap((node, index) => {
    const message = node.kind.runNote?.(node.params, nodeCounters(counterMemory, index, part));
    return message === undefined ? [] : [{ type: "node.log" as const, t, node: node.spec.id, message }];
  });
  const environment = validated.nodes.find((node) => node.kind.role === "environment");
  const notFinite = environment && notFiniteReturnsNote(episodes);
  return notFinite ? [...notes, { type: "node.log", t, node: environment.spec.id, message: notFinite }] : notes;
}

/**
 * Which completed episodes' returns are not finite, said on the environment that gave their rewards: each
 * reward is finite (foresight_env refuses one that is not), but their sum can overflow to ±Infinity, and
 * +Infinity − Infinity is NaN. The summary's mean return leaves them out; without this it was "–", unexplained.
 */
export function notFiniteReturnsNote(episodes: readonly EpisodeResult[]): string | undefined {
  const completed = completedEpisodes(episodes);
  const notFinite = completed.filter((e) => e.return === null || !Number.isFinite(e.return)).map((e) => e.episode).sort((a, b) => a - b);
  if (notFinite.length === 0) return undefined;
  const finite = completed.length - notFinite.length;
  const which = `${notFinite.length === 1 ? "episode" : "episodes"} ${episodeRangesText(notFinite)}`;
  const mean = finite === 0 ? "no episode's return is finite, so there is no mean return" : `the mean return is over the other ${finite} completed ${finite === 1 ? "episode" : "episodes"}`;
  return `${which}: return not finite (the rewards added up past ±1.8e308 to ±Infinity, or to NaN): left out of the mean return; ${mean}`;
}
