import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../runtime/atomic-file.js";

/** How many files File › Open Recent lists. */
export const RECENT_LENGTH = 10;

/** The files the user opened or saved, most recent first, kept in a JSON file (the app's userData). */
export class RecentFiles {
  private files: string[];

  constructor(
    /** Where the list is kept; null keeps it in memory only. */
    private readonly store: string | null,
    private readonly limit = RECENT_LENGTH,
  ) {
    this.files = store ? readList(store).slice(0, limit) : [];
  }

  /** The list, most recent first. */
  list(): string[] {
    return [...this.files];
  }

  has(path: string): boolean {
    return this.files.includes(path);
  }

  /** Puts `path` first (moving it if listed); drops the oldest beyond the limit. */
  add(path: string): void {
    // Already first (the editor reads its file again each time its window gets the focus): nothing to write.
    if (this.files[0] === path) return;
    this.files = [path, ...this.files.filter((file) => file !== path)].slice(0, this.limit);
    this.save();
  }

  remove(path: string): void {
    this.files = this.files.filter((file) => file !== path);
    this.save();
  }

  clear(): void {
    this.files = [];
    this.save();
  }

  private save(): void {
    if (!this.store) return;
    try {
      mkdirSync(dirname(this.store), { recursive: true });
      writeFileAtomic(this.store, JSON.stringify(this.files, null, 2) + "\n");
    } catch {
      // The list is a convenience: a read-only profile folder must not stop the app.
    }
  }
}

/** A stored list: strings only; anything unreadable is an empty list. */
function readList(store: string): string[] {
  if (!existsSync(store)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(store, "utf8"));
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string" && item.length > 0) : [];
  } catch {
    return [];
  }
}
