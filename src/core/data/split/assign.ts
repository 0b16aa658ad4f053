/**
 * Assigning every row of a frame to Train, Validation or Test (DOM-free; runs in the data worker).
 *
 * Sizes: the part sizes are `partSizes(rows, spec)` (largest-remainder rounding, see spec.ts) for
 * the random, stratified and time-ordered strategies; grouped splits reach them as closely as
 * whole groups allow.
 *
 * Strategies:
 * - random: the row positions are shuffled with the seeded stream `createRandom(seed).fork('split')`;
 *   the first `train` shuffled positions go to Train, the next `validation` to Validation, the
 *   rest to Test.
 * - stratified: rows are grouped by the stratify value (missing values are a stratum of their
 *   own). Each stratum's rows are split into parts whose sizes are its exact shares rounded down
 *   or up (a controlled rounding: the per-stratum sizes add up to the stratum and, over all strata,
 *   to the overall part sizes), so each part's class counts are within one row of the exact
 *   shares. Within a stratum, rows are chosen by shuffling as in the random strategy.
 * - grouped: the distinct groups (a missing group value makes each such row a group of its own)
 *   are shuffled, then each group in turn goes whole to the part furthest below its target row
 *   count, except that the last groups go to parts that have none yet, so every part gets at
 *   least one group. With stratify as well, each group counts for its most common stratify value
 *   (ties: the value seen first) and the targets are per stratum: shares are then approximate.
 * - time-ordered: rows without a time first (they go to Train: they cannot be placed in time, and
 *   Validation and Test should be the "future" the model is judged on), then the others sorted by
 *   time ascending, ties in row order; cut into Train, Validation, Test in that order. So the
 *   newest Train time ≤ the oldest Validation time ≤ … ≤ the oldest Test time; rows with equal
 *   times can fall on both sides of a cut. The seed plays no part.
 *
 * Determinism: the same rows in the same order with the same spec always give the same
 * assignment. The assignment follows row positions, so the same rows in another order (a sorted
 * recipe step) may be assigned differently; the recipe replays in the same order, so a stored
 * split is reproducible. A different seed gives a different assignment (except in time order).
 *
 * Row ids: `byRowId[id]` is the part of the row whose `ROW_ID` is `id`, `UNASSIGNED` for ids not in
 * the frame (filtered out, or rows appended later). Rows sharing a row id (a join can repeat a row)
 * all follow the first of them, so one raw row is never in two parts; the counts are of rows after
 * that.
 */
import type { Frame } from '../frame';
import { PART, ROW_ID, UNASSIGNED } from '../frame';
import { createRandom } from '../../random';
import type { Random } from '../../random';
import { SplitError, checkSplit, keyOf, normalizeSpec, partSizes } from './spec';
import type { SplitCounts, SplitSpec } from './spec';

export type { SplitCounts, SplitSpec } from './spec';

export interface SplitResult {
  /** PART value of each row position of the frame's table. */
  parts: Uint8Array;
  counts: SplitCounts;
  /** PART value by row id (`ROW_ID`), UNASSIGNED where the frame has no row with that id. */
  byRowId: Uint8Array;
}

/**
 * Splits the rows of `frame` as `spec` says.
 * @throws SplitError (with the plain-words reason of `checkSplit`) when the spec cannot apply
 */
export function splitFrame(frame: Frame, given: SplitSpec): SplitResult {
  const spec = normalizeSpec(given);
  const reason = checkSplit(spec, frame);
  if (reason !== null) throw new SplitError(reason);
  const n = frame.table.numRows();
  const sizes = partSizes(n, spec);
  const targets = [sizes.train, sizes.validation, sizes.test];
  const random = createRandom(spec.seed).fork('split');

  let parts: Uint8Array;
  if (spec.timeColumn !== null) parts = timeOrdered(frame, spec.timeColumn, targets);
  else if (spec.group !== null) parts = grouped(frame, spec.group, spec.stratify, spec, random);
  else if (spec.stratify !== null) parts = stratified(frame, spec.stratify, targets, spec, random);
  else parts = randomParts(n, targets, random);

  const byRowId = indexByRowId(frame, parts);
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[parts[i]]++;
  return { parts, counts: { train: counts[0], validation: counts[1], test: counts[2] }, byRowId };
}

/** The row positions of one part, ascending: what a download of that part writes. */
export function rowsOfPart(parts: Uint8Array, part: number): Int32Array {
  let count = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === part) count++;
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] === part) rows[k++] = i;
  return rows;
}

/** Gives `order[0 … targets[0])` Train, the next `targets[1]` Validation, the rest Test. */
function cut(order: ArrayLike<number>, targets: readonly number[], parts: Uint8Array): void {
  const trainEnd = targets[0];
  const validationEnd = trainEnd + targets[1];
  for (let i = 0; i < order.length; i++) {
    parts[order[i]] = i < trainEnd ? PART.train : i < validationEnd ? PART.validation : PART.test;
  }
}

function randomParts(n: number, targets: readonly number[], random: Random): Uint8Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  random.shuffle(order);
  const parts = new Uint8Array(n);
  cut(order, targets, parts);
  return parts;
}

/** Codes 0 … k−1 for the distinct values of a column, in order of first appearance. */
interface Coded {
  codes: Int32Array;
  /** Number of distinct codes. */
  count: number;
}

/** Missing values share one code (`missingOwnCode`: false) or get one code per row (true). */
function encode(frame: Frame, column: string, missingOwnCode: boolean): Coded {
  const n = frame.table.numRows();
  const get = frame.table.getter(column);
  const codes = new Int32Array(n);
  const index = new Map<unknown, number>();
  let count = 0;
  let missingCode = -1;
  for (let row = 0; row < n; row++) {
    const key = keyOf(get(row));
    if (key === undefined) {
      if (missingOwnCode) codes[row] = count++;
      else {
        if (missingCode < 0) missingCode = count++;
        codes[row] = missingCode;
      }
      continue;
    }
    let code = index.get(key);
    if (code === undefined) {
      code = count++;
      index.set(key, code);
    }
    codes[row] = code;
  }
  return { codes, count };
}

function stratified(frame: Frame, column: string, targets: readonly number[], spec: SplitSpec, random: Random): Uint8Array {
  const n = frame.table.numRows();
  const { codes, count } = encode(frame, column, false);
  // Counting sort of positions by stratum, keeping row order within a stratum.
  const starts = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) starts[codes[i] + 1]++;
  for (let s = 0; s < count; s++) starts[s + 1] += starts[s];
  const next = starts.slice(0, count);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[codes[i]]++] = i;

  const stratumSizes = Array.from({ length: count }, (_, s) => starts[s + 1] - starts[s]);
  const allocation = allocateStrata(stratumSizes, targets, [spec.train, spec.validation, spec.test]);
  const parts = new Uint8Array(n);
  for (let s = 0; s < count; s++) {
    const rows = order.subarray(starts[s], starts[s + 1]);
    random.shuffle(rows);
    cut(rows, allocation[s], parts);
  }
  return parts;
}

/**
 * Controlled rounding of a strata × parts table: cell (s, p) is the exact share
 * `stratumSizes[s] × percentages[p] / 100` rounded down or up, each row adds up to its stratum size
 * and each column to `targets[p]`. Such a rounding always exists for two-way tables; it is found
 * as an integral flow: floors first, then one extra row per cell, greedily by largest remainder,
 * then by augmenting paths for what the greedy pass could not place.
 */
export function allocateStrata(stratumSizes: readonly number[], targets: readonly number[], percentages: readonly number[]): number[][] {
  const S = stratumSizes.length;
  const sum = percentages[0] + percentages[1] + percentages[2];
  const cells: number[][] = [];
  const fractions: number[][] = [];
  const rowNeed: number[] = [];
  const colNeed = [targets[0], targets[1], targets[2]];
  for (let s = 0; s < S; s++) {
    const row: number[] = [];
    const frac: number[] = [];
    let placed = 0;
    for (let p = 0; p < 3; p++) {
      const quota = (stratumSizes[s] * percentages[p]) / sum;
      const floor = Math.floor(quota);
      row.push(floor);
      frac.push(quota - floor);
      placed += floor;
      colNeed[p] -= floor;
    }
    cells.push(row);
    fractions.push(frac);
    rowNeed.push(stratumSizes[s] - placed);
  }
  // extra[s][p] = 1 where the cell is rounded up.
  const extra = cells.map(() => [0, 0, 0]);
  const rowHas = new Array<number>(S).fill(0);
  const colHas = [0, 0, 0];
  const byFraction = fractions.map((f) => [0, 1, 2].sort((a, b) => f[b] - f[a] || a - b));

  // Greedy: largest remainders first, over all cells.
  const candidates: [number, number][] = [];
  for (let s = 0; s < S; s++) for (let p = 0; p < 3; p++) if (fractions[s][p] > 0) candidates.push([s, p]);
  candidates.sort((a, b) => fractions[b[0]][b[1]] - fractions[a[0]][a[1]] || a[0] - b[0] || a[1] - b[1]);
  for (const [s, p] of candidates) {
    if (rowHas[s] < rowNeed[s] && colHas[p] < colNeed[p]) {
      extra[s][p] = 1;
      rowHas[s]++;
      colHas[p]++;
    }
  }

  // Augmenting paths (bipartite b-matching): first only through cells with a remainder, then,
  // should rounding noise leave a row unplaced, through any cell.
  for (const anyCell of [false, true]) {
    const allowed = (s: number, p: number): boolean => anyCell || fractions[s][p] > 0;
    for (;;) {
      if (!augment(S, rowNeed, colNeed, rowHas, colHas, extra, byFraction, allowed)) break;
    }
  }
  for (let s = 0; s < S; s++) {
    if (rowHas[s] !== rowNeed[s]) throw new Error('Internal error: the stratified split could not round the part sizes.');
    for (let p = 0; p < 3; p++) cells[s][p] += extra[s][p];
  }
  return cells;
}

/** One augmenting path from a stratum short of rows to a part short of rows; false when none. */
function augment(
  S: number,
  rowNeed: readonly number[],
  colNeed: readonly number[],
  rowHas: number[],
  colHas: number[],
  extra: number[][],
  byFraction: readonly number[][],
  allowed: (s: number, p: number) => boolean,
): boolean {
  // Nodes: strata 0 … S−1, parts S … S+2. prev[node] = the node it was reached from, −1 = source.
  const prev = new Int32Array(S + 3).fill(-2);
  const queue: number[] = [];
  for (let s = 0; s < S; s++) {
    if (rowHas[s] < rowNeed[s]) {
      prev[s] = -1;
      queue.push(s);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node < S) {
      for (const p of byFraction[node]) {
        if (extra[node][p] !== 0 || !allowed(node, p) || prev[S + p] !== -2) continue;
        prev[S + p] = node;
        if (colHas[p] < colNeed[p]) {
          // Flip the path: every stratum → part step gains a row, every part → stratum step loses one.
          colHas[p]++;
          let part = p;
          let s = node;
          for (;;) {
            extra[s][part] = 1;
            const back = prev[s];
            if (back === -1) break;
            part = back - S;
            extra[s][part] = 0;
            s = prev[S + part];
          }
          rowHas[s]++;
          return true;
        }
        queue.push(S + p);
      }
    } else {
      const p = node - S;
      for (let s = 0; s < S; s++) {
        if (extra[s][p] === 1 && prev[s] === -2) {
          prev[s] = node;
          queue.push(s);
        }
      }
    }
  }
  return false;
}

function grouped(frame: Frame, column: string, stratify: string | null, spec: SplitSpec, random: Random): Uint8Array {
  const n = frame.table.numRows();
  const { codes, count: groupCount } = encode(frame, column, true);
  const groupSizes = new Int32Array(groupCount);
  for (let i = 0; i < n; i++) groupSizes[codes[i]]++;

  // Each group's stratum: its most common stratify value (first seen on ties); 0 without stratify.
  const groupStratum = new Int32Array(groupCount);
  let strata = 1;
  if (stratify !== null) {
    const coded = encode(frame, stratify, false);
    strata = coded.count;
    const tally = new Map<number, number>();
    const best = new Int32Array(groupCount);
    const bestCount = new Int32Array(groupCount);
    for (let i = 0; i < n; i++) {
      const g = codes[i];
      const s = coded.codes[i];
      const key = g * strata + s;
      const c = (tally.get(key) ?? 0) + 1;
      tally.set(key, c);
      if (c > bestCount[g]) {
        bestCount[g] = c;
        best[g] = s;
      }
    }
    groupStratum.set(best);
  }

  const percentages = { train: spec.train, validation: spec.validation, test: spec.test };
  const stratumRows = new Array<number>(strata).fill(0);
  for (let g = 0; g < groupCount; g++) stratumRows[groupStratum[g]] += groupSizes[g];
  const stratumTargets = stratumRows.map((rows) => {
    const sizes = partSizes(rows, percentages);
    return [sizes.train, sizes.validation, sizes.test];
  });
  const overall = partSizes(n, percentages);
  const overallTargets = [overall.train, overall.validation, overall.test];
  const stratumHas = stratumRows.map(() => [0, 0, 0]);
  const partRows = [0, 0, 0];
  const partGroups = [0, 0, 0];

  const order = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) order[g] = g;
  random.shuffle(order);
  const groupPart = new Uint8Array(groupCount);
  for (let k = 0; k < groupCount; k++) {
    const g = order[k];
    const s = groupStratum[g];
    const remaining = groupCount - k;
    const emptyParts = partGroups.filter((c) => c === 0).length;
    let choice = -1;
    for (let p = 0; p < 3; p++) {
      // With as many groups left as parts without one, the next group must go to such a part.
      if (emptyParts >= remaining && partGroups[p] !== 0) continue;
      if (choice < 0) {
        choice = p;
        continue;
      }
      const deficit = stratumTargets[s][p] - stratumHas[s][p];
      const best = stratumTargets[s][choice] - stratumHas[s][choice];
      if (deficit > best || (deficit === best && overallTargets[p] - partRows[p] > overallTargets[choice] - partRows[choice])) {
        choice = p;
      }
    }
    groupPart[g] = choice;
    stratumHas[s][choice] += groupSizes[g];
    partRows[choice] += groupSizes[g];
    partGroups[choice]++;
  }
  const parts = new Uint8Array(n);
  for (let i = 0; i < n; i++) parts[i] = groupPart[codes[i]];
  return parts;
}

function timeOrdered(frame: Frame, column: string, targets: readonly number[]): Uint8Array {
  const n = frame.table.numRows();
  const get = frame.table.getter(column);
  const times = new Float64Array(n);
  let missing = 0;
  for (let row = 0; row < n; row++) {
    const key = keyOf(get(row));
    const t = typeof key === 'number' ? key : typeof key === 'bigint' ? Number(key) : NaN;
    times[row] = t;
    if (Number.isNaN(t)) missing++;
  }
  const order = new Int32Array(n);
  let m = 0;
  let k = missing;
  for (let row = 0; row < n; row++) {
    if (Number.isNaN(times[row])) order[m++] = row;
    else order[k++] = row;
  }
  sortByTime(order.subarray(missing), times);
  const parts = new Uint8Array(n);
  cut(order, targets, parts);
  return parts;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts row positions (given in ascending order) by their time, ties keeping row order: an LSD
 * radix sort (stable) on the bits of each time, mapped so that unsigned order is numeric order.
 * Several times faster than a comparator sort on a million rows; passes whose 16-bit digit is the
 * same for every row (common: whole-second or whole-day times) are skipped.
 */
function sortByTime(rows: Int32Array, times: Float64Array): void {
  const m = rows.length;
  if (m < 2) return;
  const value = new Float64Array(1);
  const words = new Uint32Array(value.buffer);
  const HI = LITTLE_ENDIAN ? 1 : 0;
  const LO = 1 - HI;
  let hi = new Uint32Array(m);
  let lo = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    const t = times[rows[i]];
    value[0] = t === 0 ? 0 : t; // −0 sorts with 0
    let h = words[HI];
    let l = words[LO];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let index = rows.slice();
  let nextIndex = new Int32Array(m);
  let nextHi = new Uint32Array(m);
  let nextLo = new Uint32Array(m);
  const counts = new Int32Array(65_536);
  for (let pass = 0; pass < 4; pass++) {
    const source = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[(source[i] >>> shift) & 0xffff]++;
    if (counts[(source[0] >>> shift) & 0xffff] === m) continue; // one digit for all: nothing to do
    let total = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < m; i++) {
      const at = counts[(source[i] >>> shift) & 0xffff]++;
      nextIndex[at] = index[i];
      nextHi[at] = hi[i];
      nextLo[at] = lo[i];
    }
    [index, nextIndex] = [nextIndex, index];
    [hi, nextHi] = [nextHi, hi];
    [lo, nextLo] = [nextLo, lo];
  }
  rows.set(index);
}

/** Builds `byRowId` and makes rows that share a row id follow the first of them. */
function indexByRowId(frame: Frame, parts: Uint8Array): Uint8Array {
  const table = frame.table;
  if (!table.columnNames().includes(ROW_ID)) throw new Error('Internal error: the frame has no row-id column.');
  const n = table.numRows();
  const get = table.getter(ROW_ID);
  const ids = new Float64Array(n);
  let max = -1;
  for (let row = 0; row < n; row++) {
    const id = Number(get(row));
    if (!Number.isInteger(id) || id < 0) throw new Error(`Internal error: row ${row} has no valid row id (${String(get(row))}).`);
    ids[row] = id;
    if (id > max) max = id;
  }
  const byRowId = new Uint8Array(max + 1).fill(UNASSIGNED);
  for (let row = 0; row < n; row++) {
    const id = ids[row];
    if (byRowId[id] === UNASSIGNED) byRowId[id] = parts[row];
    else parts[row] = byRowId[id];
  }
  return byRowId;
}
