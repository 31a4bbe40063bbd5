import { datasetKind } from "../index.js";
import { feedSteps, playEpisode, setupContext } from "./episodes.js";

/** Steps per episode in the crash scenario. */
export const CRASH_STEPS = 6;

/**
 * Records three finished episodes and half of a fourth, then dies the hardest way a process can
 * (SIGKILL: no exit handlers, no flush), as a run killed by the user or the OOM killer would.
 */
export async function collectThenDie(runDir: string): Promise<never> {
  const node = await datasetKind.create(datasetKind.params.parse({ candidates: true }), setupContext(runDir));
  for (let episode = 0; episode < 3; episode++) await playEpisode(node, episode, CRASH_STEPS);
  await feedSteps(node, 3, CRASH_STEPS - 2);
  process.kill(process.pid, "SIGKILL");
  throw new Error("SIGKILL did not end the process");
}
