import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrationOrder } from '../../src/pressure/arbitrationOrder';
import { columnArena } from '../../src/pressure/columnArena';

/** The order by a comparator: priority (highest first, -0 as 0), then earliest day, then the id's rank. */
function reference(byId: Uint32Array, priority: Float64Array, earliest: Int32Array): number[] {
  const rankOfId = new Map<number, number>();
  byId.forEach((i, r) => rankOfId.set(i, r));
  return [...byId].sort((a, b) => (priority[b] as number) - (priority[a] as number) || (earliest[a] as number) - (earliest[b] as number) || (rankOfId.get(a) as number) - (rankOfId.get(b) as number));
}

function order(byId: Uint32Array, priority: Float64Array, earliest: Int32Array): number[] {
  return [...arbitrationOrder(byId, priority, earliest, columnArena(32 * byId.length + 64))];
}

/** A random permutation of 0 … n − 1 from `seed` (the id order). */
function permutation(n: number, seed: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

describe('arbitrationOrder', () => {
  it('sorts by priority (highest first, -0 as 0), then earliest day, then id rank, as a comparator does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ priority: fc.oneof(fc.constantFrom(0, -0, 1, 2.5, -3, 1e300, -1e-300), fc.double({ noNaN: true, noDefaultInfinity: true })), day: fc.integer({ min: 20_000, max: 20_060 }) }), { maxLength: 200 }),
        fc.integer(),
        (rows, seed) => {
          const priority = Float64Array.from(rows, (r) => r.priority);
          const earliest = Int32Array.from(rows, (r) => r.day);
          const byId = permutation(rows.length, seed);
          expect(order(byId, priority, earliest)).toStrictEqual(reference(byId, priority, earliest));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same order with more distinct priorities than its table holds (40,001: sorted instead)', () => {
    const n = 50_000;
    let s = 7;
    const next = (): number => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const priority = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : i % 10 === 1 ? -0 : next() * 1e6 - 5e5));
    const earliest = Int32Array.from({ length: n }, () => 20_000 + Math.floor(next() * 30));
    const byId = permutation(n, 11);
    expect(new Set(priority).size).toBeGreaterThan(1 << 15);
    expect(order(byId, priority, earliest)).toStrictEqual(reference(byId, priority, earliest));
  });
});
