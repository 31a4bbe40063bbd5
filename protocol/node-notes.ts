import type { NodeNote } from "./run-events.js";

/** Notes a view keeps of a run: the first ones (a long run can leave one an episode); the rest are counted, and trace.jsonl has them. */
export const NODE_NOTES_KEPT = 50;

/** Notes of a run as a view keeps them: the first NODE_NOTES_KEPT, and how many more there were. */
export interface KeptNotes {
  notes: NodeNote[];
  more: number;
}

/** `notes` with one more note kept, or counted once NODE_NOTES_KEPT are. */
export function withNote(kept: KeptNotes, note: NodeNote): KeptNotes {
  return kept.notes.length < NODE_NOTES_KEPT ? { notes: [...kept.notes, note], more: kept.more } : { notes: kept.notes, more: kept.more + 1 };
}
