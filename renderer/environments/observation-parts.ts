import type { JsonValue } from "../../protocol/index.js";

/** An array of numbers shaped like a picture: rows × columns × channels (1 or 3), values 0–255 or 0–1. */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
  /** 255 for 0–255 values, 1 for floats 0–1. */
  top: 255 | 1;
}

/** What a large array holds, for a line that stands in for it until the user expands it. */
export interface ArraySummary {
  shape: number[];
  count: number;
  min?: number;
  max?: number;
  head: JsonValue[];
}

/** How an observation (or one field of a Dict observation) is shown. */
export type ObservationPart = { kind: "image"; shape: ImageShape } | { kind: "folded"; summary: ArraySummary } | { kind: "value" };

/** Below this many pixels a side, a 0–1 matrix is more likely numbers than a picture. */
const MIN_IMAGE_SIDE = 8;
/** Arrays with more numbers than this are folded; smaller ones read well in full. */
const MAX_SHOWN_NUMBERS = 64;
const HEAD = 6;

export function observationPart(value: JsonValue): ObservationPart {
  if (!Array.isArray(value)) return { kind: "value" };
  const shape = imageShape(value);
  if (shape) return { kind: "image", shape };
  const summary = arraySummary(value);
  return summary.count > MAX_SHOWN_NUMBERS ? { kind: "folded", summary } : { kind: "value" };
}

/** The shape of an H×W, H×W×1 or H×W×3 array of pixel values, or undefined if `value` is not one. */
export function imageShape(value: JsonValue): ImageShape | undefined {
  if (!Array.isArray(value) || value.length < MIN_IMAGE_SIDE) return undefined;
  const first = value[0];
  if (!Array.isArray(first) || first.length < MIN_IMAGE_SIDE) return undefined;
  const pixel = first[0];
  const channels = typeof pixel === "number" ? 0 : Array.isArray(pixel) && (pixel.length === 1 || pixel.length === 3) ? pixel.length : undefined;
  if (channels === undefined) return undefined;
  const width = first.length;
  let integers = true;
  let max = 0;
  for (const row of value) {
    if (!Array.isArray(row) || row.length !== width) return undefined;
    for (const cell of row) {
      const samples = channels === 0 ? [cell] : Array.isArray(cell) && cell.length === channels ? cell : undefined;
      if (!samples) return undefined;
      for (const sample of samples) {
        if (typeof sample !== "number" || !(sample >= 0 && sample <= 255)) return undefined;
        if (!Number.isInteger(sample)) integers = false;
        if (sample > max) max = sample;
      }
    }
  }
  if (!integers && max > 1) return undefined;
  return { height: value.length, width, channels: channels === 3 ? 3 : 1, top: integers ? 255 : 1 };
}

/** The RGBA bytes of an image-shaped array, for a canvas's ImageData. */
export function imagePixels(value: JsonValue, shape: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(shape.height * shape.width * 4);
  const scale = 255 / shape.top;
  (value as number[][][] | number[][]).forEach((row, y) =>
    row.forEach((cell: number | number[], x: number) => {
      const samples = typeof cell === "number" ? [cell] : cell;
      const [r, g, b] = samples.length === 3 ? samples : [samples[0]!, samples[0]!, samples[0]!];
      const at = (y * shape.width + x) * 4;
      rgba[at] = r! * scale;
      rgba[at + 1] = g! * scale;
      rgba[at + 2] = b! * scale;
      rgba[at + 3] = 255;
    }),
  );
  return rgba;
}

/** The shape (of a rectangular nesting; the outer length otherwise), the numbers' range and the first leaf values. */
export function arraySummary(value: readonly JsonValue[]): ArraySummary {
  const shape: number[] = [];
  for (let level: JsonValue = value as JsonValue[]; Array.isArray(level); level = level[0] ?? null) shape.push(level.length);
  const head: JsonValue[] = [];
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  const visit = (item: JsonValue) => {
    if (Array.isArray(item)) return item.forEach(visit);
    count += 1;
    if (head.length < HEAD) head.push(item);
    if (typeof item === "number") {
      if (item < min) min = item;
      if (item > max) max = item;
    }
  };
  value.forEach(visit);
  return min <= max ? { shape, count, min, max, head } : { shape, count, head };
}
