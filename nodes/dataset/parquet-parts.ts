import { readdirSync } from "node:fs";
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
