import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/internal/normal';

// R 4.2.2: p <- c(1e-300, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.995, 1-1e-12);
//          sprintf("%.17g", qnorm(p))
const R_QNORM: ReadonlyArray<readonly [number, number]> = [
  [1e-300, -37.047096299361201],
  [1e-10, -6.3613409024040557],
  [0.001, -3.0902323061678132],
  [0.025, -1.9599639845400538],
  [0.3, -0.52440051270804067],
  [0.5, 0],
  [0.8, 0.84162123357291441],
  [0.975, 1.9599639845400536],
  [0.995, 2.5758293035488999],
  [1 - 1e-12, 7.0344869100478356],
];

describe('normalQuantile (AS 241)', () => {
  it.each(R_QNORM)('qnorm(%d) as R gives it', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 12);
  });
});
