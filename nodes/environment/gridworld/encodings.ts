import { encodingSize, type EncodingSpec } from "../../../runtime/environment.js";
import { freshFloats } from "../../../runtime/fresh-floats.js";
import { tileAt, tiles, type GridLayout } from "./layout.js";

/** The encodings every GridWorld offers; docs/encodings.md gives their layouts. */
export const gridEncodingNames = ["position", "coords", "grid", "patch"] as const;

/** The name of a GridWorld encoding. */
export type GridEncodingName = (typeof gridEncodingNames)[number];

/** Side of the egocentric `patch` window, and how far it reaches from the agent. */
const patchSide = 5;
const patchReach = (patchSide - 1) / 2;
const patchArea = patchSide * patchSide;

/** Channels of `grid` (in this order); the first three are the map's own planes. */
const gridChannels = ["wall", "lava", "goal", "agent"] as const;
/** Channels of `patch` (in this order). */
const patchChannels = ["wall-or-outside", "lava", "goal"] as const;
const mapPlanes = 3;

type Encoder = (layout: GridLayout, agent: number, out: Float32Array) => void;

/** Writes each encoding into a zeroed output array, given the map and the agent's cell index. */
const encoders: Record<GridEncodingName, Encoder> = {
  position(_layout, agent, out) {
    out[agent] = 1;
  },
  coords(layout, agent, out) {
    // A one-row (or one-column) map has only coordinate 0; dividing by max(1, ·) keeps it 0 instead of NaN.
    const rowScale = Math.max(1, layout.height - 1);
    const colScale = Math.max(1, layout.width - 1);
    out[0] = Math.floor(agent / layout.width) / rowScale;
    out[1] = (agent % layout.width) / colScale;
    out[2] = Math.floor(layout.goal / layout.width) / rowScale;
    out[3] = (layout.goal % layout.width) / colScale;
  },
  grid(layout, agent, out) {
    out.set(mapPlanesOf(layout));
    out[mapPlanes * layout.height * layout.width + agent] = 1;
  },
  patch(layout, agent, out) {
    const planes = mapPlanesOf(layout);
    const area = layout.height * layout.width;
    const agentRow = Math.floor(agent / layout.width);
    const agentCol = agent % layout.width;
    for (let i = 0; i < patchSide; i++) {
      const row = agentRow + i - patchReach;
      for (let j = 0; j < patchSide; j++) {
        const col = agentCol + j - patchReach;
        const at = i * patchSide + j;
        if (row < 0 || row >= layout.height || col < 0 || col >= layout.width) {
          out[at] = 1;
          continue;
        }
        const cell = row * layout.width + col;
        out[at] = planes[cell]!;
        out[patchArea + at] = planes[area + cell]!;
        out[2 * patchArea + at] = planes[2 * area + cell]!;
      }
    }
  },
};

/** The encodings of every map `height` × `width`, by name. */
export function gridEncodingSpecs(height: number, width: number): Readonly<Record<GridEncodingName, EncodingSpec>> {
  const spec = (shape: number[], description: string): EncodingSpec => Object.freeze({ shape: Object.freeze(shape), description });
  const rowScale = Math.max(1, height - 1);
  const colScale = Math.max(1, width - 1);
  return Object.freeze({
    position: spec([height * width], `One-hot of the agent's cell: index row·${width} + col.`),
    coords: spec(
      [4],
      `[agent row / ${rowScale}, agent col / ${colScale}, goal row / ${rowScale}, goal col / ${colScale}]: positions scaled to [0, 1].`,
    ),
    grid: spec(
      [gridChannels.length, height, width],
      `Channels ${gridChannels.join(", ")} over the whole map (1 where present, else 0), channel-major (CHW).`,
    ),
    patch: spec(
      [patchChannels.length, patchSide, patchSide],
      `A ${patchSide}×${patchSide} window centred on the agent; channels ${patchChannels.join(", ")} (1 where present, else 0), CHW.`,
    ),
  });
}

/** Whether `name` is one of the GridWorld encodings. */
export function isGridEncoding(name: string): name is GridEncodingName {
  return Object.hasOwn(encoders, name);
}

/** Encodes the agent at `agent` on `layout`; `spec` is the encoding's spec for this layout's size. */
export function encodeGrid(name: GridEncodingName, spec: EncodingSpec, layout: GridLayout, agent: number): Float32Array {
  // Carved from a shared buffer: every lane encodes its state every step (runtime/fresh-floats.ts).
  const out = freshFloats(encodingSize(spec));
  encoders[name](layout, agent, out);
  return out;
}

const planesCache = new WeakMap<GridLayout, Float32Array>();

/** The wall, lava and goal planes of a map (CHW), built once per layout: `grid` copies them, `patch` reads them. */
function mapPlanesOf(layout: GridLayout): Float32Array {
  const cached = planesCache.get(layout);
  if (cached) return cached;
  const area = layout.height * layout.width;
  const planes = new Float32Array(mapPlanes * area);
  for (let cell = 0; cell < area; cell++) {
    const tile = tileAt(layout, cell);
    if (tile === tiles.wall) planes[cell] = 1;
    else if (tile === tiles.lava) planes[area + cell] = 1;
    else if (tile === tiles.goal) planes[2 * area + cell] = 1;
  }
  planesCache.set(layout, planes);
  return planes;
}
