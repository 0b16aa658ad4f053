/**
 * Gradient/hessian histograms: for one node of a growing tree, per design column and bin, the
 * sums of the rows' gradients and hessians and how many rows fell there. Every split of the
 * node can then be scored from its column's 256 bins, without touching the rows again.
 *
 * A node's two children add up to it, so only the smaller child is built from its rows and
 * the sibling is the parent minus that child ("histogram subtraction"), which roughly halves
 * the work per level.
 *
 * Layout: one Float64Array. Column j's bin b is slot `j * BINS_PER_COLUMN + b`; its gradient
 * and hessian sums are at 2 × slot and 2 × slot + 1, its row count at `countsOffset(width)` +
 * slot. Float64 sums keep many small gradients exact enough that a parent minus a child
 * matches the other child to rounding.
 */
import type { BinnedMatrix } from './binning';

/** Bins 0 … 254 for values and 255 for missing. */
export const BINS_PER_COLUMN = 256;

/** A zeroed histogram for `width` columns. */
export function createHistogram(width: number): Float64Array {
  return new Float64Array(width * BINS_PER_COLUMN * 3);
}

/** Where the row counts start in a histogram of `width` columns. */
export function countsOffset(width: number): number {
  return width * BINS_PER_COLUMN * 2;
}

/**
 * Fills `out` (overwriting it) from the rows `rows[start … end)`, or from rows start … end − 1
 * in order when `rows` is null. Rows are the outer loop: each row's gradient, hessian and bins
 * are read once, its columns four at a time. With `constantHessian` (squared or absolute
 * error, hessian 1 per row) the hessian sums are the counts and are not accumulated
 * separately. With `knownCounts` (a histogram of the same rows built before, whose counts are
 * reused: the root's do not change from tree to tree) the counts are copied, not counted.
 *
 * Each cell costs a read-modify-write per sum, which bounds the loop; the variants below
 * leave out the sums that are not needed rather than test for them per cell.
 */
export function buildHistogram(
  out: Float64Array,
  binned: BinnedMatrix,
  rows: Uint32Array | null,
  start: number,
  end: number,
  gradients: Float64Array,
  hessians: Float64Array,
  constantHessian: boolean,
  knownCounts: Float64Array | null = null,
): void {
  out.fill(0);
  const { width, bins } = binned;
  const counts = countsOffset(width);
  const order = rows ?? identity(end);
  if (knownCounts) {
    if (constantHessian) addGradients(out, bins, width, order, start, end, gradients);
    else addGradientsHessians(out, bins, width, order, start, end, gradients, hessians);
    out.set(knownCounts.subarray(counts, counts + counts / 2), counts);
  } else if (constantHessian) {
    addGradientsCounts(out, bins, width, order, start, end, gradients);
  } else {
    addAll(out, bins, width, order, start, end, gradients, hessians);
  }
  if (constantHessian) for (let slot = 0; slot < counts / 2; slot++) out[2 * slot + 1] = out[counts + slot];
}

let identityRows = new Uint32Array(0);

/** Rows 0 … n − 1, for a caller that passes no row order (kept between calls). */
function identity(n: number): Uint32Array {
  if (identityRows.length < n) {
    identityRows = new Uint32Array(n);
    for (let i = 0; i < n; i++) identityRows[i] = i;
  }
  return identityRows;
}

function addAll(out: Float64Array, bins: Uint8Array, width: number, rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array): void {
  const counts = countsOffset(width);
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gradients[r];
    const h = hessians[r];
    const cells = r * width;
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const s0 = j * BINS_PER_COLUMN + bins[cells + j];
      const s1 = (j + 1) * BINS_PER_COLUMN + bins[cells + j + 1];
      const s2 = (j + 2) * BINS_PER_COLUMN + bins[cells + j + 2];
      const s3 = (j + 3) * BINS_PER_COLUMN + bins[cells + j + 3];
      out[2 * s0] += g;
      out[2 * s0 + 1] += h;
      out[counts + s0] += 1;
      out[2 * s1] += g;
      out[2 * s1 + 1] += h;
      out[counts + s1] += 1;
      out[2 * s2] += g;
      out[2 * s2 + 1] += h;
      out[counts + s2] += 1;
      out[2 * s3] += g;
      out[2 * s3 + 1] += h;
      out[counts + s3] += 1;
    }
    for (; j < width; j++) {
      const slot = j * BINS_PER_COLUMN + bins[cells + j];
      out[2 * slot] += g;
      out[2 * slot + 1] += h;
      out[counts + slot] += 1;
    }
  }
}

function addGradientsHessians(out: Float64Array, bins: Uint8Array, width: number, rows: Uint32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gradients[r];
    const h = hessians[r];
    const cells = r * width;
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const s0 = 2 * (j * BINS_PER_COLUMN + bins[cells + j]);
      const s1 = 2 * ((j + 1) * BINS_PER_COLUMN + bins[cells + j + 1]);
      const s2 = 2 * ((j + 2) * BINS_PER_COLUMN + bins[cells + j + 2]);
      const s3 = 2 * ((j + 3) * BINS_PER_COLUMN + bins[cells + j + 3]);
      out[s0] += g;
      out[s0 + 1] += h;
      out[s1] += g;
      out[s1 + 1] += h;
      out[s2] += g;
      out[s2 + 1] += h;
      out[s3] += g;
      out[s3 + 1] += h;
    }
    for (; j < width; j++) {
      const s = 2 * (j * BINS_PER_COLUMN + bins[cells + j]);
      out[s] += g;
      out[s + 1] += h;
    }
  }
}

function addGradientsCounts(out: Float64Array, bins: Uint8Array, width: number, rows: Uint32Array, start: number, end: number, gradients: Float64Array): void {
  const counts = countsOffset(width);
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gradients[r];
    const cells = r * width;
    for (let j = 0; j < width; j++) {
      const slot = j * BINS_PER_COLUMN + bins[cells + j];
      out[2 * slot] += g;
      out[counts + slot] += 1;
    }
  }
}

function addGradients(out: Float64Array, bins: Uint8Array, width: number, rows: Uint32Array, start: number, end: number, gradients: Float64Array): void {
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gradients[r];
    const cells = r * width;
    for (let j = 0; j < width; j++) out[2 * (j * BINS_PER_COLUMN + bins[cells + j])] += g;
  }
}

/** `out` = `parent` − `child`: the histogram of the child's sibling. */
export function subtractHistogram(out: Float64Array, parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = parent[i] - child[i];
}
