/**
 * Zeroed Float32Arrays for encodings, carved from shared 64 KiB buffers. Allocating a Float32Array
 * of a few hundred bytes costs ~0.5–0.9 µs in V8 (a backing store of its own, outside the heap,
 * tracked by the GC); a view on a buffer already there costs ~0.05–0.1 µs, and an environment
 * encodes its state every step of every lockstep lane. Each array is its own range of the buffer,
 * never handed out twice, so it is as fresh as `new Float32Array(n)`; what differs is `.buffer`
 * (the shared one: read the array, not its buffer, and never transfer it) and that a buffer is
 * freed only once every array carved from it is.
 */
const SLAB_BYTES = 1 << 16;
/** Larger arrays get a buffer of their own: few fit a slab, and one kept alive would keep it all. */
const LARGEST_CARVED = 256;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zeroed Float32Array of `length` values that its caller owns. */
export function freshFloats(length: number): Float32Array {
  if (length > LARGEST_CARVED) return new Float32Array(length);
  const bytes = length * Float32Array.BYTES_PER_ELEMENT;
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const floats = new Float32Array(slab, used, length);
  used += bytes;
  return floats;
}
