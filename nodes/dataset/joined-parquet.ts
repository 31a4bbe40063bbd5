import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { replaceAtomically } from "../../runtime/atomic-file.js";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { concatParquetFiles } from "./parquet-concat.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { LeveledParts } from "./parquet-parts.js";
import { STREAM_COLUMNS } from "./streams.js";

/**
 * A Parquet file put together from whole Parquet files that come in order: a queued run's batches,
 * each encoded by the worker that played it. Each is kept as a part in `<file>.parts/` (so a
 * killed producer leaves readable parts, as a killed run does), parts are joined as they pile up
 * (ten of a size into one of the next: a 100,000-episode run in batches of 20 keeps at most ~40),
 * and `close` joins them into `<file>`. Parts of one schema are joined by their row groups, with
 * nothing decoded (`concatParquetFiles`); where a column appeared in some batches only, the
 * records are encoded again under every column.
 */
export class JoinedParquetFile {
  readonly partsFolder: string;
  private readonly parts: LeveledParts;

  constructor(readonly path: string) {
    this.partsFolder = `${path}.parts`;
    // The stream's declared columns, named by the file (`transitions.parquet`: transitions').
    const declared = STREAM_COLUMNS[basename(path, ".parquet") as keyof typeof STREAM_COLUMNS] ?? {};
    this.parts = new LeveledParts(this.partsFolder, (inputs, target) => joinParquetFiles(inputs, target, declared));
    mkdirSync(this.partsFolder, { recursive: true });
  }

  /** Adds the file numbered `index` (numbers increase from call to call). */
  async add(index: number, bytes: Uint8Array): Promise<void> {
    await replaceAtomically(this.parts.pathOf(index), (temporary) => writeFile(temporary, bytes));
    await this.parts.added(index);
  }

  /** Writes `<file>` from every part, then removes the parts (only then: until it is in place they are the only copy). */
  async close(): Promise<void> {
    const parts = this.parts.paths;
    if (parts.length > 0) await this.parts.merge(parts, this.path);
    this.parts.clear();
    rmSync(this.partsFolder, { recursive: true, force: true });
  }
}

/**
 * Writes `target` from Parquet files, in order: their row groups copied as they are where the
 * files share a schema, else their records encoded again under every column any of them has
 * (`declared` first).
 */
async function joinParquetFiles(inputs: readonly string[], target: string, declared: Readonly<Record<string, ColumnType>>): Promise<void> {
  if ((await concatParquetFiles(inputs, target)) !== undefined) return;
  const columns = new StreamColumns(declared);
  const records = async function* (): AsyncGenerator<readonly DatasetRecord[]> {
    for (const input of inputs) yield* readParquetBatches(input);
  };
  for await (const batch of records()) for (const record of batch) columns.observe(record);
  await writeParquetFile(target, records(), columns.list(), "final");
}
