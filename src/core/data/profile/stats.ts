/**
 * Descriptive statistics over plain numeric arrays: moments, quantiles, distinct counts and
 * "nice" histogram bins. Inputs hold only present values (no NaN); quantile and distinct
 * functions take values sorted ascending.
 */
import type { HistogramBin } from './types';

/** Bins a histogram aims for; the nice step makes it between about 10 and 30. */
export const TARGET_BINS = 20;

export interface Moments {
  mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than two values. */
  std: number | null;
}

/** Mean and sample standard deviation by two passes (stable: deviations from the mean). */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) return { mean: null, std: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { mean, std: null };
  let squares = 0;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    squares += d * d;
    residual += d;
  }
  // The residual term corrects the rounding error left in the mean (Chan, Golub & LeVeque).
  const variance = (squares - (residual * residual) / n) / (n - 1);
  return { mean, std: Math.sqrt(Math.max(0, variance)) };
}

/**
 * The p-quantile of ascending `sorted` values with linear interpolation — numpy's default
 * (`method='linear'`, Hyndman & Fan type 7): h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo];
  if (lo + 1 >= n) return below;
  const above = sorted[lo + 1];
  // Equal neighbours need no arithmetic (and keep huge values exact).
  return below === above ? below : below + (h - lo) * (above - below);
}

/** Different values in an ascending array. */
export function countDistinctSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/**
 * A "nice" step near `span / count`: 1, 2 or 5 × 10ᵏ, chosen like d3's `tickIncrement`, so
 * bin edges read as round numbers.
 */
export function niceStep(span: number, count: number = TARGET_BINS): number {
  const raw = span / count;
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * 10 ** power;
}

/** Multiplies without the 0.30000000000000004 of `3 * 0.1`: for fractional steps, divide by 1/step. */
function edge(index: number, step: number): number {
  if (step >= 1) return index * step;
  const inverse = Math.round(1 / step);
  return Math.abs(1 / inverse - step) < step * 1e-9 ? index / inverse : index * step;
}

/**
 * A histogram of present `values` (ascending or not) with nice edges covering [min, max].
 * Number columns: about `TARGET_BINS` bins, the last one closed (`x0 <= v <= x1`).
 * Integer columns: whole-number steps of at least 1, every bin half-open `[x0, x1)`, so with a
 * step of 1 each integer gets a bar of its own. A single value gets one bin around it.
 */
export function numericHistogram(values: ArrayLike<number>, min: number, max: number, integer: boolean): HistogramBin[] {
  const n = values.length;
  if (n === 0) return [];
  if (min === max) {
    return integer ? [{ x0: min, x1: min + 1, count: n }] : [{ x0: min - 0.5, x1: min + 0.5, count: n }];
  }
  let step = niceStep(max - min);
  if (integer) step = Math.max(1, Math.round(step));
  // Tolerant floor/ceil: 0.6 / 0.2 is 2.9999999999999996 in floating point.
  let start = Math.floor(min / step + 1e-9);
  if (edge(start, step) > min) start--;
  let stop: number;
  if (integer) {
    // One more bin when max sits on an edge, since integer bins are half-open.
    stop = Math.floor(max / step) + 1;
  } else {
    stop = Math.max(start + 1, Math.ceil(max / step - 1e-9));
    if (edge(stop, step) < max) stop++;
  }
  const bins = stop - start;
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) edges[k] = edge(start + k, step);
  const counts = new Float64Array(bins);
  const lo = edges[0];
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let k = Math.floor((v - lo) / step);
    if (k < 0) k = 0;
    else if (k > last) k = last;
    // The division can land one bin off for a value on an edge; the edges decide.
    if (k > 0 && v < edges[k]) k--;
    else if (k < last && v >= edges[k + 1]) k++;
    counts[k]++;
  }
  const out: HistogramBin[] = [];
  for (let k = 0; k < bins; k++) out.push({ x0: edges[k], x1: edges[k + 1], count: counts[k] });
  return out;
}

/** Index of the bin whose `[x0, x1)` holds v (clamped to the first/last bin). */
export function binarySearchEdges(bins: readonly HistogramBin[], v: number): number {
  let lo = 0;
  let hi = bins.length - 1;
  if (v < bins[0].x1) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bins[mid].x0 <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 1970-01-05 was a Monday: weeks start on Mondays. */
const MONDAY = 4 * DAY;

type TimeStep = { unit: 'ms'; size: number; offset?: number } | { unit: 'month'; size: number } | { unit: 'year'; size: number };

/** Fixed-length steps, then calendar months and years, shortest first. */
const TIME_STEPS: TimeStep[] = [
  { unit: 'ms', size: SECOND },
  { unit: 'ms', size: 5 * SECOND },
  { unit: 'ms', size: 15 * SECOND },
  { unit: 'ms', size: 30 * SECOND },
  { unit: 'ms', size: MINUTE },
  { unit: 'ms', size: 5 * MINUTE },
  { unit: 'ms', size: 15 * MINUTE },
  { unit: 'ms', size: 30 * MINUTE },
  { unit: 'ms', size: HOUR },
  { unit: 'ms', size: 3 * HOUR },
  { unit: 'ms', size: 6 * HOUR },
  { unit: 'ms', size: 12 * HOUR },
  { unit: 'ms', size: DAY },
  { unit: 'ms', size: 2 * DAY },
  { unit: 'ms', size: 7 * DAY, offset: MONDAY },
  { unit: 'month', size: 1 },
  { unit: 'month', size: 3 },
  { unit: 'month', size: 6 },
];

/** Approximate length of a step, for choosing one. */
function stepLength(step: TimeStep): number {
  if (step.unit === 'ms') return step.size;
  return step.unit === 'month' ? step.size * 30.44 * DAY : step.size * 365.25 * DAY;
}

/** The step for a time span: the shortest that needs at most 24 bins. */
export function timeStep(span: number): TimeStep {
  if (span <= 0) return { unit: 'ms', size: DAY };
  if (span / SECOND <= 24) return { unit: 'ms', size: Math.max(1, niceStep(span)) };
  for (const step of TIME_STEPS) if (span / stepLength(step) <= 24) return step;
  const years = Math.max(1, niceStep(span / (365.25 * DAY)));
  return { unit: 'year', size: years };
}

/** Bin edges (epoch ms) for a step, from the step boundary at or before min past max. */
function timeEdges(min: number, max: number, step: TimeStep): number[] {
  const edges: number[] = [];
  if (step.unit === 'ms') {
    const offset = step.offset ?? 0;
    let t = Math.floor((min - offset) / step.size) * step.size + offset;
    edges.push(t);
    do {
      t += step.size;
      edges.push(t);
    } while (t <= max);
    return edges;
  }
  const date = new Date(min);
  const perStep = step.unit === 'month' ? step.size : step.size * 12;
  // Months counted from year 0, floored to a multiple of the step (quarters start in Jan, Apr …).
  const month0 = date.getUTCFullYear() * 12 + date.getUTCMonth();
  let index = Math.floor(month0 / perStep) * perStep;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const at = (m: number): number => new Date(0).setUTCFullYear(Math.floor(m / 12), m - Math.floor(m / 12) * 12, 1);
  edges.push(at(index));
  do {
    index += perStep;
    edges.push(at(index));
  } while (edges[edges.length - 1] <= max);
  return edges;
}

/** A histogram over time of present epoch-ms values; bins are half-open `[x0, x1)`. */
export function timeHistogram(values: ArrayLike<number>, min: number, max: number): HistogramBin[] {
  const n = values.length;
  if (n === 0) return [];
  const edges = timeEdges(min, max, timeStep(max - min));
  const bins: HistogramBin[] = [];
  for (let k = 0; k + 1 < edges.length; k++) bins.push({ x0: edges[k], x1: edges[k + 1], count: 0 });
  const counts = new Float64Array(bins.length);
  for (let i = 0; i < n; i++) counts[binarySearchEdges(bins, values[i])]++;
  for (let k = 0; k < bins.length; k++) bins[k].count = counts[k];
  return bins;
}

/**
 * Buffers a radix sort works in, kept between calls: allocating 16 MB per million values for
 * every column makes the garbage collector sweep a large heap again and again.
 */
export class SortScratch {
  #buffers: Uint32Array[] = [];
  #counts = new Uint32Array(6 * 2048);

  /** Six zeroed digit histograms of 2048 counts each. */
  counts(): Uint32Array {
    return this.#counts.fill(0);
  }

  /** Four views of at least `n` elements each. */
  buffers(n: number): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
    if (this.#buffers.length === 0 || this.#buffers[0].length < n) this.#buffers = [0, 1, 2, 3].map(() => new Uint32Array(n));
    const [a, b, c, d] = this.#buffers.map((buffer) => buffer.subarray(0, n));
    return [a, b, c, d];
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
/** Below this many values the built-in sort is as fast. */
const RADIX_MIN = 4096;

/**
 * Sorts finite numbers ascending, in place, by an LSD radix sort on their bits (six passes of
 * 11 bits, passes where every value shares the digit skipped) — several times faster than
 * `Float64Array.prototype.sort` on a million values. No NaN allowed.
 */
export function sortNumbers(values: Float64Array, scratch: SortScratch = new SortScratch()): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let [hi, lo, hiTmp, loTmp] = scratch.buffers(n);
  // All six digit histograms in the pass that builds the keys, instead of one pass per digit.
  const counts = scratch.counts();
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + 1];
    let l = words[2 * i];
    // Order-preserving keys: negative numbers have every bit flipped, others only the sign bit.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
    counts[l & 0x7ff]++;
    counts[2048 + ((l >>> 11) & 0x7ff)]++;
    counts[4096 + (l >>> 22)]++;
    counts[6144 + (h & 0x7ff)]++;
    counts[8192 + ((h >>> 11) & 0x7ff)]++;
    counts[10240 + (h >>> 22)]++;
  }
  const passes: number[] = [];
  for (let pass = 0; pass < 6; pass++) {
    const shift = (pass % 3) * 11;
    const first = ((pass >= 3 ? hi[0] : lo[0]) >>> shift) & 0x7ff;
    // A digit every value shares changes nothing.
    if (counts[pass * 2048 + first] !== n) passes.push(pass);
  }
  if (passes.length === 0) return values; // all equal
  for (const pass of passes) {
    const shift = (pass % 3) * 11;
    const source = pass >= 3 ? hi : lo;
    const offsets = counts.subarray(pass * 2048, pass * 2048 + 2048);
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = offsets[d];
      offsets[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = offsets[(source[i] >>> shift) & 0x7ff]++;
      hiTmp[at] = hi[i];
      loTmp[at] = lo[i];
    }
    [hi, hiTmp] = [hiTmp, hi];
    [lo, loTmp] = [loTmp, lo];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      words[2 * i] = lo[i];
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~lo[i] >>> 0;
    }
  }
  return values;
}
