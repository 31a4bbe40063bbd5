import type { KindDescription } from "../../protocol/index.js";

/**
 * Colours that tell kinds apart on the canvas (a card's stripe, a compact card's band), chosen to
 * differ from the port types' colours so a card is not read as a port. Readable on light and dark cards.
 */
const KIND_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b15928", "#6a3d9a", "#33a02c", "#fb6a4a"];

const byCatalog = new WeakMap<ReadonlyMap<string, KindDescription>, Map<string, string>>();

/** A kind's colour: its place in the catalog (palette order) picks it, so no kind is known here by name. */
export function kindColour(kinds: ReadonlyMap<string, KindDescription>, kind: string): string | undefined {
  let colours = byCatalog.get(kinds);
  if (!colours) {
    colours = new Map([...kinds.keys()].map((name, i) => [name, KIND_PALETTE[i % KIND_PALETTE.length]!]));
    byCatalog.set(kinds, colours);
  }
  return colours.get(kind);
}
