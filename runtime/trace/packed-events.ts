import type { RunEvent } from "../engine/events.js";
import type { CandidateTable } from "../candidate-table.js";
import { lazyTablesOf, stepTableOf } from "./lazy-rows.js";
import { ARRAY, BOOLEANS, FALSE, FROZEN, JSON_TEXT, LONG_STRING, NULL, NULLS, NUMBER, NUMBERS, OBJECT, SAME_AS, STRING, TABLE, TRUE, UNDEFINED, type PackedBatch } from "./packed-tags.js";

export type { PackedBatch } from "./packed-tags.js";

/*
 * Events packed for the trace's writer thread (trace-thread.ts): the run's thread walks each event
 * once, writing a tag per value into a byte array and its numbers into a Float64Array, strings by
 * number (each short string sent once per run), and posts the arrays with their buffers transferred.
 * Walking costs a fraction of writing the JSON (no number formatting, no UTF-8), which the writer
 * thread then does from the tags (packed-lines.ts): its lines are `eventJson` of the events packed,
 * byte for byte (test/trace-thread.test.ts), so the file is today's trace.
 * Candidate tables held as lazy rows (lazy-rows.ts) travel as their columns and are lazy rows again
 * on the other side; anything not plain data (a class instance, a Date) travels as its JSON text.
 */

/** Strings up to this long are sent once and then by number. */
const MAX_SHARED_STRING = 64;
/** Strings the table holds at most (data-made strings must not grow it without end). */
const MAX_SHARED_STRINGS = 16_384;
/** A frozen value whose JSON text is longer than this goes field by field each time… */
const MAX_FROZEN_TEXT = 1024;
/** …and so does any once this many are kept (a run's constants are few: at most ~1 MB held on each thread). */
const MAX_FROZEN_VALUES = 1024;
/** In `frozenIds`: a frozen value met once (kept as text when met again: values made frozen each step are not). */
const SEEN_ONCE = -1;
/** In `frozenIds`: a frozen value that is not plain data all the way down (packed field by field). */
const NOT_CONSTANT = -2;
/** Positions of an event's strings whose last string is remembered (a step.end at `steps` has ~40, a node.end at `full` ~60). */
const SLOTS = 128;
/** Nesting beyond which a value goes as JSON text (JSON.stringify then throws for a cycle, as the in-thread writer does). */
const MAX_DEPTH = 64;

/** Packs events on the run's thread; `take` hands over what was packed since the last take. */
export class EventPacker {
  private tags: Uint8Array<ArrayBuffer>;
  private numbers: Float64Array<ArrayBuffer>;
  private tagCount = 0;
  private numberCount = 0;
  private events = 0;
  private readonly stringIds = new Map<string, number>();
  /** Frozen values met before: the number of their JSON text in the string table, or SEEN_ONCE / NOT_CONSTANT. */
  private readonly frozenIds = new WeakMap<object, number>();
  private frozenKept = 0;
  private shared: string[] = [];
  private texts: string[] = [];
  /**
   * The strings an event packed at each position (its n-th string, names and values alike) and their
   * numbers: a run's events of a kind name the same fields in the same order step after step, so most
   * strings are found here by one comparison instead of a lookup in `stringIds`.
   */
  private readonly slotStrings = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly slotIds = new Array<number>(SLOTS).fill(0);
  /** The position of the next string in the event being packed. */
  private slot = 0;

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
    this.slot = 0;
    // Only a step.end carries a table (a WeakMap lookup spared for every other event).
    const table = event.type === "step.end" ? stepTableOf(event) : undefined;
    if (table) this.object(event, 0, "candidates", table);
    else if (event.type === "node.end" && typeof event.outputs === "object" && event.outputs !== null) this.nodeEnd(event);
    else this.value(event, 0);
    this.events++;
  }

  /**
   * The batch; the next is packed into `next` (arrays the writer thread has written out) where
   * given, else into new arrays as large as this batch needed. Allocating ~0.5 MB of zeroed arrays
   * a batch was a fifth of the trace's cost on the run's thread at `steps`, in allocation and GC.
   */
  take(next?: Pick<PackedBatch, "tags" | "numbers">): PackedBatch {
    const batch: PackedBatch = { events: this.events, tags: this.tags, tagCount: this.tagCount, numbers: this.numbers, numberCount: this.numberCount, shared: this.shared, texts: this.texts };
    // The arrays go to the other thread (transferred); what is packed next overwrites whatever `next` holds.
    this.tags = next?.tags ?? new Uint8Array(Math.max(this.capacity, this.tagCount));
    this.numbers = next?.numbers ?? new Float64Array(Math.max(this.capacity, this.numberCount));
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
        else if (Object.isFrozen(value) && this.frozen(value)) return;
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
    const names = table.columnNamesInOrder();
    const values = table.columnValuesInOrder();
    this.number(names.length);
    for (let c = 0; c < names.length; c++) {
      this.string(names[c]!);
      this.cells(values[c]!, same, (c + 1) * table.size);
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

  /**
   * A frozen value met before, as the number of its JSON text (sent once a run): the engine's input
   * references and summaries' markers are the same frozen objects step after step. False (nothing
   * packed) when it is met for the first time, or is not plain data all the way down.
   */
  private frozen(value: object): boolean {
    let id = this.frozenIds.get(value);
    if (id === undefined) {
      this.frozenIds.set(value, SEEN_ONCE);
      return false;
    }
    if (id === NOT_CONSTANT) return false;
    if (id === SEEN_ONCE) {
      const text = isFrozenData(value, 0) ? JSON.stringify(value) : undefined;
      const known = text === undefined ? undefined : this.stringIds.get(text);
      if (text === undefined || text.length > MAX_FROZEN_TEXT || this.frozenKept >= MAX_FROZEN_VALUES || (known === undefined && this.stringIds.size >= MAX_SHARED_STRINGS)) {
        this.frozenIds.set(value, NOT_CONSTANT);
        return false;
      }
      this.frozenKept++;
      id = known ?? this.share(text);
      this.frozenIds.set(value, id);
    }
    this.tag(FROZEN);
    this.number(id);
    return true;
  }

  /** Adds a string to the run's table (sent with this batch); answers its number. */
  private share(value: string): number {
    const id = this.stringIds.size;
    this.stringIds.set(value, id);
    this.shared.push(value);
    return id;
  }

  private string(value: string): void {
    const slot = this.slot++;
    if (slot < SLOTS && this.slotStrings[slot] === value) {
      this.tag(STRING);
      this.number(this.slotIds[slot]!);
      return;
    }
    if (value.length <= MAX_SHARED_STRING) {
      let id = this.stringIds.get(value);
      if (id === undefined && this.stringIds.size < MAX_SHARED_STRINGS) id = this.share(value);
      if (id !== undefined) {
        if (slot < SLOTS) {
          this.slotStrings[slot] = value;
          this.slotIds[slot] = id;
        }
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
 * Whether a frozen value is plain data all the way down, each object and array frozen, with no
 * getter (its JSON text then never changes, and is what the writer thread would write for it).
 */
function isFrozenData(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "number":
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "object": {
      if (value === null) return true;
      if (depth > MAX_DEPTH || !Object.isFrozen(value) || !(Array.isArray(value) || isPlainData(value))) return false;
      // Too long to keep anyway (each item or field takes two characters at least): not walked.
      if ((Array.isArray(value) ? value.length : Object.keys(value).length) > MAX_FROZEN_TEXT / 2) return false;
      const fields = Object.getOwnPropertyDescriptors(value) as Record<string, PropertyDescriptor>;
      for (const key in fields) {
        const field = fields[key]!;
        if (field.get !== undefined || field.set !== undefined || !isFrozenData(field.value, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
