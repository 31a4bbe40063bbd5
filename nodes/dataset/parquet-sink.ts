import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import { replaceAtomically } from "../../runtime/atomic-file.js";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { columnData, encodeParquet, listParts, parquetSchema, partFileName, readParquetFile } from "./parquet-io.js";

/** Rows per row group of the compacted file: large enough for fast scans, small enough to bound memory. */
const ROW_GROUP_ROWS = 50_000;

/**
 * Writes a stream as Parquet. A Parquet file cannot be appended to (its index sits at the end),
 * so each finished episode becomes its own part file, written atomically; a killed run leaves
 * every finished episode readable in `<file>.parts/`. `close` compacts the parts into `<file>`.
 */
export class ParquetSink {
  readonly partsFolder: string;

  constructor(readonly path: string) {
    this.partsFolder = `${path}.parts`;
  }

  async writeEpisode(episode: number, records: readonly DatasetRecord[], columns: readonly ColumnSpec[]): Promise<void> {
    if (records.length === 0) return;
    mkdirSync(this.partsFolder, { recursive: true });
    const bytes = encodeParquet(records, columns);
    await replaceAtomically(join(this.partsFolder, partFileName(episode)), (temporary) => writeFileSync(temporary, bytes));
  }

  /**
   * Concatenates the parts, in episode order, into one file under the final columns (a column
   * learned after an episode was written reads as null there). Parts are read one at a time, so
   * memory stays bounded by a row group, not by the run.
   */
  async close(columns: readonly ColumnSpec[]): Promise<void> {
    if (!existsSync(this.partsFolder)) return;
    const parts = listParts(this.partsFolder);
    if (parts.length > 0) {
      await replaceAtomically(this.path, async (temporary) => {
        const writer = new ParquetWriter({ writer: fileWriter(temporary), schema: parquetSchema(columns) });
        let batch: DatasetRecord[] = [];
        const flush = async (): Promise<void> => {
          await writer.write({ columnData: columnData(batch, columns), rowGroupSize: batch.length });
          batch = [];
        };
        for (const part of parts) {
          for (const record of await readParquetFile(part)) batch.push(record);
          if (batch.length >= ROW_GROUP_ROWS) await flush();
        }
        if (batch.length > 0) await flush();
        await writer.finish();
      });
    }
    // Only after the compacted file is in place: until then the parts are the only copy.
    rmSync(this.partsFolder, { recursive: true, force: true });
  }
}
