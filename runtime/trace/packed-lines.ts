import { columnsJson, MAX_DISTINCT_ROWS } from "./event-json.js";
import { JsonBytes, utf8 } from "./json-bytes.js";
import { keyJson, numberJson, stringJson } from "./json-text.js";
import { ARRAY, BOOLEANS, FALSE, FROZEN, JSON_TEXT, LONG_STRING, NULL, NULLS, NUMBER, NUMBERS, OBJECT, SAME_AS, STRING, TABLE, TRUE, UNDEFINED, type PackedBatch } from "./packed-tags.js";

const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const NULL_BYTES = utf8("null");
const TRUE_BYTES = utf8("true");
const FALSE_BYTES = utf8("false");
const CANDIDATES_KEY = utf8('"candidates":');
const WRAPPED_TABLE = utf8('{"$candidates":');
const EMPTY_TABLE = utf8('{"distinct":[],"rows":[]}');
const DISTINCT_OPEN = utf8('{"distinct":[');
const ACTION_KEY = utf8('{"action":');
const ROWS_OPEN = utf8('],"rows":[');
const TABLE_CLOSE = utf8("]}");
/** A table with more columns is written the general way (table()). */
const MAX_NUMERIC_COLUMNS = 64;

/**
 * Writes the lines of packed batches on the writer thread (holds the run's string table): each
 * event's JSON straight from the tags and numbers into UTF-8 bytes (json-bytes.ts), as eventJson
 * writes it for the event packed — fields and numbers as JSON.stringify writes them (json-text.ts),
 * a step's candidates and a node's output tables in the compact form (candidatesJson). Only table
 * cells become values again (rows are compared to find the distinct ones).
 */
export class PackedLines {
  private readonly strings: string[] = [];
  /** Each shared string's JSON as bytes, made when first written. */
  private readonly stringBytes: (Uint8Array | undefined)[] = [];
  /** Each shared string's JSON as a field name, with its colon, as bytes. */
  private readonly keyBytes: (Uint8Array | undefined)[] = [];
  /** Each shared string that is a frozen value's JSON text, as bytes. */
  private readonly frozenBytes: (Uint8Array | undefined)[] = [];
  private tags = new Uint8Array(0);
  private numbers = new Float64Array(0);
  private texts: string[] = [];
  private t = 0;
  private n = 0;
  private out = new JsonBytes(0);

  /** Appends each event's line, newline included, to `out`, in order. */
  write(batch: PackedBatch, out: JsonBytes): void {
    for (const s of batch.shared) this.strings.push(s);
    this.tags = batch.tags;
    this.numbers = batch.numbers;
    this.texts = batch.texts;
    this.out = out;
    this.t = this.n = 0;
    for (let i = 0; i < batch.events; i++) {
      this.json(true);
      out.byte(NEWLINE);
    }
    if (this.t !== batch.tagCount || this.n !== batch.numberCount) throw new Error(`a packed trace batch of ${batch.events} events read ${this.t}/${batch.tagCount} tags and ${this.n}/${batch.numberCount} numbers`);
  }

  /** Writes the next value's JSON (null where JSON has no value: an object's field without one is left out before); `event` when it is an event itself (whose table field is its step's candidates). */
  private json(event = false): void {
    const out = this.out;
    const tag = this.tags[this.t++];
    switch (tag) {
      case UNDEFINED:
      case NULL:
        out.bytes(NULL_BYTES);
        return;
      case FALSE:
        out.bytes(FALSE_BYTES);
        return;
      case TRUE:
        out.bytes(TRUE_BYTES);
        return;
      case NUMBER:
        this.number(this.numbers[this.n++]!);
        return;
      case STRING: {
        const id = this.numbers[this.n++]!;
        out.bytes((this.stringBytes[id] ??= utf8(stringJson(this.strings[id]!))));
        return;
      }
      case LONG_STRING:
        out.text(stringJson(this.texts[this.numbers[this.n++]!]!));
        return;
      case JSON_TEXT:
        out.text(this.texts[this.numbers[this.n++]!]!);
        return;
      case FROZEN: {
        const id = this.numbers[this.n++]!;
        out.bytes((this.frozenBytes[id] ??= utf8(this.strings[id]!)));
        return;
      }
      case ARRAY: {
        const length = this.numbers[this.n++]!;
        out.byte(OPEN_BRACKET);
        for (let i = 0; i < length; i++) {
          if (i > 0) out.byte(COMMA);
          this.json();
        }
        out.byte(CLOSE_BRACKET);
        return;
      }
      case OBJECT: {
        const fields = this.numbers[this.n++]!;
        out.byte(OPEN_BRACE);
        let first = true;
        for (let f = 0; f < fields; f++) {
          const key = this.key();
          // A field with no JSON value is left out, as JSON.stringify leaves it.
          if (this.tags[this.t] === UNDEFINED) {
            this.t++;
            continue;
          }
          if (!first) out.byte(COMMA);
          first = false;
          out.bytes(key);
          if (this.tags[this.t] === TABLE) {
            this.t++;
            const wrapped = !(event && sameBytes(key, CANDIDATES_KEY));
            if (wrapped) out.bytes(WRAPPED_TABLE);
            if (!this.numericTable()) out.text(this.table());
            if (wrapped) out.byte(CLOSE_BRACE);
          } else {
            this.json();
          }
        }
        out.byte(CLOSE_BRACE);
        return;
      }
      default:
        throw new Error(`a packed trace batch holds tag ${tag} where a value was expected (tag ${this.t - 1})`);
    }
  }

  /** A field name as JSON with its colon, as bytes. */
  private key(): Uint8Array {
    const tag = this.tags[this.t++];
    if (tag !== STRING) return utf8(keyJson(this.texts[this.numbers[this.n++]!]!));
    const id = this.numbers[this.n++]!;
    return (this.keyBytes[id] ??= utf8(`${stringJson(this.strings[id]!)}:`));
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
      case FROZEN:
        return JSON.parse(this.strings[this.numbers[this.n++]!]!);
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

  /**
   * A table whose actions and columns are each all numbers, all booleans or all null (the packer's
   * NUMBERS, BOOLEANS, NULLS: most tables), written as candidatesJson writes it straight from the
   * numbers, no cell made a value nor a row a string; false, having read nothing, for any other table.
   */
  private numericTable(): boolean {
    const tags = this.tags;
    const numbers = this.numbers;
    if (tags[this.t] !== NUMBERS) return false;
    const count = numbers[this.n]!;
    const actionsAt = this.n + 1;
    const columnCount = numbers[actionsAt + count]!;
    // Per column: its name's bytes as a key, its kind and where its cells start; comparedAts lists the
    // starts of the columns rows are compared on (all but columns of nulls). Reused typed arrays: no object per column and table.
    const { columnKeys, columnKinds, columnAts, comparedAts, compared, rowOf } = this;
    if (columnCount > MAX_NUMERIC_COLUMNS) return false;
    let t = this.t + 1;
    let n = actionsAt + count + 1;
    let comparedColumns = 0;
    for (let c = 0; c < columnCount; c++) {
      if (tags[t] !== STRING) return false;
      const id = numbers[n]!;
      const kind = tags[t + 1]!;
      if (kind !== NUMBERS && kind !== BOOLEANS && kind !== NULLS) return false;
      columnKeys[c] = this.keyBytes[id] ??= utf8(`${stringJson(this.strings[id]!)}:`);
      columnKinds[c] = kind;
      columnAts[c] = n + 2;
      if (kind !== NULLS) comparedAts[comparedColumns++] = n + 2;
      t += 2;
      n += kind === NULLS ? 2 : 2 + count;
    }
    this.t = t;
    this.n = n;
    const out = this.out;
    if (count === 0) {
      out.bytes(EMPTY_TABLE);
      return true;
    }
    // Rows compared as candidatesJson compares them (!==: NaN never alike, -0 as 0), with the first MAX_DISTINCT_ROWS distinct rows only.
    let comparedRows = 0;
    let distinct = 0;
    out.bytes(DISTINCT_OPEN);
    for (let i = 0; i < count; i++) {
      const action = numbers[actionsAt + i]!;
      let k = -1;
      for (let d = 0; d < comparedRows; d++) {
        const j = compared[d]!;
        if (action !== numbers[actionsAt + j]) continue;
        let c = 0;
        while (c < comparedColumns && numbers[comparedAts[c]! + i] === numbers[comparedAts[c]! + j]) c++;
        if (c === comparedColumns) {
          k = d;
          break;
        }
      }
      if (k === -1) {
        k = distinct++;
        if (comparedRows < MAX_DISTINCT_ROWS) compared[comparedRows++] = i;
        if (k > 0) out.byte(COMMA);
        out.bytes(ACTION_KEY);
        this.number(action);
        for (let c = 0; c < columnCount; c++) {
          out.byte(COMMA);
          out.bytes(columnKeys[c]!);
          const kind = columnKinds[c];
          if (kind === NUMBERS) this.number(numbers[columnAts[c]! + i]!);
          else if (kind === BOOLEANS) out.bytes(numbers[columnAts[c]! + i] === 1 ? TRUE_BYTES : FALSE_BYTES);
          else out.bytes(NULL_BYTES);
        }
        out.byte(CLOSE_BRACE);
      }
      rowOf[i] = k;
    }
    out.bytes(ROWS_OPEN);
    for (let i = 0; i < count; i++) {
      if (i > 0) out.byte(COMMA);
      this.number(rowOf[i]!);
    }
    out.bytes(TABLE_CLOSE);
    return true;
  }

  /** Scratch for numericTable: its columns (up to MAX_NUMERIC_COLUMNS), the rows compared with, each row's distinct row. */
  private readonly columnKeys: Uint8Array[] = [];
  private readonly columnKinds = new Uint8Array(MAX_NUMERIC_COLUMNS);
  private readonly columnAts = new Int32Array(MAX_NUMERIC_COLUMNS);
  private readonly comparedAts = new Int32Array(MAX_NUMERIC_COLUMNS);
  private readonly compared = new Int32Array(MAX_DISTINCT_ROWS);
  private readonly rowOf: number[] = [];

  /** A number as JSON.stringify writes it. */
  private number(value: number): void {
    // Digits 0–9 (counts, flags, many a step's fields) need no text made (-0 is written 0, as JSON.stringify does).
    if (value >= 0 && value <= 9 && (value | 0) === value) this.out.byte(DIGIT_0 + value);
    else this.out.ascii(numberJson(value));
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
          values[i] = at < this.cellArrays.length * size ? this.cellArrays[Math.floor(at / size)]![at % size] : values[at - this.cellArrays.length * size];
        } else {
          values[i] = this.value();
        }
      }
    }
    this.cellArrays.push(values);
    return values;
  }
}

/** Whether two short byte strings are equal (a field name against a known one). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sets a field as JSON.parse would (`__proto__` an own field, not the prototype). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
