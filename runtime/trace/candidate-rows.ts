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

/**
 * A step.end parsed from trace.jsonl, with its candidates as rows again (what the engine's events
 * carry): version 3 writes them compactly (runtime/trace/event-json.ts), version 2 as rows, which
 * pass as they are. Each row is an object of its own, so readers may change one without another.
 * Throws, naming the step, when a row points at no distinct row.
 */
export function withExpandedCandidates(event: RunEvent): RunEvent {
  if (event.type !== "step.end") return event;
  const candidates: unknown = event.candidates;
  if (!isCompact(candidates)) return event;
  const rows = candidates.rows.map((k, i) => {
    const row = candidates.distinct[k];
    if (row === undefined) throw new Error(`episode ${event.episode}, step ${event.step}: candidate ${i} is distinct row ${JSON.stringify(k)}, of ${candidates.distinct.length}`);
    return { ...row };
  });
  return { ...event, candidates: rows };
}

/** One line of trace.jsonl as the event the engine emitted (a step's candidates as rows); for readers that parse lines themselves. */
export function parseTraceLine(line: string): RunEvent {
  return withExpandedCandidates(JSON.parse(line) as RunEvent);
}
