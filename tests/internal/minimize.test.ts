/** The damped Newton minimiser on textbook functions (Nocedal & Wright, 2nd ed., §2.1 and §3.3). */
import { describe, expect, it } from 'vitest';
import { invertSpd, minimizeNewton, solveSpd, type Evaluation } from '../../src/internal/minimize';

/** Rosenbrock: f = 100(y − x²)² + (1 − x)², minimum 0 at (1, 1); the Hessian is indefinite away from the valley. */
const rosenbrock = (v: Float64Array): Evaluation => {
  const x = v[0] as number;
  const y = v[1] as number;
  return {
    value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
    gradient: Float64Array.of(-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)),
    hessian: Float64Array.of(1200 * x * x - 400 * y + 2, -400 * x, -400 * x, 200),
  };
};

describe('minimizeNewton', () => {
  it('finds the minimum of Rosenbrock from (−1.2, 1)', () => {
    const start = [-1.2, 1];
    const m = minimizeNewton(rosenbrock, start, { maxIterations: 200, tolerance: 1e-14 });
    expect(m.converged).toBe(true);
    expect(m.x[0]).toBeCloseTo(1, 8);
    expect(m.x[1]).toBeCloseTo(1, 8);
    expect(start).toEqual([-1.2, 1]);
  });

  it('reports an unbounded function as diverged and a cap as max-iterations', () => {
    const slope = (v: Float64Array): Evaluation => ({ value: -(v[0] as number), gradient: Float64Array.of(-1), hessian: Float64Array.of(1e-3) });
    expect(minimizeNewton(slope, [0], { maxIterations: 100, tolerance: 1e-10, limit: 10 }).reason).toBe('diverged');
    expect(minimizeNewton(rosenbrock, [-1.2, 1], { maxIterations: 2, tolerance: 1e-14 }).reason).toBe('max-iterations');
  });

  it('solves and inverts symmetric positive definite systems, and refuses indefinite ones', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(Array.from(solveSpd(a, Float64Array.of(2, 1), 2) as Float64Array)).toEqual([0.5, 0]);
    const inv = invertSpd(a, 2) as Float64Array;
    [0.375, -0.25, -0.25, 0.5].forEach((v, i) => expect(inv[i]).toBeCloseTo(v, 15));
    expect(solveSpd(Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});
