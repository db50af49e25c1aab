/**
 * Typed columns carved from one buffer, for the governor's integer and float columns.
 *
 * V8 counts every new ArrayBuffer as external memory and starts a full (mark-compact) garbage
 * collection each time some 64 MB more of it has been allocated since the last one. With a
 * heap of millions of proposals and customers, each of those collections takes seconds, and
 * dozens of columns allocated one by one trigger dozens of them; one buffer triggers at most
 * one. Pages that are never written cost no memory (the buffer is zero-filled lazily by the
 * operating system), so the buffer is sized by upper bounds; a column that no longer fits gets
 * a buffer of its own.
 *
 * Touching a new page costs more than using it (on a virtual machine, ~17 µs per 4 KB page:
 * 4.6 s per GiB), so a column that is no longer read can lend its bytes to later ones
 * ({@link ColumnArena.reuse}).
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
  /**
   * An arena over the bytes of `column`, which the caller no longer reads: its columns are
   * zero-filled there while they fit, and come from this arena after.
   */
  reuse(column: ArrayBufferView): ColumnArena;
}

/** An arena of `bytes` bytes (rounded up to a multiple of 8). */
export function columnArena(bytes: number): ColumnArena {
  const size = Math.ceil(Math.max(0, bytes) / 8) * 8;
  return arenaOver(new ArrayBuffer(size), 0, size, null);
}

/** Columns from `buffer[start … end)`, zeroed when `zero`; beyond, from `spill` (or fresh buffers). */
function arenaOver(buffer: ArrayBufferLike, start: number, end: number, spill: ColumnArena | null): ColumnArena {
  let used = start;
  const zero = spill !== null;
  /** The byte offset of `length` bytes in the buffer, 8-aligned, or -1 when they do not fit. */
  const take = (length: number): number => {
    const at = Math.ceil(used / 8) * 8;
    if (at + length > end) return -1;
    used = at + length;
    return at;
  };
  const arena: ColumnArena = {
    int32: (length) => {
      const at = take(4 * length);
      if (at < 0) return spill === null ? new Int32Array(length) : spill.int32(length);
      const column = new Int32Array(buffer, at, length);
      return zero ? column.fill(0) : column;
    },
    uint32: (length) => {
      const at = take(4 * length);
      if (at < 0) return spill === null ? new Uint32Array(length) : spill.uint32(length);
      const column = new Uint32Array(buffer, at, length);
      return zero ? column.fill(0) : column;
    },
    float64: (length) => {
      const at = take(8 * length);
      if (at < 0) return spill === null ? new Float64Array(length) : spill.float64(length);
      const column = new Float64Array(buffer, at, length);
      return zero ? column.fill(0) : column;
    },
    uint8: (length) => {
      const at = take(length);
      if (at < 0) return spill === null ? new Uint8Array(length) : spill.uint8(length);
      const column = new Uint8Array(buffer, at, length);
      return zero ? column.fill(0) : column;
    },
    reuse: (column) => arenaOver(column.buffer, column.byteOffset, column.byteOffset + column.byteLength, arena),
  };
  return arena;
}
