import { counted, shownCount } from "../../protocol/index.js";

/**
 * "1 failed, left out of the figures", as `foresight run` says it: the success rate and means are
 * over the completed episodes only (summary.json's `episodes`).
 */
export function failedApart(failed: number): string {
  return `${shownCount(failed)} failed, left out of the figures`;
}

/**
 * The episodes a run played, the failed among them said apart: "2 episodes (1 failed, left out of
 * the figures)". "1 episode, 1 failed" read as if the failed one were among the one.
 */
export function playedEpisodes(completed: number, failed: number): string {
  const played = counted(completed + failed, "episode");
  return failed > 0 ? `${played} (${failedApart(failed)})` : played;
}
