/**
 * Non-negative safe integers mapped to 32-bit integers, in an open-addressing table (linear
 * probing, doubled past half full). A `Map` boxes a number key above 2^31 into a heap number
 * at each call; the governor looks up millions of such keys (its shared hits' keys, its
 * reasons trie's edges).
 */
export interface IntegerTable {
  /** The value of `key`, or -1 when it has none. */
  get(key: number): number;
  /** Sets the value of `key` (a non-negative safe integer) to `value`. */
  set(key: number, value: number): void;
}

export function integerTable(): IntegerTable {
  let keys = new Float64Array(1_024).fill(-1); // -1 when empty
  let values = new Int32Array(1_024);
  let mask = 1_023;
  let size = 0;
  const slotOf = (key: number): number => {
    let h = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4_294_967_296), 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    while (keys[slot] !== key && keys[slot] !== -1) slot = (slot + 1) & mask;
    return slot;
  };
  return {
    get: (key) => {
      const slot = slotOf(key);
      return keys[slot] === key ? (values[slot] as number) : -1;
    },
    set: (key, value) => {
      let slot = slotOf(key);
      if (keys[slot] !== key) {
        if (2 * (size + 1) > mask) {
          // Twice the slots, the keys placed again.
          const oldKeys = keys;
          const oldValues = values;
          mask = 2 * mask + 1;
          keys = new Float64Array(mask + 1).fill(-1);
          values = new Int32Array(mask + 1);
          for (let k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] === -1) continue;
            const to = slotOf(oldKeys[k] as number);
            keys[to] = oldKeys[k] as number;
            values[to] = oldValues[k] as number;
          }
          slot = slotOf(key);
        }
        keys[slot] = key;
        size++;
      }
      values[slot] = value;
    },
  };
}
