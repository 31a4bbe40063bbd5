import type { RunEvent } from "../engine/events.js";
import type { CandidateRow } from "../../protocol/values.js";

/** A step's candidates as trace.jsonl (version 3) holds them: each distinct row once, and which one each row is. */
export interface CompactCandidates {
  distinct: CandidateRow[];
  /** Row i is `distinct[rows[i]]`. */
  rows: number[];
}

function isCompact(value: unknown): value is CompactCandidates {
  return typeof value === "object" && value !== null && Array.isArray((value as CompactCandidates).distinct) && Array.isArray((value as CompactCandidates).rows);
}

/** The rows of a compact table; `where` names the step for an index that points at no distinct row. */
function expand(candidates: CompactCandidates, where: string): CandidateRow[] {
  return candidates.rows.map((k, i) => {
    const row = candidates.distinct[k];
    if (row === undefined) throw new Error(`${where}: candidate ${i} is distinct row ${JSON.stringify(k)}, of ${candidates.distinct.length}`);
    return { ...row };
  });
}

/**
 * An event parsed from trace.jsonl, with its candidate tables as rows again (what the engine's events
 * carry): version 3 writes a step.end's candidates and a node.end's output tables (`{"$candidates": …}`)
 * compactly (runtime/trace/event-json.ts); version 2 wrote rows, which pass as they are. Each row is an
 * object of its own, so readers may change one without another. Throws, naming the step, when a row
 * points at no distinct row.
 */
export function withExpandedCandidates(event: RunEvent): RunEvent {
  if (event.type === "step.end") {
    const candidates: unknown = event.candidates;
    return isCompact(candidates) ? { ...event, candidates: expand(candidates, `episode ${event.episode}, step ${event.step}`) } : event;
  }
  if (event.type === "node.end" && typeof event.outputs === "object" && event.outputs !== null) {
    let outputs: Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(event.outputs)) {
      const compact = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { $candidates?: unknown }).$candidates : undefined;
      if (!isCompact(compact)) continue;
      outputs ??= { ...event.outputs };
      outputs[name] = expand(compact, `episode ${event.episode}, step ${event.step}, node ${event.node}, output ${name}`);
    }
    if (outputs) return { ...event, outputs } as RunEvent;
  }
  return event;
}

/** One line of trace.jsonl as the event the engine emitted (a step's candidates as rows); for readers that parse lines themselves. */
export function parseTraceLine(line: string): RunEvent {
  return withExpandedCandidates(JSON.parse(line) as RunEvent);
}
