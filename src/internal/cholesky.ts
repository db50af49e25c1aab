/** Symmetric positive definite systems by Cholesky factorisation: the Newton steps and covariances of every fit. */

/**
 * Solves A·x = b for a symmetric positive definite A (row-major, dim × dim) by Cholesky;
 * null when A is not positive definite.
 */
export function solveSpd(a: Float64Array, b: Float64Array, dim: number): Float64Array | null {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * dim + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * dim + k] as number) * (l[j * dim + k] as number);
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * dim + i] = Math.sqrt(s);
      } else {
        l[i * dim + j] = s / (l[j * dim + j] as number);
      }
    }
  }
  const y = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * dim + k] as number) * (y[k] as number);
    y[i] = s / (l[i * dim + i] as number);
  }
  const x = new Float64Array(dim);
  for (let i = dim - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < dim; k++) s -= (l[k * dim + i] as number) * (x[k] as number);
    x[i] = s / (l[i * dim + i] as number);
  }
  return x;
}

/** The inverse of a symmetric positive definite matrix (row-major), or null when it is not positive definite. */
export function invertSpd(a: Float64Array, dim: number): Float64Array | null {
  const inverse = new Float64Array(dim * dim);
  for (let c = 0; c < dim; c++) {
    const e = new Float64Array(dim);
    e[c] = 1;
    const column = solveSpd(a, e, dim);
    if (column === null) return null;
    for (let r = 0; r < dim; r++) inverse[r * dim + c] = column[r] as number;
  }
  return inverse;
}
