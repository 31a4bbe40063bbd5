import type { z } from "zod";
import { counted } from "../../protocol/shown-values.js";
import type { NodeAlongCandidates, ParamProblem } from "../../runtime/node-kind.js";
import type { executorParams } from "../executor/index.js";
import type { RolloutParams } from "./params.js";

/**
 * A rollout after another one overwrites its columns (return, risk, horizon_value) unseen, and an
 * executor whose chunk is not the rollout's hold executes what was not scored: both are refused here.
 * `columns`: the ones a rollout writes, for the message.
 */
export function checkRolloutAlongCandidates(p: RolloutParams, along: readonly NodeAlongCandidates[], columns: readonly string[]): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const earlier = along.filter((node) => node.side === "upstream" && node.kind === "rollout");
  if (earlier.length > 0) {
    const first = earlier[0]!;
    const { horizon } = first.params as RolloutParams;
    problems.push({
      path: [],
      message:
        `its columns ${columns.join(", ")} overwrite those of rollout ${earlier.map((node) => `"${node.id}"`).join(" and ")} before it, so only the last rollout's are scored; ` +
        `keep one rollout, and compare horizons with a sweep (foresight sweep <file> --set ${first.id}.horizon=${horizon},${p.horizon})`,
    });
  }
  for (const executor of along.filter((node) => node.side === "downstream" && node.kind === "executor")) {
    const { chunk } = executor.params as z.output<typeof executorParams>;
    if (chunk === p.hold) continue;
    problems.push({
      path: ["hold"],
      message:
        `hold ${p.hold} is not the chunk (${chunk}) of executor "${executor.id}": candidates are scored held ${counted(p.hold, "step")} but executed ${counted(chunk, "step")} open loop; ` +
        `set hold to ${chunk} (or the executor's chunk to ${p.hold})`,
    });
  }
  return problems;
}
