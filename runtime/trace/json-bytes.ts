/**
 * JSON text written as UTF-8 straight into one growing buffer: the writer thread's lines used to be
 * pieces joined into a string and then encoded, which cost as much as making the pieces. Text that
 * repeats (field names, short strings) is encoded once by the caller and copied as bytes; numbers
 * and literals are ASCII, one byte a character.
 */
export class JsonBytes {
  private buffer: Buffer;
  /** Bytes held. */
  length = 0;

  constructor(capacity = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** One ASCII character, by its code. */
  byte(code: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /** Text known to be ASCII (numbers, literals). */
  ascii(text: string): void {
    const count = text.length;
    this.reserve(count);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < count; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Bytes encoded before (a field name's or a short string's JSON). */
  bytes(bytes: Uint8Array): void {
    const count = bytes.length;
    this.reserve(count);
    // A loop beats `set` for the few bytes of a name (set crosses into C++ each call).
    if (count <= 32) {
      const buffer = this.buffer;
      let at = this.length;
      for (let i = 0; i < count; i++) buffer[at++] = bytes[i]!;
      this.length = at;
    } else {
      this.buffer.set(bytes, this.length);
      this.length += count;
    }
  }

  /** Any text (JSON already: a table's, a value's), encoded as UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, "utf8");
  }

  /** The bytes held (a view: valid until the next write or clear). */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + count));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Text as UTF-8 bytes, to copy with `JsonBytes.bytes`. */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}
