import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { datasetKind } from "../index.js";
import { feedSteps, playEpisode, setupContext } from "./episodes.js";

/** Steps per episode in the crash scenario. */
export const CRASH_STEPS = 6;
/** Episodes the scenario finishes; it dies in the one after. */
export const CRASH_FINISHED = 6;
/** Episodes finished before the first Parquet part is written (at the end of episode 3, a second after the start). */
export const CRASH_IN_PART = 4;
/** The two collectors' folders: JSON Lines and Parquet (no parts: Parquet is rebuilt from the JSON Lines), and Parquet alone (parts). */
export const CRASH_FOLDERS = { both: "dataset", parquetOnly: "parquet-only" } as const;

/**
 * Two collectors record the same episodes, one writing JSON Lines and Parquet, one only Parquet.
 * Records three finished episodes, waits past the Parquet sink's one-second flush interval so
 * the fourth goes out in a part with them, waits for the Parquet thread to write the Parquet-only
 * collector's parts (they land a little after they are due), finishes two more (their part is not
 * due yet) and half of a seventh, then dies the hardest way a process can (SIGKILL: no exit
 * handlers, no flush), as a run killed by the user or the OOM killer would.
 */
export async function collectThenDie(runDir: string): Promise<never> {
  const create = (params: Record<string, unknown>) => datasetKind.create(datasetKind.params.parse({ candidates: true, ...params }), setupContext(runDir));
  const nodes = [await create({ folder: CRASH_FOLDERS.both }), await create({ folder: CRASH_FOLDERS.parquetOnly, formats: ["parquet"] })];
  for (let episode = 0; episode < CRASH_FINISHED; episode++) {
    if (episode === CRASH_IN_PART - 1) await sleep(1100);
    for (const node of nodes) await playEpisode(node, episode, CRASH_STEPS);
    if (episode === CRASH_IN_PART - 1) await firstParts(join(runDir, CRASH_FOLDERS.parquetOnly));
  }
  for (const node of nodes) await feedSteps(node, CRASH_FINISHED, CRASH_STEPS - 2);
  process.kill(process.pid, "SIGKILL");
  throw new Error("SIGKILL did not end the process");
}

/** Waits until every stream's parts folder holds a part (the thread writes them; at most 10 s). */
async function firstParts(folder: string): Promise<void> {
  const partsFolders = () => readdirSync(folder).filter((name) => name.endsWith(".parquet.parts"));
  const hasPart = (parts: string) => readdirSync(join(folder, parts)).some((name) => name.startsWith("part-"));
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (existsSync(folder) && partsFolders().length > 0 && partsFolders().every(hasPart)) return;
    await sleep(10);
  }
  throw new Error(`no Parquet part in ${folder} 10 s after one was due`);
}
