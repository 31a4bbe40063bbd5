import { NOTE_PREFIX } from "./canvas-items.js";
import type { EditorDocument } from "./pipeline.js";

/**
 * Why the document cannot be saved as it is shown, or null. Items sharing an id (two branches of a
 * merge that each added "sampler") are one item to the canvas, which draws one of them and lets its
 * copy stand in for the other: a save would write one twice and lose the other. So the file keeps
 * what it has until its ids are fixed where both are still there, in the file itself.
 */
export function duplicateIdRefusal(doc: EditorDocument): string | null {
  const repeated = [
    ...repeatedIds("node", doc.nodes.map((node) => node.id)),
    ...repeatedIds("note", doc.notes.map((note) => note.id.slice(NOTE_PREFIX.length))),
    ...repeatedIds("group", doc.groups.map((group) => group.id)),
  ];
  if (repeated.length === 0) return null;
  return `${repeated.join("; ")}: the canvas shows only one of each, so saving is off (it would lose the other). Give each its own id in the file; the editor shows the file again once it changes`;
}

/** `two nodes are called "sampler"`, once per repeated id. */
function repeatedIds(what: string, ids: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([id, count]) => `${count === 2 ? "two" : count} ${what}s are called "${id}"`);
}
