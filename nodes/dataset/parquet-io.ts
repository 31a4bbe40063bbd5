import { readFileSync } from "node:fs";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource, type SchemaElement } from "hyparquet-writer";
import { replaceAtomically } from "../../runtime/atomic-file.js";
import type { ColumnSpec, DatasetRecord } from "./columns.js";
import { int64AsNumbers } from "./parquet-int64.js";

/** Rows per row group: large enough for fast scans, small enough to bound the memory of reading and writing. */
export const ROW_GROUP_ROWS = 50_000;

/**
 * What a file is for. Every file is compressed (Snappy) and dictionary-encoded where that pays:
 * for the JSON text of recurring states that is also the cheaper encoding (writing each string
 * plain encoded it to UTF-8 one by one: parts took ~2× the CPU and ~50× the bytes). The files a run
 * ends with ("final") carry min/max statistics for their number and flag columns (readers skip
 * row groups by value; the min/max of JSON text selects nothing); parts, read once when they are
 * merged or compacted, carry none.
 */
export type ParquetRole = "final" | "part";

/** The columns as hyparquet-writer takes them; a column whose type no value has shown yet is stored as STRING (all null). */
export function columnData(records: readonly DatasetRecord[], columns: readonly ColumnSpec[], role: ParquetRole = "final"): ColumnSource[] {
  return columns.map(({ name, type }) => ({
    name,
    type: type ?? "STRING",
    data: records.map((record) => record[name] ?? null),
    statistics: role === "final" && type !== undefined && type !== "STRING",
  }));
}

/** The Parquet schema of a stream, for writers that add row groups one at a time. */
export function parquetSchema(columns: readonly ColumnSpec[]): SchemaElement[] {
  return schemaFromColumnData({ columnData: columnData([], columns) });
}

/**
 * Writes `target` atomically (temporary file + rename) from batches of records, under `columns`
 * (a column a batch lacks reads as null there). Rows are gathered into row groups of
 * ROW_GROUP_ROWS, so memory stays bounded by a row group and a batch, not by the file.
 */
export async function writeParquetFile(
  target: string,
  batches: AsyncIterable<readonly DatasetRecord[]> | Iterable<readonly DatasetRecord[]>,
  columns: readonly ColumnSpec[],
  role: ParquetRole,
): Promise<number> {
  let rows = 0;
  await replaceAtomically(target, async (temporary) => {
    const writer = new ParquetWriter({ writer: fileWriter(temporary), schema: parquetSchema(columns) });
    let group: DatasetRecord[] = [];
    const writeGroup = async (): Promise<void> => {
      await writer.write({ columnData: columnData(group, columns, role), rowGroupSize: group.length });
      rows += group.length;
      group = [];
    };
    for await (const batch of batches) {
      for (const record of batch) {
        group.push(record);
        if (group.length >= ROW_GROUP_ROWS) await writeGroup();
      }
    }
    if (group.length > 0) await writeGroup();
    await writer.finish();
  });
  return rows;
}

/** Every row of a Parquet file as a record. */
export async function readParquetFile(path: string): Promise<DatasetRecord[]> {
  const records: DatasetRecord[] = [];
  for await (const batch of readParquetBatches(path)) for (const record of batch) records.push(record);
  return records;
}

/**
 * Decoders of the codecs other tools compress with (GZIP: pandas' option; ZSTD: polars' default;
 * BROTLI, LZ4, LZ4_RAW). Snappy, ours and pyarrow's default, stays with hyparquet's own decoder.
 */
const { SNAPPY: _snappy, ...READ_CODECS } = compressors;

/** The rows of a Parquet file, ROW_GROUP_ROWS at a time (a merged part can hold millions). */
export async function* readParquetBatches(path: string): AsyncGenerator<DatasetRecord[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(file);
  const rows = Number(metadata.num_rows);
  for (let rowStart = 0; rowStart < rows; rowStart += ROW_GROUP_ROWS) {
    const rowEnd = Math.min(rows, rowStart + ROW_GROUP_ROWS);
    const records = (await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors: READ_CODECS })) as DatasetRecord[];
    // Ours hold only INT32, DOUBLE, BOOLEAN and STRING columns; pandas and polars write whole numbers as INT64, read as bigints.
    int64AsNumbers(records, path, rowStart);
    yield records;
  }
}
