import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { replaceAtomically } from "../../runtime/atomic-file.js";
import { StreamColumns, type ColumnType, type DatasetRecord } from "./columns.js";
import { concatParquetFiles } from "./parquet-concat.js";
import { readParquetBatches, writeParquetFile } from "./parquet-io.js";
import { partFileName, type PartFile } from "./parquet-parts.js";
import { STREAM_COLUMNS } from "./streams.js";

/** Parts of one size joined into one of the next size, as ParquetStreamWriter merges its parts. */
const JOIN_PARTS = 10;

interface Part extends PartFile {
  /** How many joins the part went through (0: a file as it came). */
  level: number;
}

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
  private readonly parts: Part[] = [];
  /** The stream's declared columns, named by the file (`transitions.parquet`: transitions'). */
  private readonly declared: Readonly<Record<string, ColumnType>>;

  constructor(readonly path: string) {
    this.partsFolder = `${path}.parts`;
    this.declared = STREAM_COLUMNS[basename(path, ".parquet") as keyof typeof STREAM_COLUMNS] ?? {};
    mkdirSync(this.partsFolder, { recursive: true });
  }

  /** Adds the file numbered `index` (numbers increase from call to call). */
  async add(index: number, bytes: Uint8Array): Promise<void> {
    const part: Part = { first: index, last: index, level: 0, path: join(this.partsFolder, partFileName(index, index)) };
    await replaceAtomically(part.path, (temporary) => writeFile(temporary, bytes));
    this.parts.push(part);
    while (this.joinable()) await this.joinLast();
  }

  /** Writes `<file>` from every part, then removes the parts (only then: until it is in place they are the only copy). */
  async close(): Promise<void> {
    if (this.parts.length > 0) await joinParquetFiles(this.parts.map((part) => part.path), this.path, this.declared);
    this.parts.length = 0;
    rmSync(this.partsFolder, { recursive: true, force: true });
  }

  private joinable(): boolean {
    if (this.parts.length < JOIN_PARTS) return false;
    const level = this.parts[this.parts.length - 1]!.level;
    return this.parts[this.parts.length - JOIN_PARTS]!.level === level;
  }

  private async joinLast(): Promise<void> {
    const group = this.parts.slice(-JOIN_PARTS);
    const first = group[0]!.first;
    const last = group[group.length - 1]!.last;
    const joined: Part = { first, last, level: group[0]!.level + 1, path: join(this.partsFolder, partFileName(first, last)) };
    await joinParquetFiles(group.map((part) => part.path), joined.path, this.declared);
    // Only now: a kill before this line leaves the inputs beside the joined part, which readers prefer (listParts).
    for (const part of group) rmSync(part.path);
    this.parts.splice(-JOIN_PARTS, JOIN_PARTS, joined);
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
