import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashOf, idTable } from '../../src/internal/idTable';

/**
 * The reference is a Map numbering ids as they are added. Numbers given in one batch follow the
 * batch's partition order, not the input order, so the properties compare what numbers must
 * preserve: the same id always gets the same number, different ids different numbers, numbers
 * are 0 … size − 1, and an id the table never saw is -1.
 */
describe('idTable', () => {
  // Ids that share prefixes, lengths and hashes' low bits, non-ASCII ones, and non-strings.
  const id = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map((k) => `C${k}`),
    fc.integer({ min: 0, max: 50 }).map((k) => `customer-0000000000${k}`),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('é', 'e\u0301', '𝔸', '', 'C1 ', 'c1'),
    fc.constantFrom<unknown>(1, '1', null, undefined, 0, -0, Number.NaN),
  );
  const batches = fc.array(fc.record({ ids: fc.array(id, { maxLength: 80 }), add: fc.boolean(), hashed: fc.boolean() }), { minLength: 1, maxLength: 12 });

  it('numbers every id once, consistently across batches and single lookups, as a Map would tell them apart', () => {
    fc.assert(
      fc.property(batches, fc.constantFrom(1, 40, 100_000, 300_000), (steps, expected) => {
        const table = idTable(expected);
        const reference = new Map<unknown, number>();
        for (const { ids, add, hashed } of steps) {
          const into = new Int32Array(ids.length + 3).fill(-7);
          // Hashes given by the caller (anything where the id is not a string) must give the same numbers.
          const hashes = hashed ? Int32Array.from(ids, (x) => (typeof x === 'string' ? hashOf(x) : 12_345)) : undefined;
          table.numberBatch(ids, ids.length, into, add, hashes);
          const before = reference.size;
          ids.forEach((x, j) => {
            const number = into[j] as number;
            const known = reference.get(x);
            if (known !== undefined) expect(number).toBe(known);
            else if (!add) expect(number).toBe(-1);
            else {
              expect(number).toBeGreaterThanOrEqual(before);
              reference.set(x, number);
            }
          });
          // Nothing written past the batch.
          expect([...into.subarray(ids.length)]).toStrictEqual([-7, -7, -7]);
          expect(table.size).toBe(reference.size);
          expect(new Set(reference.values()).size).toBe(reference.size);
          expect(Math.max(-1, ...reference.values())).toBe(reference.size - 1);
        }
        for (const [x, number] of reference) expect(table.get(x)).toBe(number);
        expect(table.get('never-added-\u0000')).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps its numbers while it grows far past the size it was made for, over many partitions', () => {
    const table = idTable(20_000); // 4 partitions, then growing to 200,000 ids
    const ids = Array.from({ length: 200_000 }, (_, k) => `id-${(k * 7_919) % 200_000}`);
    const into = new Int32Array(ids.length);
    table.numberBatch(ids, ids.length, into, true);
    expect(table.size).toBe(200_000);
    expect(new Set(into).size).toBe(200_000);
    // Fresh strings (not the same objects) find the same numbers.
    const again = ids.map((s) => `${s.slice(0, 3)}${s.slice(3)}`);
    const found = new Int32Array(again.length);
    table.numberBatch(again, again.length, found, false);
    expect(found).toStrictEqual(into);
    expect(table.get('id-200000')).toBe(-1);
  });

  it('tells apart two ids of the same hash (found by search: the table must compare the strings)', () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let k = 0; pair === undefined; k++) {
      const s = `x${k}`;
      const h = hashOf(s);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, s];
      seen.set(h, s);
    }
    const [a, b] = pair;
    expect(hashOf(a)).toBe(hashOf(b));
    const table = idTable(1);
    const into = new Int32Array(3);
    table.numberBatch([a, b, a], 3, into, true);
    expect([...into]).toStrictEqual([into[0], 1 - (into[0] as number), into[0]]);
    expect(table.get(b)).toBe(into[1]);
  });
});
