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

/**
 * Notes of a run with identical ones counted once: a queued run leaves the same note once per batch
 * ("10 episodes written to dataset" ×50), which a list of the first NODE_NOTES_KEPT would fill.
 */
export interface CountedNotes {
  notes: (NodeNote & { count: number })[];
  /** Notes past the first NODE_NOTES_KEPT different ones. */
  more: number;
}

/** Counts `note` into `counted` (in place: a long run has a note per episode): onto an identical one, else as a new one while there is room. */
export function countNote(counted: CountedNotes, note: NodeNote): void {
  const same = counted.notes.find((kept) => kept.node === note.node && kept.message === note.message);
  if (same) same.count++;
  else if (counted.notes.length < NODE_NOTES_KEPT) counted.notes.push({ ...note, count: 1 });
  else counted.more++;
}
