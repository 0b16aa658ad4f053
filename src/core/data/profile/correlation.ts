/**
 * Pearson correlation, pairwise-complete: each pair of columns uses the rows where both have a
 * value. Sums are taken on values minus the column mean, which keeps the one-pass formula
 * accurate for large offsets (timestamps, prices in the millions).
 */

/** The most numeric columns a correlation matrix shows (40 × 40 cells still read on a screen). */
export const MAX_CORRELATION_COLUMNS = 40;

/** Rows per block: a block of every column stays in cache while all pairs are summed. */
const BLOCK_ROWS = 4096;

export interface Correlation {
  /** r in [−1, 1]; null with fewer than two complete rows or when a column does not vary there. */
  r: number | null;
  /** Rows where both values are present. */
  n: number;
}

/** Mean of the present (non-NaN) values, 0 when there are none. */
export function presentMean(x: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** r from sums of centred values over n complete rows. */
export function pearsonFromSums(n: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number | null {
  if (n < 2) return null;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  // Relative thresholds: a constant column's variance is rounding noise, not zero.
  if (!(vx > 1e-12 * sxx) || !(vy > 1e-12 * syy) || vx <= 0 || vy <= 0) return null;
  const r = (sxy - (sx * sy) / n) / Math.sqrt(vx * vy);
  return Math.max(-1, Math.min(1, r));
}

/** Pearson r of two aligned columns (NaN = missing), over rows where both are present. */
export function pearson(x: Float64Array, y: Float64Array): Correlation {
  const mx = presentMean(x);
  const my = presentMean(y);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) {
    const a = x[i] - mx;
    const b = y[i] - my;
    if (a === a && b === b) {
      n++;
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
    }
  }
  return { r: pearsonFromSums(n, sx, sy, sxx, syy, sxy), n };
}

export interface MatrixColumn {
  /** Aligned values, NaN = missing. Overwritten (centred, missing set to 0): the caller hands the array over. */
  values: Float64Array;
  /** Present values. */
  present: number;
}

interface Centred {
  /** Value minus the column mean, 0 where missing. */
  x: Float64Array;
  /** Rows where the column is missing, ascending. */
  missing: Int32Array;
  /** Σ x and Σ x² over present rows. */
  sum: number;
  squares: number;
  present: number;
}

function centre(column: MatrixColumn): Centred {
  const x = column.values;
  const mean = presentMean(x);
  const missing = new Int32Array(x.length - column.present);
  let m = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - mean;
    if (v === v) {
      x[i] = v;
      sum += v;
      squares += v * v;
    } else {
      x[i] = 0;
      missing[m++] = i;
    }
  }
  return { x, missing: missing.subarray(0, m), sum, squares, present: x.length - m };
}

/** Σ a[r]·b[r] over [start, end), with four accumulators so the additions overlap. */
function dot(a: Float64Array, b: Float64Array, start: number, end: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let r = start;
  for (; r + 3 < end; r += 4) {
    s0 += a[r] * b[r];
    s1 += a[r + 1] * b[r + 1];
    s2 += a[r + 2] * b[r + 2];
    s3 += a[r + 3] * b[r + 3];
  }
  for (; r < end; r++) s0 += a[r] * b[r];
  return s0 + s1 + s2 + s3;
}

/** Rows missing in both ascending lists (a merge). */
function commonCount(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return common;
}

/**
 * Every pair's r and row count. With missing cells set to 0 after centring, Σxy over all rows
 * is already the pairwise-complete sum; Σx, Σx² and n over the pair's complete rows follow by
 * subtracting the rows where the other column is missing. So each pair costs one dot product
 * (in row blocks that stay in cache) plus work in proportion to its missing cells.
 * `checkpoint` runs between blocks of rows (for cancellation).
 */
export async function correlationMatrix(
  columns: readonly MatrixColumn[],
  rows: number,
  checkpoint: () => Promise<void> = async () => {},
): Promise<{ values: (number | null)[][]; pairs: number[][] }> {
  const m = columns.length;
  const centred = columns.map(centre);
  const products = new Float64Array((m * (m - 1)) / 2);
  for (let start = 0, block = 0; start < rows; start += BLOCK_ROWS, block++) {
    const end = Math.min(rows, start + BLOCK_ROWS);
    let p = 0;
    for (let i = 0; i < m; i++) {
      const a = centred[i].x;
      for (let j = i + 1; j < m; j++, p++) products[p] += dot(a, centred[j].x, start, end);
    }
    if ((block & 63) === 63) await checkpoint();
  }
  const values: (number | null)[][] = [];
  const pairs: number[][] = [];
  for (let i = 0; i < m; i++) {
    const c = centred[i];
    values.push(new Array<number | null>(m).fill(null));
    pairs.push(new Array<number>(m).fill(0));
    values[i][i] = pearsonFromSums(c.present, c.sum, c.sum, c.squares, c.squares, c.squares) === null ? null : 1;
    pairs[i][i] = c.present;
  }
  let p = 0;
  for (let i = 0; i < m; i++) {
    const a = centred[i];
    for (let j = i + 1; j < m; j++, p++) {
      const b = centred[j];
      let sx = a.sum;
      let sxx = a.squares;
      for (let k = 0; k < b.missing.length; k++) {
        const v = a.x[b.missing[k]];
        sx -= v;
        sxx -= v * v;
      }
      let sy = b.sum;
      let syy = b.squares;
      for (let k = 0; k < a.missing.length; k++) {
        const v = b.x[a.missing[k]];
        sy -= v;
        syy -= v * v;
      }
      const n = rows - a.missing.length - b.missing.length + commonCount(a.missing, b.missing);
      values[i][j] = values[j][i] = pearsonFromSums(n, sx, sy, sxx, syy, products[p]);
      pairs[i][j] = pairs[j][i] = n;
    }
  }
  return { values, pairs };
}
