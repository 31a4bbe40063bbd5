import { describe, expect, it } from "vitest";
import { policyKind } from "../nodes/policy/index.js";
import { samplerKind } from "../nodes/sampler/index.js";
import { Column } from "../runtime/candidate-table.js";

/** The description the step view's candidate table shows as a column's tooltip: the first kind's that ran and declares it (renderer/inspect/columns.ts). */
const shown = (name: string) => [policyKind, samplerKind].flatMap((kind) => kind.columns ?? []).find((column) => column.name === name)?.description ?? "";

describe("the candidate table's column tooltips, for every policy variant", () => {
  it("describes log-prob as the policy's, not as an LLM's token log-probs only", () => {
    // A GridWorld policy runs before its sampler: its declaration is the one shown there too.
    expect(shown(Column.logp)).toMatch(/^The candidate's log-probability under the policy/);
    expect(shown(Column.logp)).toContain("an LLM policy's is its completion's summed token log-probs");
  });

  it("says greedy marks the row includeGreedy adds, not any row holding the most likely action", () => {
    expect(shown(Column.greedy)).toContain("includeGreedy");
    expect(shown(Column.greedy)).toContain("A drawn row says “no”, even where it is the same action");
  });
});
