import type { NodeAlongCandidates, ParamProblem } from "../../runtime/node-kind.js";
import type { RolloutParams } from "./params.js";

/**
 * A rollout after another one overwrites its columns (return, risk, horizon_value) unseen: refused here.
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
  return problems;
}
