import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnArena } from '../../src/pressure/columnArena';
import { sortIds } from '../../src/pressure/sortIds';

/** The order by a comparator: the strings by `<` (UTF-16 code units), equal ones by index. */
function reference(ids: readonly string[]): number[] {
  return ids.map((_, i) => i).sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : a - b));
}

function sorted(ids: readonly string[]): number[] {
  const into = new Uint32Array(ids.length);
  sortIds(ids, into, columnArena(24 * ids.length + 64));
  return [...into];
}

/** Characters at the edges of the sort key: NUL (a short id's padding), 254, 255 and above (which end the key), surrogates. */
const edgy = fc.constantFrom('\u0000', '\u0001', '\u00fe', '\u00ff', '\u0100', '\u0200', '\ud83d', '\ude00', '\uffff', 'a', 'b', '0', '9');
const edgyString = fc.array(edgy, { maxLength: 10 }).map((cs) => cs.join(''));

describe('sortIds', () => {
  it('orders ids as a comparator sort does, equal ids by index, whatever their characters and shared prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 9 }), edgyString), { maxLength: 60 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 8 }), edgyString), (tails, prefix) => {
        const ids = tails.map((t) => prefix + t);
        expect(sorted(ids)).toEqual(reference(ids));
      }),
      { numRuns: 3_000 },
    );
  });

  it('orders ids that differ only past the key, or only by a character above 254 followed by others', () => {
    const ids = ['P1\u0200a', 'P1\u0100b', 'P1\u0100a', 'P1\u00ffz', 'P1', 'P1\u0000', 'P10', 'P1234567', 'P1234566', 'P12345670', 'P123456', 'P1234567'];
    expect(sorted(ids)).toEqual(reference(ids));
    expect(sorted(ids).map((i) => ids[i])).toEqual(['P1', 'P1\u0000', 'P10', 'P123456', 'P1234566', 'P1234567', 'P1234567', 'P12345670', 'P1\u00ffz', 'P1\u0100a', 'P1\u0100b', 'P1\u0200a']);
  });

  it('puts duplicates side by side, in index order, and handles no ids and one id', () => {
    expect(sorted([])).toEqual([]);
    expect(sorted(['only'])).toEqual([0]);
    expect(sorted(['b', 'a', 'b', 'a', 'b'])).toEqual([1, 3, 0, 2, 4]);
    expect(sorted(['same', 'same', 'same'])).toEqual([0, 1, 2]);
    // A run of 41 equal keys (the same six characters after the shared prefix), told apart past them.
    const run = ['a', ...Array.from({ length: 40 }, (_, i) => `bbbbbb${(i * 17) % 23}`)];
    expect(sorted(run)).toEqual(reference(run));
  });

  it('orders 200,000 shuffled ids with a long shared prefix as the comparator does', () => {
    let s = 7;
    const ids = Array.from({ length: 200_000 }, (_, i) => `campaign-2025-q3:customer-${i}`);
    for (let i = ids.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
      const j = s % (i + 1);
      [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
    }
    expect(sorted(ids)).toEqual(reference(ids));
  });
});
