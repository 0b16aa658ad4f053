import type { ParsedColumn, ParsedTable } from '$src/core/data/columns';

export function column(table: ParsedTable, name: string): ParsedColumn {
  const found = table.columns.find((c) => c.info.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

export function numbers(table: ParsedTable, name: string): Float64Array {
  const values = column(table, name).values;
  if (!(values instanceof Float64Array)) throw new Error(`${name} is not numeric`);
  return values;
}

export function texts(table: ParsedTable, name: string): (string | null)[] {
  const values = column(table, name).values;
  if (values instanceof Float64Array) throw new Error(`${name} is numeric`);
  return values as (string | null)[];
}

export function countValues(values: readonly (string | null)[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Actual missing cells of a column: NaN or null. */
export function countMissing(values: ParsedColumn['values']): number {
  let n = 0;
  if (values instanceof Float64Array) {
    for (const v of values) if (Number.isNaN(v)) n++;
  } else {
    for (const v of values) if (v === null) n++;
  }
  return n;
}

/** Tables equal value for value (NaN equals NaN), including column info and description. */
export function expectSameTable(a: ParsedTable, b: ParsedTable): boolean {
  if (a.rowCount !== b.rowCount || a.description !== b.description) return false;
  if (a.columns.length !== b.columns.length) return false;
  return a.columns.every((ca, c) => {
    const cb = b.columns[c];
    if (JSON.stringify(ca.info) !== JSON.stringify(cb.info)) return false;
    if (ca.values instanceof Float64Array) {
      if (!(cb.values instanceof Float64Array)) return false;
      return Buffer.from(ca.values.buffer).equals(Buffer.from(cb.values.buffer));
    }
    return JSON.stringify(ca.values) === JSON.stringify(cb.values);
  });
}

/**
 * Least-squares fit of y on the given columns plus an intercept (normal equations, Gaussian
 * elimination with partial pivoting); returns R².
 */
export function leastSquaresR2(columns: Float64Array[], y: Float64Array): number {
  const n = y.length;
  const p = columns.length + 1;
  const x = (i: number, j: number): number => (j === 0 ? 1 : columns[j - 1][i]);
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const xj = x(i, j);
      for (let k = 0; k < p; k++) a[j][k] += xj * x(i, k);
      a[j][p] += xj * y[i];
    }
  }
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let k = col; k <= p; k++) a[r][k] -= f * a[col][k];
    }
  }
  const beta = a.map((row, j) => row[p] / row[j]);
  let mean = 0;
  for (const v of y) mean += v / n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < p; j++) fit += beta[j] * x(i, j);
    ssRes += (y[i] - fit) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}

/**
 * Nearest-centroid accuracy: class means from the first half of the rows, accuracy on the
 * second half.
 */
export function nearestCentroidAccuracy(columns: Float64Array[], labels: readonly (string | null)[]): number {
  const n = labels.length;
  const half = Math.floor(n / 2);
  const sums = new Map<string, { count: number; sum: number[] }>();
  for (let i = 0; i < half; i++) {
    const label = labels[i] as string;
    let entry = sums.get(label);
    if (!entry) sums.set(label, (entry = { count: 0, sum: columns.map(() => 0) }));
    entry.count++;
    columns.forEach((c, j) => (entry.sum[j] += c[i]));
  }
  const centroids = [...sums].map(([label, { count, sum }]) => ({ label, mean: sum.map((s) => s / count) }));
  let correct = 0;
  for (let i = half; i < n; i++) {
    let best = '';
    let bestDistance = Infinity;
    for (const { label, mean } of centroids) {
      let d = 0;
      columns.forEach((c, j) => (d += (c[i] - mean[j]) ** 2));
      if (d < bestDistance) {
        bestDistance = d;
        best = label;
      }
    }
    if (best === labels[i]) correct++;
  }
  return correct / (n - half);
}
