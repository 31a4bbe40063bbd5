import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import { columnsJson } from "./event-json.js";
import { keyJson, numberJson, stringJson } from "./json-text.js";
import { lazyTablesOf, stepTableOf } from "./lazy-rows.js";

/*
 * Events packed for the trace's writer thread (trace-thread.ts): the run's thread walks each event
 * once, writing a tag per value into a byte array and its numbers into a Float64Array, strings by
 * number (each short string sent once per run), and posts the arrays with their buffers transferred.
 * Walking costs a fraction of writing the JSON (no number formatting, no UTF-8), which the writer
 * thread then does from the events it unpacks: `eventJson` of an unpacked event is `eventJson` of
 * the event packed, byte for byte (test/trace-thread.test.ts), so the file is today's trace.
 * Candidate tables held as lazy rows (lazy-rows.ts) travel as their columns and are lazy rows again
 * on the other side; anything not plain data (a class instance, a Date) travels as its JSON text.
 */

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const NUMBER = 4;
/** A string sent before (or with this batch): its number in the run's string table. */
const STRING = 5;
/** A long string or one past the table's cap: its index in the batch's own list. */
const LONG_STRING = 6;
const ARRAY = 7;
const OBJECT = 8;
/** JSON text of a value that is not plain data (toJSON, a class instance, a typed array), parsed on the other side. */
const JSON_TEXT = 9;
/** A candidate table: its actions, then each column's name and cells. */
const TABLE = 10;
/** Cells that are all numbers: their count, then the numbers. */
const NUMBERS = 11;
/** The same object as an earlier cell of the same table (rows compare cells by identity). */
const SAME_AS = 12;
/** Cells that are all booleans: their count, then 0 or 1 each. */
const BOOLEANS = 13;
/** Cells that are all null: their count. */
const NULLS = 14;

/** Strings up to this long are sent once and then by number. */
const MAX_SHARED_STRING = 64;
/** Strings the table holds at most (data-made strings must not grow it without end). */
const MAX_SHARED_STRINGS = 16_384;
/** Nesting beyond which a value goes as JSON text (JSON.stringify then throws for a cycle, as the in-thread writer does). */
const MAX_DEPTH = 64;

/** What one post carries: `events` events in `tags`/`numbers` (the first `tagCount`/`numberCount` entries). */
export interface PackedBatch {
  events: number;
  tags: Uint8Array<ArrayBuffer>;
  tagCount: number;
  numbers: Float64Array<ArrayBuffer>;
  numberCount: number;
  /** Strings added to the run's table, in order of their numbers. */
  shared: string[];
  /** This batch's other strings (LONG_STRING) and JSON texts (JSON_TEXT). */
  texts: string[];
}

/** Packs events on the run's thread; `take` hands over what was packed since the last take. */
export class EventPacker {
  private tags: Uint8Array<ArrayBuffer>;
  private numbers: Float64Array<ArrayBuffer>;
  private tagCount = 0;
  private numberCount = 0;
  private events = 0;
  private readonly stringIds = new Map<string, number>();
  private shared: string[] = [];
  private texts: string[] = [];

  constructor(private readonly capacity = 1 << 16) {
    this.tags = new Uint8Array(capacity);
    this.numbers = new Float64Array(capacity);
  }

  /** Events packed and not yet taken. */
  get count(): number {
    return this.events;
  }

  /** Entries used of the arrays' first capacity (how full the batch is). */
  get fill(): number {
    return Math.max(this.tagCount, this.numberCount) / this.capacity;
  }

  pack(event: RunEvent): void {
    const table = stepTableOf(event);
    if (table) this.object(event, 0, "candidates", table);
    else if (event.type === "node.end" && typeof event.outputs === "object" && event.outputs !== null) this.nodeEnd(event);
    else this.value(event, 0);
    this.events++;
  }

  take(): PackedBatch {
    const batch: PackedBatch = { events: this.events, tags: this.tags, tagCount: this.tagCount, numbers: this.numbers, numberCount: this.numberCount, shared: this.shared, texts: this.texts };
    // The arrays go to the other thread (transferred): start afresh, as large as this batch needed.
    this.tags = new Uint8Array(Math.max(this.capacity, this.tagCount));
    this.numbers = new Float64Array(Math.max(this.capacity, this.numberCount));
    this.tagCount = this.numberCount = this.events = 0;
    this.shared = [];
    this.texts = [];
    return batch;
  }

  private nodeEnd(event: RunEvent & { type: "node.end" }): void {
    const tables = lazyTablesOf(event.outputs);
    if (!tables) return this.value(event, 0);
    this.tag(OBJECT);
    const at = this.numberCount;
    this.number(0);
    let fields = 0;
    const fieldsOf = event as unknown as Record<string, unknown>;
    for (const key in fieldsOf) {
      this.string(key);
      if (key === "outputs") this.outputs(event.outputs, tables);
      else this.value(fieldsOf[key], 1);
      fields++;
    }
    this.numbers[at] = fields;
  }

  private outputs(outputs: Record<string, unknown>, tables: ReadonlyMap<string, CandidateTable>): void {
    this.tag(OBJECT);
    const at = this.numberCount;
    this.number(0);
    let fields = 0;
    for (const key in outputs) {
      this.string(key);
      const table = tables.get(key);
      // A lazy table's getter is never called here: its rows are made on the other side, if at all.
      if (table) this.table(table);
      else this.value(outputs[key], 2);
      fields++;
    }
    this.numbers[at] = fields;
  }

  /** An object's fields; `tableKey`'s value is `table` (a lazy field, not read). */
  private object(object: object, depth: number, tableKey?: string, table?: CandidateTable): void {
    this.tag(OBJECT);
    const at = this.numberCount;
    this.number(0);
    let fields = 0;
    const fieldsOf = object as Record<string, unknown>;
    for (const key in fieldsOf) {
      this.string(key);
      if (key === tableKey) this.table(table!);
      else this.value(fieldsOf[key], depth + 1);
      fields++;
    }
    this.numbers[at] = fields;
  }

  private value(value: unknown, depth: number): void {
    switch (typeof value) {
      case "number":
        this.tag(NUMBER);
        this.number(value);
        return;
      case "string":
        this.string(value);
        return;
      case "boolean":
        this.tag(value ? TRUE : FALSE);
        return;
      case "object":
        if (value === null) this.tag(NULL);
        else if (depth > MAX_DEPTH) this.json(value);
        else if (Array.isArray(value)) this.array(value, depth);
        else if (isPlainData(value)) this.object(value, depth);
        else this.json(value);
        return;
      case "bigint":
        this.json(value); // throws, as JSON.stringify does in the in-thread writer
        return;
      default:
        this.tag(UNDEFINED);
    }
  }

  private array(values: readonly unknown[], depth: number): void {
    this.tag(ARRAY);
    this.number(values.length);
    for (let i = 0; i < values.length; i++) this.value(values[i], depth + 1);
  }

  private table(table: CandidateTable): void {
    this.tag(TABLE);
    const same: SameObjects = { seen: undefined };
    this.cells(table.actions, same, 0);
    const names = table.columnNames();
    this.number(names.length);
    for (let c = 0; c < names.length; c++) {
      this.string(names[c]!);
      this.cells(table.column(names[c]!)!, same, (c + 1) * table.size);
    }
  }

  /**
   * A table's cells. Columns are mostly all numbers, all booleans or all null: one tag for the
   * column, checked while copied. Otherwise a tag per cell, and an object seen before in the table
   * goes as SAME_AS, so rows compare alike (by identity) on the other side.
   */
  private cells(values: readonly unknown[], same: SameObjects, first: number): void {
    const count = values.length;
    const tagAt = this.tagCount;
    const countAt = this.numberCount;
    const kind = count === 0 ? NUMBERS : typeof values[0] === "number" ? NUMBERS : typeof values[0] === "boolean" ? BOOLEANS : values[0] === null ? NULLS : ARRAY;
    if (kind !== ARRAY) {
      this.tag(kind);
      this.number(count);
      if (kind === NULLS) {
        let i = 1;
        while (i < count && values[i] === null) i++;
        if (i === count) return;
      } else {
        this.reserveNumbers(count);
        const copied = kind === NUMBERS ? copyNumbers(values, this.numbers, this.numberCount) : copyBooleans(values, this.numbers, this.numberCount);
        if (copied) {
          this.numberCount += count;
          return;
        }
      }
      // Mixed after all: take the column's tag back and write it cell by cell.
      this.tagCount = tagAt;
      this.numberCount = countAt;
    }
    this.tag(ARRAY);
    this.number(count);
    for (let i = 0; i < count; i++) {
      const cell = values[i];
      if (typeof cell === "object" && cell !== null) {
        same.seen ??= new Map();
        const seen = same.seen.get(cell);
        if (seen !== undefined) {
          this.tag(SAME_AS);
          this.number(seen);
          continue;
        }
        same.seen.set(cell, first + i);
      }
      this.value(cell, 1);
    }
  }

  private string(value: string): void {
    if (value.length <= MAX_SHARED_STRING) {
      let id = this.stringIds.get(value);
      if (id === undefined && this.stringIds.size < MAX_SHARED_STRINGS) {
        id = this.stringIds.size;
        this.stringIds.set(value, id);
        this.shared.push(value);
      }
      if (id !== undefined) {
        this.tag(STRING);
        this.number(id);
        return;
      }
    }
    this.tag(LONG_STRING);
    this.number(this.texts.length);
    this.texts.push(value);
  }

  private json(value: unknown): void {
    const text = JSON.stringify(value);
    if (text === undefined) return this.tag(UNDEFINED);
    this.tag(JSON_TEXT);
    this.number(this.texts.length);
    this.texts.push(text);
  }

  private tag(tag: number): void {
    if (this.tagCount === this.tags.length) {
      const grown = new Uint8Array(this.tags.length * 2);
      grown.set(this.tags);
      this.tags = grown;
    }
    this.tags[this.tagCount++] = tag;
  }

  private number(value: number): void {
    if (this.numberCount === this.numbers.length) this.reserveNumbers(1);
    this.numbers[this.numberCount++] = value;
  }

  private reserveNumbers(count: number): void {
    if (this.numberCount + count <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(this.numbers.length * 2, this.numberCount + count));
    grown.set(this.numbers);
    this.numbers = grown;
  }
}

/** Copies a column of numbers into `into` at `at`; false (having copied some) at the first cell that is not a number. */
function copyNumbers(values: readonly unknown[], into: Float64Array, at: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const cell = values[i];
    if (typeof cell !== "number") return false;
    into[at + i] = cell;
  }
  return true;
}

/** Copies a column of booleans as 1 and 0; false at the first cell that is not a boolean. */
function copyBooleans(values: readonly unknown[], into: Float64Array, at: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const cell = values[i];
    if (typeof cell !== "boolean") return false;
    into[at + i] = cell ? 1 : 0;
  }
  return true;
}

/** Objects met in one table's cells, and where (made when the first object cell is). */
interface SameObjects {
  seen: Map<object, number> | undefined;
}

/** An object JSON.stringify writes as its own enumerable fields, with nothing of its own to say (no toJSON, no class). */
function isPlainData(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/**
 * Writes the lines of packed batches on the writer thread (holds the run's string table): each
 * event's JSON straight from the tags and numbers, as eventJson writes it for the event packed —
 * fields and numbers as JSON.stringify writes them (json-text.ts), a step's candidates and a node's
 * output tables in the compact form (candidatesJson). Only table cells become values again (rows are
 * compared to find the distinct ones).
 */
export class PackedLines {
  private readonly strings: string[] = [];
  /** Each shared string's JSON, made when first written. */
  private readonly stringJsons: (string | undefined)[] = [];
  private tags = new Uint8Array(0);
  private numbers = new Float64Array(0);
  private texts: string[] = [];
  private t = 0;
  private n = 0;
  /** Each shared string's JSON as a field name, with its colon. */
  private readonly keyJsons: (string | undefined)[] = [];
  /** The line being written, in pieces (joined once: cheaper than growing a string piece by piece). */
  private readonly parts: string[] = [];

  /** Hands each event's line (without its newline) to `each`, in order. */
  lines(batch: PackedBatch, each: (json: string) => void): void {
    for (const s of batch.shared) this.strings.push(s);
    this.tags = batch.tags;
    this.numbers = batch.numbers;
    this.texts = batch.texts;
    this.t = this.n = 0;
    const parts = this.parts;
    for (let i = 0; i < batch.events; i++) {
      parts.length = 0;
      this.json(true);
      each(parts.join(""));
    }
    if (this.t !== batch.tagCount || this.n !== batch.numberCount) throw new Error(`a packed trace batch of ${batch.events} events read ${this.t}/${batch.tagCount} tags and ${this.n}/${batch.numberCount} numbers`);
  }

  /** Writes the next value's JSON (null where JSON has no value: an object's field without one is left out before); `event` when it is an event itself (whose table field is its step's candidates). */
  private json(event = false): void {
    const parts = this.parts;
    const tag = this.tags[this.t++];
    switch (tag) {
      case UNDEFINED:
      case NULL:
        parts.push("null");
        return;
      case FALSE:
        parts.push("false");
        return;
      case TRUE:
        parts.push("true");
        return;
      case NUMBER:
        parts.push(numberJson(this.numbers[this.n++]!));
        return;
      case STRING: {
        const id = this.numbers[this.n++]!;
        parts.push((this.stringJsons[id] ??= stringJson(this.strings[id]!)));
        return;
      }
      case LONG_STRING:
        parts.push(stringJson(this.texts[this.numbers[this.n++]!]!));
        return;
      case JSON_TEXT:
        parts.push(this.texts[this.numbers[this.n++]!]!);
        return;
      case ARRAY: {
        const length = this.numbers[this.n++]!;
        parts.push("[");
        for (let i = 0; i < length; i++) {
          if (i > 0) parts.push(",");
          this.json();
        }
        parts.push("]");
        return;
      }
      case OBJECT: {
        const fields = this.numbers[this.n++]!;
        parts.push("{");
        let first = true;
        for (let f = 0; f < fields; f++) {
          const key = this.key();
          // A field with no JSON value is left out, as JSON.stringify leaves it.
          if (this.tags[this.t] === UNDEFINED) {
            this.t++;
            continue;
          }
          if (!first) parts.push(",");
          first = false;
          parts.push(key);
          if (this.tags[this.t] === TABLE) {
            this.t++;
            const table = this.table();
            parts.push(event && key === '"candidates":' ? table : `{"$candidates":${table}}`);
          } else {
            this.json();
          }
        }
        parts.push("}");
        return;
      }
      default:
        throw new Error(`a packed trace batch holds tag ${tag} where a value was expected (tag ${this.t - 1})`);
    }
  }

  /** A field name as JSON with its colon. */
  private key(): string {
    const tag = this.tags[this.t++];
    if (tag !== STRING) return keyJson(this.texts[this.numbers[this.n++]!]!);
    const id = this.numbers[this.n++]!;
    return (this.keyJsons[id] ??= `${stringJson(this.strings[id]!)}:`);
  }

  /** The next value itself (a table's cells). */
  private value(): unknown {
    const tag = this.tags[this.t++];
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case NUMBER:
        return this.numbers[this.n++];
      case STRING:
        return this.strings[this.numbers[this.n++]!];
      case LONG_STRING:
        return this.texts[this.numbers[this.n++]!];
      case JSON_TEXT:
        return JSON.parse(this.texts[this.numbers[this.n++]!]!);
      case ARRAY: {
        const length = this.numbers[this.n++]!;
        const values = new Array<unknown>(length);
        for (let i = 0; i < length; i++) values[i] = this.value();
        return values;
      }
      case OBJECT: {
        const fields = this.numbers[this.n++]!;
        const object: Record<string, unknown> = {};
        for (let f = 0; f < fields; f++) {
          const tag = this.tags[this.t++];
          const key = tag === STRING ? this.strings[this.numbers[this.n++]!]! : this.texts[this.numbers[this.n++]!]!;
          define(object, key, this.value());
        }
        return object;
      }
      default:
        throw new Error(`a packed trace batch holds tag ${tag} where a cell was expected (tag ${this.t - 1})`);
    }
  }

  /** A table's compact JSON (candidatesJson), from its cells. */
  private table(): string {
    this.cellArrays.length = 0;
    const actions = this.tableCells();
    const columnCount = this.numbers[this.n++]!;
    const names = new Array<string>(columnCount);
    const columns = new Array<unknown[]>(columnCount);
    for (let c = 0; c < columnCount; c++) {
      names[c] = this.value() as string;
      columns[c] = this.tableCells();
    }
    return columnsJson(actions, names, columns);
  }

  /** Cells of the table read so far, by the index SAME_AS gives: actions first, then each column (all as long). */
  private cellArrays: unknown[][] = [];

  private tableCells(): unknown[] {
    const tag = this.tags[this.t++];
    const length = this.numbers[this.n++]!;
    const values = new Array<unknown>(length);
    if (tag === NUMBERS) {
      for (let i = 0; i < length; i++) values[i] = this.numbers[this.n++];
    } else if (tag === BOOLEANS) {
      for (let i = 0; i < length; i++) values[i] = this.numbers[this.n++] === 1;
    } else if (tag === NULLS) {
      values.fill(null);
    } else {
      for (let i = 0; i < length; i++) {
        if (this.tags[this.t] === SAME_AS) {
          this.t++;
          const at = this.numbers[this.n++]!;
          const size = this.cellArrays[0]?.length ?? length;
          values[i] = at < (this.cellArrays.length * size) ? this.cellArrays[Math.floor(at / size)]![at % size] : values[at - this.cellArrays.length * size];
        } else {
          values[i] = this.value();
        }
      }
    }
    this.cellArrays.push(values);
    return values;
  }
}

/** Sets a field as JSON.parse would (`__proto__` an own field, not the prototype). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
