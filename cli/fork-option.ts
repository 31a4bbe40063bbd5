import { relative, resolve, sep } from "node:path";
import type { ForkReplay } from "../runtime/engine/replay.js";
import { runFile } from "../runtime/run-folder.js";
import { forkReplayFrom } from "../runtime/trace/fork-replay.js";
import { TraceIndex } from "../runtime/trace/trace-index.js";
import { EXIT, ExitError } from "./exit.js";

/**
 * `--fork <runDir>:<episode>:<step>`: what to replay, read from that run folder's trace. The
 * numbers are taken from the end, so a folder name may hold colons. Exit 2 when the step cannot
 * be restored.
 */
export function forkFromOption(spec: string, maxSteps: number): ForkReplay {
  const match = /^(.+):(\d+):(\d+)$/.exec(spec);
  if (!match) throw new ExitError(EXIT.invalid, `--fork ${spec}: expected <runDir>:<episode>:<step>, e.g. runs/gridworld-vgps-20261125-134002-123:3:12`);
  const [, dir, episode, step] = match as unknown as [string, string, string, string];
  // The origin as this working directory names it, with "/" (as serve names folders under its root).
  const runDir = relative(process.cwd(), resolve(dir)).split(sep).join("/") || ".";
  try {
    // Errors name the folder as the user typed it ("run .." said little).
    const index = new TraceIndex(runFile(dir, "trace"), dir);
    const replay = forkReplayFrom(index, { runDir, episode: Number(episode), step: Number(step) }, maxSteps);
    const skipped = index.skippedInWords();
    if (skipped) process.stderr.write(`foresight: warning: --fork ${spec}: ${skipped}\n`);
    return replay;
  } catch (error) {
    throw new ExitError(EXIT.invalid, `--fork ${spec}: ${(error as Error).message}`);
  }
}
