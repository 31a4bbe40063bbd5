import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * A part file in a `<stream>.parquet.parts` folder. Parts are numbered by flush: a flush writes
 * part `n-n`, and merging parts `a-…` to `…-b` writes part `a-b`. A merge removes its inputs only
 * after the merged part is in place, so a run killed in between leaves both; readers skip a part
 * whose flushes a wider part already holds.
 */
export interface PartFile {
  /** First and last flush the part holds. */
  first: number;
  last: number;
  path: string;
}

const partName = /^part-(\d+)-(\d+)\.parquet$/;
/** What runs before parts held many episodes left: one part per episode, numbered by episode. */
const episodePartName = /^episode-(\d+)\.parquet$/;

/** The file name of the part holding flushes `first` to `last`. */
export function partFileName(first: number, last: number): string {
  return `part-${String(first).padStart(6, "0")}-${String(last).padStart(6, "0")}.parquet`;
}

/**
 * The parts of a folder in flush order, each flush once: parts that a wider part covers (a merge
 * cut short) and temporary files of an interrupted write (hidden `.part-….tmp-…`) are left out.
 */
export function listParts(folder: string): PartFile[] {
  const parts: PartFile[] = [];
  for (const name of readdirSync(folder)) {
    const range = partName.exec(name);
    const episode = range ? undefined : episodePartName.exec(name);
    if (range) parts.push({ first: Number(range[1]), last: Number(range[2]), path: join(folder, name) });
    else if (episode) parts.push({ first: Number(episode[1]), last: Number(episode[1]), path: join(folder, name) });
  }
  parts.sort((a, b) => a.first - b.first || b.last - a.last);
  const kept: PartFile[] = [];
  for (const part of parts) {
    // Merged ranges nest or are disjoint, so a covered part starts no later than the last kept one ends.
    const previous = kept[kept.length - 1];
    if (previous && part.last <= previous.last) continue;
    kept.push(part);
  }
  return kept;
}

/**
 * Parts of one size that are merged into one part of the next size. A stream of F parts then keeps
 * at most (MERGE_PARTS − 1) parts of each of ⌈log₁₀ F⌉ sizes: 45 for 100,000, while each record is
 * rewritten once per size it passes through.
 */
const MERGE_PARTS = 10;

/** A part, and how many merges it went through (0: written as it came). */
interface LeveledPart extends PartFile {
  level: number;
}

/**
 * The parts of one stream's `<file>.parts/` folder, in order, merged as they pile up (MERGE_PARTS
 * of a size into one of the next). `merge` writes a part from others; how is the owner's
 * (ParquetStreamWriter encodes the records again, JoinedParquetFile joins row groups).
 */
export class LeveledParts {
  private readonly parts: LeveledPart[] = [];

  constructor(
    readonly folder: string,
    readonly merge: (inputs: readonly string[], target: string) => Promise<void>,
  ) {}

  /** The path of every part, in order. */
  get paths(): string[] {
    return this.parts.map((part) => part.path);
  }

  /** Where part `index` (numbers increase from part to part) is to be written. */
  pathOf(index: number): string {
    return join(this.folder, partFileName(index, index));
  }

  /** Takes part `index`, written at pathOf(index), and merges the parts that piled up. */
  async added(index: number): Promise<void> {
    this.parts.push({ first: index, last: index, level: 0, path: this.pathOf(index) });
    while (this.mergeable()) await this.mergeLast();
  }

  /** Forgets the parts (their folder is the owner's to remove). */
  clear(): void {
    this.parts.length = 0;
  }

  /** The last MERGE_PARTS parts are of one size (parts only ever shrink towards the end). */
  private mergeable(): boolean {
    if (this.parts.length < MERGE_PARTS) return false;
    const level = this.parts[this.parts.length - 1]!.level;
    return this.parts[this.parts.length - MERGE_PARTS]!.level === level;
  }

  private async mergeLast(): Promise<void> {
    const group = this.parts.slice(-MERGE_PARTS);
    const first = group[0]!.first;
    const last = group[group.length - 1]!.last;
    const merged: LeveledPart = { first, last, level: group[0]!.level + 1, path: join(this.folder, partFileName(first, last)) };
    await this.merge(group.map((part) => part.path), merged.path);
    // Only now: a kill before this line leaves the inputs beside the merged part, which readers prefer (listParts).
    for (const part of group) rmSync(part.path);
    this.parts.splice(-MERGE_PARTS, MERGE_PARTS, merged);
  }
}
