/**
 * Ids (strings) numbered 0, 1, 2, … as they are added, looked up a batch at a time.
 *
 * A `Map` of millions of string keys costs three cache misses a lookup (the key's hash, the
 * bucket, the entry), which on a virtual machine under a heap of gigabytes came to 400–650 ns
 * (docs/decisions.md, the governor's measurements). Here a batch's keys are read and hashed
 * in a loop of their own, where their cache misses overlap; the table is cut into partitions
 * of some 8,000 ids by the high bits of the hash, and the batch is probed partition by
 * partition (a counting sort of its hashes), so the probes stay within a few pages at a time
 * (6 M lookups: 354 ms, against 843 ms for a Map and 505 ms for one unpartitioned table, in a
 * copy of the bench's heap). Open addressing with linear probing; a slot holds the id's
 * number + 1 (0 when empty) and its hash, so most probes compare integers before strings. Ids that are not strings (history rows are not
 * validated) are numbered by a `Map`, with the same identity as before (`SameValueZero`).
 */
export interface IdTable {
  /** How many ids it numbers. */
  readonly size: number;
  /** The number of `id`, or -1 when it has none. */
  get(id: unknown): number;
  /**
   * Writes the numbers of `ids[0 … count)` into `into[0 … count)`: an id's number, or, for an
   * id without one, -1, or with `add` the next number (new ids numbered in the batch's
   * partition order: numbers are handles, not positions). `hashed`, when given, holds
   * {@link hashOf} of each id that is a string (a caller that has just read the strings hashes
   * them while they are in cache).
   */
  numberBatch(ids: readonly unknown[], count: number, into: Int32Array, add: boolean, hashed?: Int32Array): void;
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer (FNV alone leaves the high bits, the partitions, poorly mixed). */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A table sized for about `expected` ids (it grows past that). */
export function idTable(expected: number): IdTable {
  // 2^bits partitions of some 4,000–8,000 ids, each with twice as many slots.
  const bits = Math.min(12, Math.max(0, Math.ceil(Math.log2(Math.max(1, expected) / 8_192))));
  const partitions = 1 << bits;
  const shift = 32 - bits;
  let capacity = 16; // slots per partition
  while (capacity < (2 * Math.max(1, expected)) / partitions) capacity *= 2;
  let mask = capacity - 1;
  let slots = new Int32Array(2 * partitions * capacity); // (number + 1, hash) pairs
  let keys: unknown[] = new Array<unknown>(partitions * capacity);
  const load = new Int32Array(partitions);
  const others = new Map<unknown, number>();
  let size = 0;
  let hashes = new Int32Array(0);
  let perm = new Int32Array(0);
  let strings = new Uint8Array(0); // 1 where the batch's id is a string
  const starts = new Int32Array(partitions + 1);

  /** The partition of hash `h` (all of them when there is one). */
  const partitionOf = (h: number): number => (bits === 0 ? 0 : h >>> shift);

  /** Doubles every partition's slots, the ids keeping their numbers. */
  const grow = (): void => {
    const oldSlots = slots;
    const oldKeys = keys;
    const oldCapacity = capacity;
    capacity *= 2;
    mask = capacity - 1;
    slots = new Int32Array(2 * partitions * capacity);
    keys = new Array<unknown>(partitions * capacity);
    for (let at = 0; at < partitions * oldCapacity; at++) {
      const number = oldSlots[2 * at] as number;
      if (number === 0) continue;
      const h = oldSlots[2 * at + 1] as number;
      const base = partitionOf(h) * capacity;
      let slot = h & mask;
      while (slots[2 * (base + slot)] !== 0) slot = (slot + 1) & mask;
      slots[2 * (base + slot)] = number;
      slots[2 * (base + slot) + 1] = h;
      keys[base + slot] = oldKeys[at];
    }
  };

  /** The number of string `key` of hash `h`; when absent, -1, or with `add` a new number. */
  const find = (key: string, h: number, add: boolean): number => {
    const p = partitionOf(h);
    const base = p * capacity;
    let slot = h & mask;
    for (;;) {
      const at = 2 * (base + slot);
      const number = slots[at] as number;
      if (number === 0) break;
      if (slots[at + 1] === h && keys[base + slot] === key) return number - 1;
      slot = (slot + 1) & mask;
    }
    if (!add) return -1;
    const number = size++;
    slots[2 * (base + slot)] = number + 1;
    slots[2 * (base + slot) + 1] = h;
    keys[base + slot] = key;
    load[p] = (load[p] as number) + 1;
    // Linear probing stays short below three quarters full.
    if (4 * (load[p] as number) > 3 * capacity) grow();
    return number;
  };

  const other = (id: unknown, add: boolean): number => {
    let number = others.get(id);
    if (number === undefined) {
      if (!add) return -1;
      number = size++;
      others.set(id, number);
    }
    return number;
  };

  return {
    get size() {
      return size;
    },
    get: (id) => (typeof id === 'string' ? find(id, hashOf(id), false) : other(id, false)),
    numberBatch: (ids, count, into, add, hashed) => {
      if (hashes.length < count) {
        hashes = new Int32Array(count);
        perm = new Int32Array(count);
        strings = new Uint8Array(count);
      }
      const h = hashed ?? hashes;
      // Hashes, and the batch in partition order (a counting sort, stable); each id is read once
      // here, the strings' cache misses overlapping, and not again unless a probe compares it.
      starts.fill(0);
      for (let j = 0; j < count; j++) {
        const id = ids[j];
        const string = typeof id === 'string';
        strings[j] = string ? 1 : 0;
        if (!string) continue;
        if (hashed === undefined) hashes[j] = hashOf(id);
        const p = partitionOf(h[j] as number) + 1;
        starts[p] = (starts[p] as number) + 1;
      }
      for (let p = 0; p < partitions; p++) starts[p + 1] = (starts[p + 1] as number) + (starts[p] as number);
      const nStrings = starts[partitions] as number;
      for (let j = 0; j < count; j++) {
        if (strings[j] === 0) {
          into[j] = other(ids[j], add);
          continue;
        }
        const p = partitionOf(h[j] as number);
        const at = starts[p] as number;
        starts[p] = at + 1;
        perm[at] = j;
      }
      for (let z = 0; z < nStrings; z++) {
        const j = perm[z] as number;
        into[j] = find(ids[j] as string, h[j] as number, add);
      }
    },
  };
}
