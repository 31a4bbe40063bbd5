import { counted, shownCount, shownPercent } from "../../protocol/shown-values.js";
import { Column } from "../../runtime/candidate-table.js";
import { defineNodeKind } from "../../runtime/node-kind.js";
import { missingColumnMessage } from "./cells.js";
import { applyFallback } from "./fallback.js";
import { readsRiskColumn, riskFilterParams, type RiskFilterParams } from "./params.js";
import { safeActionProblem } from "./safe-action.js";
import { applyIrreversible, applyThreshold, applyTopK, irreversibleProblem } from "./rules.js";
import { Verdicts } from "./verdicts.js";

/** Marks risky, irreversible or low-ranked candidates as filtered, with a reason each, and falls back when none is left. */
export const riskFilterKind = defineNodeKind({
  kind: "risk-filter",
  title: "Risk filter",
  shortId: "risk",
  description:
    "Filters candidates whose risk is above a threshold, whose action cannot be undone, or that are not among the " +
    "best k, writing a filtered flag and a reason per row. Rows filtered upstream stay filtered. When nothing is " +
    "left it keeps the least risky candidate, adds a safe default action, or ends the episode — and says so.",
  params: riskFilterParams,
  inputs: {
    candidates: { type: "candidates", description: "The candidates to filter.", required: true },
    environment: {
      type: "environment",
      description: "The environment in the current state; it says which actions are irreversible.",
      required: (p: RiskFilterParams) => p.irreversible,
    },
  },
  outputs: {
    candidates: { type: "candidates", description: "The candidates with filtered and reason columns." },
  },
  columns: [
    { name: Column.filtered, label: "filtered", format: "boolean", marks: "excluded", reasonColumn: Column.reason, description: "The candidate was removed, here or upstream; it is never executed." },
    { name: Column.reason, label: "reason", format: "text", description: "Why the candidate was filtered (or kept by a fallback)." },
  ],
  columnReferences: (p) => [
    ...(readsRiskColumn(p) ? [{ path: ["column"], columns: [p.column] }] : []),
    ...(p.keepTopK ? [{ path: ["keepTopK", "column"], columns: [p.keepTopK.column] }] : []),
  ],
  check(p, ctx) {
    if (!ctx.environment) return [];
    // Caught here, not at the first step: the rule is on by default, and only some worlds can judge it.
    const irreversible = p.irreversible ? irreversibleProblem(ctx.environment) : undefined;
    const safeAction = p.fallback === "safe-default" && p.safeAction !== null ? safeActionProblem(p.safeAction, ctx.environment) : undefined;
    return [
      ...(irreversible ? [{ path: ["irreversible"], message: irreversible }] : []),
      ...(safeAction ? [{ path: ["safeAction"], message: safeAction }] : []),
    ];
  },
  // A fallback is recorded in each step's reasons; how often the filter left nothing is said once, after the run.
  runNote(p, counters) {
    const [steps, fallbacks] = [RiskSlot.steps, RiskSlot.fallbacks].map((slot) => Number(Atomics.load(counters.slots, slot))) as [number, number];
    if (fallbacks === 0) return undefined;
    return `every candidate was filtered at ${shownCount(fallbacks)} of ${counted(steps, "step")} (${shownPercent(fallbacks / steps)}): ${FALLBACK_WORDS[p.fallback]}`;
  },
  create(p, setup) {
    const slots = setup.runCounters?.slots;
    return {
      run({ candidates, environment }) {
        // Checked up front, not only when a fallback happens to need it, so a wiring mistake fails on the first step.
        if (readsRiskColumn(p) && !candidates.has(p.column)) {
          throw new Error(missingColumnMessage(candidates, p.column));
        }
        const verdicts = Verdicts.fromUpstream(candidates);
        // Threshold and irreversibility judge the same rows, so a row failing both records both reasons.
        const judged = verdicts.keptRows();
        if (p.max !== null) applyThreshold(candidates, verdicts, judged, p.column, p.max);
        if (p.irreversible) {
          if (!environment) throw new Error('the irreversible rule needs the "environment" input connected');
          applyIrreversible(candidates, verdicts, judged, environment);
        }
        if (p.keepTopK) applyTopK(candidates, verdicts, p.keepTopK.column, p.keepTopK.k);
        const fallback = verdicts.allFiltered();
        if (slots) {
          Atomics.add(slots, RiskSlot.steps, 1n);
          if (fallback) Atomics.add(slots, RiskSlot.fallbacks, 1n);
        }
        const result = fallback ? applyFallback(candidates, verdicts, p) : { table: candidates, verdicts };
        return { candidates: result.verdicts.writeTo(result.table) };
      },
    };
  },
});

/** The risk filter's run counters (SetupContext.runCounters). */
const RiskSlot = { steps: 0, fallbacks: 1 } as const;

/** What the fallback did, for the run's note. */
const FALLBACK_WORDS: Record<RiskFilterParams["fallback"], string> = {
  "least-risky": "the least risky was kept (fallback \"least-risky\")",
  "safe-default": "the safe default action was taken (fallback \"safe-default\")",
  "end-episode": "the episode ended there (fallback \"end-episode\")",
};
