import { appendFileSync } from "node:fs";
import type { DatasetRecord } from "./columns.js";

/**
 * Appends finished episodes to a JSON Lines file. Each episode goes out in one append, so a
 * killed run leaves at most a partial last line, which `readDataset` ignores. JSON has no NaN
 * or Infinity: such numbers come out as null here, while Parquet keeps them.
 */
export class JsonlSink {
  constructor(readonly path: string) {}

  writeEpisode(records: readonly DatasetRecord[]): void {
    if (records.length === 0) return;
    appendFileSync(this.path, records.map((record) => `${JSON.stringify(record)}\n`).join(""));
  }
}
