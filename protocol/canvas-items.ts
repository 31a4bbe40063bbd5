/**
 * What a pipeline file keeps for people and never runs: Markdown notes and named, coloured groups
 * of nodes (format version 2). Shared, so the file's schema and the editor's palette are one list.
 */

/** The pipeline file format version this build writes; older files are migrated on load (runtime/pipeline/migrate.ts). */
export const PIPELINE_FORMAT_VERSION = 2;

/** A group's colour: a name from this small palette, so every theme can draw it legibly. */
export const GROUP_COLOURS = ["grey", "red", "orange", "yellow", "green", "teal", "blue", "purple"] as const;

export type GroupColour = (typeof GROUP_COLOURS)[number];

/** A note's bounds: what a hand-edited file may ask for, and the size of a new one. */
export const NOTE_LIMITS = { chars: 20_000, minSide: 80, maxSide: 4000, defaultSize: { width: 260, height: 160 } } as const;

/**
 * Where a node without a position in its file is drawn (a file written by hand): in a row, in the
 * file's order, wide enough apart for a card. The editor and the HTML report both place it so.
 */
export function unplacedNodePosition(index: number): { x: number; y: number } {
  return { x: index * 260, y: 0 };
}
