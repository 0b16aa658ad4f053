/**
 * Order statistics without sorting: quickselect moves the k-th smallest value into place in
 * linear time on average, where a sort of a million values costs ten times as much. Fitting a
 * median or clip bounds needs two or three order statistics, never the whole order.
 *
 * The results equal those read from the sorted values, bit for bit: the same elements, combined
 * by the same arithmetic, zeros with the sign a sort gives them (found by the property test).
 */

/**
 * Reorders `values` (finite numbers, no NaN) within [lo, hi] so that `values[k]` is the value a
 * sort would put there, with nothing larger before it and nothing smaller after it — up to the
 * sign of a zero, which `<` cannot see (`sortedAt` gives it the sign a sort would).
 */
export function selectInPlace(values: Float64Array, k: number, lo = 0, hi = values.length - 1): void {
  // Bad pivots on adversarial input would make quickselect quadratic; past this many rounds the
  // remaining range is simply sorted, which bounds the worst case at n log n.
  let rounds = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (rounds-- === 0) {
      values.subarray(lo, hi + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[lo], values[(lo + hi) >>> 1], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    // Now values[lo..j] ≤ pivot ≤ values[i..hi], and whatever lies between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/**
 * The value a sort would put at `k`, given the value selection found there. Selection compares
 * with `<`, to which −0 and +0 are equal; a sort puts −0 first. So a zero gets the sign it has
 * in sorted order: −0 when k falls among the −0s, which follow every negative number.
 */
function sortedAt(values: Float64Array, k: number, selected: number): number {
  if (selected !== 0) return selected;
  let below = 0;
  let negativeZeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) below++;
    else if (v === 0 && 1 / v < 0) negativeZeros++;
  }
  return k >= below && k < below + negativeZeros ? -0 : 0;
}

/** The smallest of values[from..]. */
function minimumFrom(values: Float64Array, from: number): number {
  let m = values[from];
  for (let i = from + 1; i < values.length; i++) if (values[i] < m) m = values[i];
  return m;
}

/**
 * Quantile q ∈ [0, 1], interpolating linearly between neighbouring order statistics (numpy's
 * default), as `sorted[below] + (sorted[above] − sorted[below]) × fraction`. Reorders `values`.
 */
export function quantileInPlace(values: Float64Array, q: number): number {
  const n = values.length;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  selectInPlace(values, below);
  const low = sortedAt(values, below, values[below]);
  // After selecting `below`, its right neighbour in sorted order is the smallest value after it.
  const high = below + 1 < n ? sortedAt(values, below + 1, minimumFrom(values, below + 1)) : low;
  return low + (high - low) * (position - below);
}

/** The median: the middle value, or the mean of the two middle values. Reorders `values`. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  const mid = n >> 1;
  selectInPlace(values, mid);
  const middle = sortedAt(values, mid, values[mid]);
  if (n % 2 === 1) return middle;
  // The value just below the middle is the largest of those before it.
  let below = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > below) below = values[i];
  return (sortedAt(values, mid - 1, below) + middle) / 2;
}
