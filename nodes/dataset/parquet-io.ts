import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer, schemaFromColumnData, type ColumnSource, type SchemaElement } from "hyparquet-writer";
import type { ColumnSpec, DatasetRecord, DatasetValue } from "./columns.js";

/** The columns as hyparquet-writer takes them; a column whose type no value has shown yet is stored as STRING (all null). */
export function columnData(records: readonly DatasetRecord[], columns: readonly ColumnSpec[]): ColumnSource[] {
  return columns.map(({ name, type }) => ({
    name,
    type: type ?? "STRING",
    data: records.map((record) => record[name] ?? null),
  }));
}

/** The Parquet schema of a stream, for writers that add row groups one at a time. */
export function parquetSchema(columns: readonly ColumnSpec[]): SchemaElement[] {
  return schemaFromColumnData({ columnData: columnData([], columns) });
}

/** One whole Parquet file holding `records`. */
export function encodeParquet(records: readonly DatasetRecord[], columns: readonly ColumnSpec[]): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: columnData(records, columns) }));
}

/** Every row of a Parquet file as a record. */
export async function readParquetFile(path: string): Promise<DatasetRecord[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  // Our files hold only INT32, DOUBLE, BOOLEAN and STRING columns, which hyparquet reads as DatasetValues.
  return (await parquetReadObjects({ file })) as Record<string, DatasetValue>[];
}

const partName = /^episode-(\d+)\.parquet$/;

/** The file name of one finished episode inside a `.parquet.parts` folder. */
export function partFileName(episode: number): string {
  return `episode-${String(episode).padStart(6, "0")}.parquet`;
}

/** The part files of a folder in episode order; temporary files of an interrupted write are not parts. */
export function listParts(folder: string): string[] {
  return readdirSync(folder)
    .map((name) => ({ name, episode: partName.exec(name)?.[1] }))
    .filter((part): part is { name: string; episode: string } => part.episode !== undefined)
    .sort((a, b) => Number(a.episode) - Number(b.episode))
    .map((part) => join(folder, part.name));
}
