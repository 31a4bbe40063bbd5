import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { parquetMetadata, type ColumnChunk, type FileMetaData, type RowGroup } from "hyparquet";
import { ByteWriter } from "hyparquet-writer";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import { replaceAtomically } from "../../runtime/atomic-file.js";

/** "PAR1", which opens and closes every Parquet file. */
const MAGIC = Buffer.from("PAR1");
/** The footer's length (uint32) and the closing magic. */
const TRAILER_BYTES = 8;

/** A Parquet file's footer, and where its data (the row groups' pages) ends. */
interface Footer {
  path: string;
  metadata: FileMetaData;
  dataEnd: number;
}

/**
 * Joins Parquet files of one schema into `target`, in order, by copying their row groups' bytes as
 * they are and writing one footer for them all: no record is decoded or encoded again, so joining a
 * run's batches costs what copying their bytes does. Answers the rows written, or `undefined` (and
 * writes nothing) when the files' schemas differ, where the caller must encode the records again.
 * The page indexes the files may carry are left out: their page offsets are absolute, readers
 * do without them, and the files these are (a batch's records) have few pages.
 */
export async function concatParquetFiles(inputs: readonly string[], target: string): Promise<number | undefined> {
  const footers = inputs.map(readFooter);
  const schema = JSON.stringify(footers[0]?.metadata.schema);
  if (footers.length === 0 || footers.some((footer) => JSON.stringify(footer.metadata.schema) !== schema)) return undefined;
  const rowGroups: RowGroup[] = [];
  let rows = 0n;
  await replaceAtomically(target, (temporary) => {
    const out = openSync(temporary, "w");
    try {
      let at = writeSync(out, MAGIC);
      for (const footer of footers) {
        // A file's data starts after its magic; here it starts at `at`.
        const shift = BigInt(at - MAGIC.length);
        at += copyRange(footer.path, MAGIC.length, footer.dataEnd, out);
        for (const group of footer.metadata.row_groups) rowGroups.push(movedRowGroup(group, shift));
        rows += footer.metadata.num_rows;
      }
      const first = footers[0]!.metadata;
      const writer = new ByteWriter();
      const metadata = { version: first.version, created_by: first.created_by, schema: first.schema, num_rows: rows, row_groups: rowGroups, key_value_metadata: first.key_value_metadata };
      // hyparquet-writer types its input with its own copy of hyparquet; the shape is the one read here.
      writeMetadata(writer, metadata as unknown as Parameters<typeof writeMetadata>[1]);
      writer.appendUint32(MAGIC.readUInt32LE(0));
      writeSync(out, writer.getBytes());
    } finally {
      closeSync(out);
    }
  });
  return Number(rows);
}

/** Why `path` is not a whole Parquet file (no PAR1 at its end, a footer that does not parse), or undefined: its footer alone is read. */
export function parquetFooterProblem(path: string): string | undefined {
  try {
    readFooter(path);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(`${path}: `, "");
  }
}

function readFooter(path: string): Footer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const trailer = readAt(fd, size - TRAILER_BYTES, TRAILER_BYTES, path);
    if (!trailer.subarray(4).equals(MAGIC)) throw new Error(`${path}: not a Parquet file (it does not end in PAR1)`);
    const footerStart = size - TRAILER_BYTES - trailer.readUInt32LE(0);
    if (footerStart < MAGIC.length) throw new Error(`${path}: not a Parquet file (its footer runs past its start)`);
    const metadata = parquetMetadata(readAt(fd, footerStart, size - footerStart, path));
    return { path, metadata, dataEnd: footerStart };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number, path: string): Buffer {
  const bytes = Buffer.alloc(length);
  if (position < 0 || readSync(fd, bytes, 0, length, position) !== length) throw new Error(`${path}: not a Parquet file (too short)`);
  return bytes;
}

const COPY_BYTES = 1 << 20;

/** Copies bytes [from, to) of the file at `path` to the end of `out`; answers how many. */
function copyRange(path: string, from: number, to: number, out: number): number {
  const fd = openSync(path, "r");
  const chunk = Buffer.allocUnsafe(Math.min(COPY_BYTES, Math.max(0, to - from)));
  try {
    for (let at = from; at < to; ) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, to - at), at);
      if (read === 0) throw new Error(`${path}: ended before its footer said`);
      writeSync(out, chunk, 0, read);
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return to - from;
}

/** A row group whose pages moved by `shift` bytes, without page indexes. */
function movedRowGroup(group: RowGroup, shift: bigint): RowGroup {
  return { ...group, ...(group.file_offset === undefined ? {} : { file_offset: group.file_offset + shift }), columns: group.columns.map((chunk) => movedChunk(chunk, shift)) };
}

function movedChunk(chunk: ColumnChunk, shift: bigint): ColumnChunk {
  const moved = (offset: bigint | undefined) => (offset === undefined ? undefined : offset + shift);
  const meta = chunk.meta_data;
  return {
    file_path: chunk.file_path,
    file_offset: chunk.file_offset + shift,
    ...(meta && {
      meta_data: {
        ...meta,
        data_page_offset: meta.data_page_offset + shift,
        index_page_offset: moved(meta.index_page_offset),
        dictionary_page_offset: moved(meta.dictionary_page_offset),
        bloom_filter_offset: moved(meta.bloom_filter_offset),
      },
    }),
  };
}
