import type { FileListing, PipelineFileEntry } from "../../protocol/index.js";

/** The files the host opened or saved lately (most recent first, only those still there), and the rest by path: each file once. */
export function splitRecent(listing: FileListing | null): { recent: PipelineFileEntry[]; others: PipelineFileEntry[] } {
  if (!listing) return { recent: [], others: [] };
  const byPath = new Map(listing.files.map((file) => [file.path, file]));
  const recent = listing.recent.flatMap((path) => byPath.get(path) ?? []);
  const shown = new Set(recent.map((file) => file.path));
  return { recent, others: listing.files.filter((file) => !shown.has(file.path)) };
}
