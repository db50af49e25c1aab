/**
 * Typed columns carved from one ArrayBuffer, for the governor's integer and float columns.
 *
 * V8 counts every new ArrayBuffer as external memory and starts a full (mark-compact) garbage
 * collection each time some 64 MB more of it has been allocated since the last one. With a
 * heap of millions of proposals and customers, each of those collections takes seconds, and
 * dozens of columns allocated one by one trigger dozens of them; one buffer triggers at most
 * one. Pages that are never written cost no memory (the buffer is zero-filled lazily by the
 * operating system), so the buffer is sized by upper bounds; a column that no longer fits gets
 * a buffer of its own.
 */
export interface ColumnArena {
  /** A zero-filled column of 32-bit integers. */
  int32(length: number): Int32Array;
  /** A zero-filled column of unsigned 32-bit integers. */
  uint32(length: number): Uint32Array;
  /** A zero-filled column of doubles. */
  float64(length: number): Float64Array;
  /** A zero-filled column of bytes. */
  uint8(length: number): Uint8Array;
}

/** An arena of `bytes` bytes (rounded up to a multiple of 8). */
export function columnArena(bytes: number): ColumnArena {
  const size = Math.ceil(Math.max(0, bytes) / 8) * 8;
  const buffer = new ArrayBuffer(size);
  let used = 0;
  /** The byte offset of `length` bytes in the buffer, 8-aligned, or -1 when they do not fit. */
  const take = (length: number): number => {
    const at = used;
    if (at + length > size) return -1;
    used = at + Math.ceil(length / 8) * 8;
    return at;
  };
  return {
    int32: (length) => {
      const at = take(4 * length);
      return at < 0 ? new Int32Array(length) : new Int32Array(buffer, at, length);
    },
    uint32: (length) => {
      const at = take(4 * length);
      return at < 0 ? new Uint32Array(length) : new Uint32Array(buffer, at, length);
    },
    float64: (length) => {
      const at = take(8 * length);
      return at < 0 ? new Float64Array(length) : new Float64Array(buffer, at, length);
    },
    uint8: (length) => {
      const at = take(length);
      return at < 0 ? new Uint8Array(length) : new Uint8Array(buffer, at, length);
    },
  };
}
