/**
 * How a world's episodes ended, side by side for two run folders: reached the goal (success),
 * ended by a hazard (terminated without success: a collision on the point mass, lava on GridWorld),
 * or ran out of steps. Wilson 95% intervals, and Newcombe's for the method − baseline difference.
 * summary.json has the success rate only; collisions are the point of a risk filter, so they are
 * counted here, from each trace's episode.end lines.
 * Run: node dist/bench/episode-outcomes.js <baseline run folder> <method run folder>
 */
import { join } from "node:path";
import type { EpisodeResult } from "../runtime/engine/events.js";
import { proportionDifference, wilsonInterval, type Estimate } from "../protocol/stats.js";
import { TraceIndex } from "../runtime/trace/trace-index.js";

type Outcome = "success" | "hazard" | "time limit";
const OUTCOMES: readonly Outcome[] = ["success", "hazard", "time limit"];

function outcomeOf(episode: EpisodeResult): Outcome {
  return episode.success ? "success" : episode.terminated ? "hazard" : "time limit";
}

function finishedEpisodes(runDir: string): EpisodeResult[] {
  return new TraceIndex(join(runDir, "trace.jsonl"), runDir).update().episodes.filter((e) => e.status === "completed");
}

const percent = (e: Estimate) => `${(100 * e.value).toFixed(1)}% [${(100 * e.low).toFixed(1)}%, ${(100 * e.high).toFixed(1)}%]`;
const points = (e: Estimate) => {
  const signed = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}`;
  return `${signed(e.value)} pts [${signed(e.low)}, ${signed(e.high)}]`;
};

const [baselineDir, methodDir] = process.argv.slice(2);
if (!baselineDir || !methodDir) {
  process.stderr.write("usage: node dist/bench/episode-outcomes.js <baseline run folder> <method run folder>\n");
  process.exit(2);
}
const baseline = finishedEpisodes(baselineDir);
const method = finishedEpisodes(methodDir);
process.stdout.write(`episodes: baseline ${baseline.length}, method ${method.length}\n`);
for (const outcome of OUTCOMES) {
  const count = (episodes: EpisodeResult[]) => ({ successes: episodes.filter((e) => outcomeOf(e) === outcome).length, trials: episodes.length });
  const [a, b] = [count(baseline), count(method)];
  process.stdout.write(`${outcome.padEnd(10)}  baseline ${percent(wilsonInterval(a.successes, a.trials)).padEnd(24)} method ${percent(wilsonInterval(b.successes, b.trials)).padEnd(24)} method − baseline ${points(proportionDifference(a, b))}\n`);
}
