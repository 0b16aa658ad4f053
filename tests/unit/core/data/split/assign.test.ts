import { describe, it, expect } from 'vitest';
import * as aq from 'arquero';
import { PART, ROW_ID, UNASSIGNED } from '$src/core/data/frame';
import type { Frame } from '$src/core/data/frame';
import { allocateStrata, rowsOfPart, splitFrame } from '$src/core/data/split/assign';
import type { SplitResult } from '$src/core/data/split/assign';
import { SplitError, partSizes } from '$src/core/data/split/spec';
import type { SplitSpec } from '$src/core/data/split/spec';
import { createRandom } from '$src/core/random';
import { frameOf } from '../../../helpers/frames';

function spec(overrides: Partial<SplitSpec> = {}): SplitSpec {
  return { train: 70, validation: 15, test: 15, seed: 42, stratify: null, group: null, timeColumn: null, ...overrides };
}

function numbers(n: number, f: (i: number) => number = (i) => i): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

/** Every row has exactly one valid part, the counts match, byRowId agrees with parts. */
function expectConsistent(frame: Frame, result: SplitResult): void {
  const n = frame.table.numRows();
  expect(result.parts).toHaveLength(n);
  const counts = [0, 0, 0];
  for (const p of result.parts) {
    expect(p === PART.train || p === PART.validation || p === PART.test).toBe(true);
    counts[p]++;
  }
  expect(result.counts).toEqual({ train: counts[0], validation: counts[1], test: counts[2] });
  const ids = frame.table.array(ROW_ID) as ArrayLike<number>;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    expect(result.byRowId[ids[i]]).toBe(result.parts[i]);
    seen.add(ids[i]);
  }
  for (let id = 0; id < result.byRowId.length; id++) if (!seen.has(id)) expect(result.byRowId[id]).toBe(UNASSIGNED);
}

describe('random split', () => {
  const frame = frameOf({ x: { type: 'number', values: numbers(344, (i) => i * 0.5) } });

  it('gives each part exactly its largest-remainder size and assigns every row once', () => {
    const result = splitFrame(frame, spec());
    expect(result.counts).toEqual(partSizes(344, spec()));
    expect(result.counts).toEqual({ train: 241, validation: 52, test: 51 });
    expectConsistent(frame, result);
    for (const [train, validation, test] of [[80, 10, 10], [60, 20, 20], [33.3, 33.3, 33.4], [50, 49, 1]]) {
      const s = spec({ train, validation, test });
      expect(splitFrame(frame, s).counts).toEqual(partSizes(344, s));
    }
  });

  it('is deterministic: the same frame and spec give the same assignment', () => {
    const a = splitFrame(frame, spec());
    const b = splitFrame(frameOf({ x: { type: 'number', values: numbers(344, (i) => i * 0.5) } }), spec());
    expect(Array.from(b.parts)).toEqual(Array.from(a.parts));
    expect(Array.from(b.byRowId)).toEqual(Array.from(a.byRowId));
  });

  it('depends on the seed', () => {
    const a = splitFrame(frame, spec({ seed: 1 }));
    const b = splitFrame(frame, spec({ seed: 2 }));
    let differ = 0;
    for (let i = 0; i < a.parts.length; i++) if (a.parts[i] !== b.parts[i]) differ++;
    expect(differ).toBeGreaterThan(50);
    expect(b.counts).toEqual(a.counts);
  });

  it('is not simply the first rows in Train', () => {
    const { parts } = splitFrame(frame, spec());
    const firstTrain = Array.from(parts.subarray(0, 241)).filter((p) => p === PART.train).length;
    expect(firstTrain).toBeLessThan(225);
  });

  it('throws a SplitError with the reason of checkSplit', () => {
    expect(() => splitFrame(frame, spec({ train: 50 }))).toThrow(SplitError);
    expect(() => splitFrame(frame, spec({ train: 50 }))).toThrow('The percentages must add up to 100, but Train 50 + Validation 15 + Test 15 = 80.');
  });

  it('keeps byRowId right when row ids are not 0 … n−1 (after a filter)', () => {
    const big = frameOf(
      { x: { type: 'number', values: numbers(1000, (i) => i % 10) } },
      { rowIds: numbers(1000, (i) => i * 3 + 7) },
    );
    const filtered: Frame = { table: big.table.filter((d: Record<string, number>) => d.x < 5), columns: big.columns };
    expect(filtered.table.numRows()).toBe(500);
    const result = splitFrame(filtered, spec());
    expectConsistent(filtered, result);
    expect(result.counts).toEqual(partSizes(500, spec()));
    // Long enough for the largest id present: the last kept row is position 994 (x = 4), id 2989.
    expect(result.byRowId).toHaveLength(2990);
    expect(result.byRowId[0]).toBe(UNASSIGNED); // no row has id 0
    expect(result.byRowId[7]).toBe(result.parts[0]); // kept row 0 (x = 0) has id 7
    expect(result.byRowId[10]).toBe(result.parts[1]); // kept row 1 (x = 1) has id 10
    expect(result.byRowId[5 * 3 + 7]).toBe(UNASSIGNED); // row 5 (x = 5) was filtered out
    // An ordered table: positions follow the order, ids still match.
    const ordered: Frame = { table: big.table.orderby(aq.desc('x')), columns: big.columns };
    expectConsistent(ordered, splitFrame(ordered, spec()));
  });

  it('sends rows that share a row id (a repeated row from a join) to the same part', () => {
    const f = frameOf({ x: { type: 'number', values: numbers(200) } }, { rowIds: numbers(200, (i) => Math.floor(i / 2)) });
    const result = splitFrame(f, spec());
    for (let i = 0; i < 200; i += 2) expect(result.parts[i + 1]).toBe(result.parts[i]);
    expectConsistent(f, result);
  });

  it('lists the rows of each part', () => {
    const result = splitFrame(frame, spec());
    const train = rowsOfPart(result.parts, PART.train);
    const validation = rowsOfPart(result.parts, PART.validation);
    const test = rowsOfPart(result.parts, PART.test);
    expect([train.length, validation.length, test.length]).toEqual([241, 52, 51]);
    expect(new Set([...train, ...validation, ...test]).size).toBe(344);
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
  });

  it('splits 1,000,000 rows', () => {
    const n = 1_000_000;
    const big = frameOf({ x: { type: 'number', values: numbers(n) } });
    const result = splitFrame(big, spec());
    expect(result.counts).toEqual({ train: 700_000, validation: 150_000, test: 150_000 });
  });
});

describe('stratified split', () => {
  it('keeps class shares within one row of the exact share in each part (3 classes 60/30/10 over 10,000 rows)', () => {
    const n = 10_000;
    const classes = Array.from({ length: n }, (_, i) => (i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c'));
    createRandom(7).shuffle(classes);
    const frame = frameOf({ label: { type: 'text', values: classes } });
    const s = spec({ stratify: 'label', train: 70, validation: 17, test: 13 });
    const result = splitFrame(frame, s);
    expectConsistent(frame, result);
    expect(result.counts).toEqual(partSizes(n, s));
    const shares: Record<string, number> = { a: 0.6, b: 0.3, c: 0.1 };
    for (const [part, pct] of [[PART.train, 70], [PART.validation, 17], [PART.test, 13]] as const) {
      const tally: Record<string, number> = { a: 0, b: 0, c: 0 };
      for (let i = 0; i < n; i++) if (result.parts[i] === part) tally[classes[i]]++;
      for (const c of ['a', 'b', 'c']) expect(Math.abs(tally[c] - n * shares[c] * (pct / 100))).toBeLessThanOrEqual(1);
    }
  });

  it('matches every stratum within one row, with awkward sizes, missing values as a stratum, and exact part sizes', () => {
    const random = createRandom(99);
    for (let trial = 0; trial < 40; trial++) {
      const n = 50 + random.int(500);
      const k = 1 + random.int(8);
      const values: (string | null)[] = Array.from({ length: n }, () => {
        const c = random.int(k + 1);
        return c === k ? null : `c${c}`;
      });
      const train = 40 + random.int(40);
      const validation = random.int(100 - train - 1) + 1;
      const s = spec({ stratify: 'y', train, validation, test: 100 - train - validation, seed: trial });
      const frame = frameOf({ y: { type: 'text', values } });
      const result = splitFrame(frame, s);
      expectConsistent(frame, result);
      expect(result.counts).toEqual(partSizes(n, s));
      const strata = new Map<string | null, number[]>();
      values.forEach((v, i) => strata.set(v, [...(strata.get(v) ?? []), i]));
      for (const rows of strata.values()) {
        for (const [part, pct] of [[0, s.train], [1, s.validation], [2, s.test]]) {
          const got = rows.filter((i) => result.parts[i] === part).length;
          expect(Math.abs(got - (rows.length * pct) / 100)).toBeLessThan(1);
        }
      }
    }
  });

  it('rounds stratum × part tables so rows and columns add up', () => {
    const random = createRandom(5);
    for (let trial = 0; trial < 500; trial++) {
      const sizes = Array.from({ length: 1 + random.int(50) }, () => 1 + random.int(30));
      const total = sizes.reduce((a, b) => a + b, 0);
      const pct = [1 + random.int(90), 0, 0];
      pct[1] = 1 + random.int(99 - pct[0]);
      pct[2] = 100 - pct[0] - pct[1];
      if (pct[2] <= 0) continue;
      const t = partSizes(total, { train: pct[0], validation: pct[1], test: pct[2] });
      const targets = [t.train, t.validation, t.test];
      const cells = allocateStrata(sizes, targets, pct);
      for (let s = 0; s < sizes.length; s++) {
        expect(cells[s][0] + cells[s][1] + cells[s][2]).toBe(sizes[s]);
        for (let p = 0; p < 3; p++) expect(Math.abs(cells[s][p] - (sizes[s] * pct[p]) / 100)).toBeLessThan(1);
      }
      for (let p = 0; p < 3; p++) expect(cells.reduce((a, row) => a + row[p], 0)).toBe(targets[p]);
    }
  });

  it('stratifies by booleans and integers, deterministically, and depends on the seed', () => {
    const n = 1000;
    const frame = frameOf({
      flag: { type: 'boolean', values: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i % 3 === 0)) },
      k: { type: 'integer', values: numbers(n, (i) => (i % 11 === 0 ? NaN : i % 4)) },
    });
    for (const column of ['flag', 'k']) {
      const a = splitFrame(frame, spec({ stratify: column }));
      const b = splitFrame(frame, spec({ stratify: column }));
      const c = splitFrame(frame, spec({ stratify: column, seed: 43 }));
      expectConsistent(frame, a);
      expect(Array.from(b.parts)).toEqual(Array.from(a.parts));
      expect(Array.from(c.parts)).not.toEqual(Array.from(a.parts));
    }
  });

  it('stratifies 1,000,000 rows', () => {
    const n = 1_000_000;
    const labels = ['x', 'y', 'z', 'w'];
    const frame = frameOf({ y: { type: 'text', values: Array.from({ length: n }, (_, i) => labels[(i * 7919) % 4]) } });
    const result = splitFrame(frame, spec({ stratify: 'y' }));
    expect(result.counts).toEqual({ train: 700_000, validation: 150_000, test: 150_000 });
  });
});

describe('grouped split', () => {
  /** 300 patients with 1 to 9 rows each; some rows without a patient. */
  function patients(seed: number): { frame: Frame; ids: (string | null)[] } {
    const random = createRandom(seed);
    const ids: (string | null)[] = [];
    for (let p = 0; p < 300; p++) {
      const rows = 1 + random.int(9);
      for (let r = 0; r < rows; r++) ids.push(`p${p}`);
    }
    for (let i = 0; i < 20; i++) ids.splice(random.int(ids.length), 0, null);
    random.shuffle(ids);
    const outcome = ids.map((id, i) => (id === null ? (i % 2 === 0 ? 'yes' : 'no') : Number(id.slice(1)) % 4 === 0 ? 'yes' : 'no'));
    return { frame: frameOf({ patient: { type: 'text', values: ids }, outcome: { type: 'text', values: outcome } }), ids };
  }

  function expectGroupsWhole(ids: (string | null)[], result: SplitResult): void {
    const partOf = new Map<string, number>();
    ids.forEach((id, i) => {
      if (id === null) return;
      const seen = partOf.get(id);
      if (seen === undefined) partOf.set(id, result.parts[i]);
      else expect(result.parts[i]).toBe(seen);
    });
  }

  it('never puts one group in two parts and comes close to the target sizes', () => {
    const { frame, ids } = patients(1);
    const result = splitFrame(frame, spec({ group: 'patient' }));
    expectConsistent(frame, result);
    expectGroupsWhole(ids, result);
    const target = partSizes(ids.length, spec());
    // Within the size of the largest group (9 rows).
    expect(Math.abs(result.counts.train - target.train)).toBeLessThanOrEqual(9);
    expect(Math.abs(result.counts.validation - target.validation)).toBeLessThanOrEqual(9);
    expect(Math.abs(result.counts.test - target.test)).toBeLessThanOrEqual(9);
  });

  it('is deterministic and depends on the seed', () => {
    const { frame } = patients(2);
    const a = splitFrame(frame, spec({ group: 'patient' }));
    const b = splitFrame(frame, spec({ group: 'patient' }));
    const c = splitFrame(frame, spec({ group: 'patient', seed: 7 }));
    expect(Array.from(b.parts)).toEqual(Array.from(a.parts));
    expect(Array.from(c.parts)).not.toEqual(Array.from(a.parts));
  });

  it('gives every part at least one group, even when one group is most of the rows', () => {
    for (let seed = 0; seed < 30; seed++) {
      const ids = [...Array.from({ length: 96 }, () => 'big'), 'a', 'b', 'c', 'd'];
      const frame = frameOf({ g: { type: 'text', values: ids } });
      const result = splitFrame(frame, spec({ group: 'g', seed }));
      expectGroupsWhole(ids, result);
      expect(result.counts.train).toBeGreaterThan(0);
      expect(result.counts.validation).toBeGreaterThan(0);
      expect(result.counts.test).toBeGreaterThan(0);
    }
    const three = frameOf({ g: { type: 'text', values: ['a', 'a', 'b', 'c', 'c', 'c'] } });
    const r = splitFrame(three, spec({ group: 'g' }));
    expect(new Set(r.parts).size).toBe(3);
  });

  it('with stratify as well, keeps groups whole and the class shares roughly', () => {
    const { frame, ids } = patients(3);
    const result = splitFrame(frame, spec({ group: 'patient', stratify: 'outcome' }));
    expectConsistent(frame, result);
    expectGroupsWhole(ids, result);
    const outcome = frame.table.array('outcome') as string[];
    const overall = outcome.filter((o) => o === 'yes').length / outcome.length;
    for (const part of [PART.train, PART.validation, PART.test]) {
      const rows = outcome.filter((_, i) => result.parts[i] === part);
      const share = rows.filter((o) => o === 'yes').length / rows.length;
      expect(Math.abs(share - overall)).toBeLessThan(0.08);
    }
  });

  it('groups by numbers and dates, and treats each missing group value as a group of its own', () => {
    const n = 400;
    const frame = frameOf({
      g: { type: 'integer', values: numbers(n, (i) => (i % 5 === 0 ? NaN : Math.floor(i / 10))) },
      d: { type: 'date', values: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2021, 0, 1 + Math.floor(i / 8)))) },
    });
    const byNumber = splitFrame(frame, spec({ group: 'g' }));
    expectConsistent(frame, byNumber);
    for (let i = 0; i < n; i++) {
      if (i % 5 !== 0 && (i + 1) % 5 !== 0 && Math.floor(i / 10) === Math.floor((i + 1) / 10)) {
        expect(byNumber.parts[i + 1]).toBe(byNumber.parts[i]);
      }
    }
    const byDate = splitFrame(frame, spec({ group: 'd' }));
    for (let i = 0; i < n; i += 8) for (let j = 1; j < 8; j++) expect(byDate.parts[i + j]).toBe(byDate.parts[i]);
  });

  it('groups 1,000,000 rows', () => {
    const n = 1_000_000;
    const frame = frameOf({ g: { type: 'integer', values: numbers(n, (i) => Math.floor(i / 4)) } });
    const result = splitFrame(frame, spec({ group: 'g' }));
    expect(Math.abs(result.counts.train - 700_000)).toBeLessThanOrEqual(4);
  });
});

describe('time-ordered split', () => {
  function maxMin(times: number[], parts: Uint8Array, part: number): [number, number] {
    let max = -Infinity;
    let min = Infinity;
    times.forEach((t, i) => {
      if (parts[i] !== part || Number.isNaN(t)) return;
      max = Math.max(max, t);
      min = Math.min(min, t);
    });
    return [min, max];
  }

  it('puts the oldest rows in Train, then Validation, the newest in Test', () => {
    const random = createRandom(11);
    const n = 500;
    const times = Array.from({ length: n }, () => Date.UTC(2020, 0, 1) + random.int(400) * 86_400_000);
    const frame = frameOf({ when: { type: 'date', values: times.map((t) => new Date(t)) } });
    const result = splitFrame(frame, spec({ timeColumn: 'when' }));
    expectConsistent(frame, result);
    expect(result.counts).toEqual(partSizes(n, spec()));
    const [, trainMax] = maxMin(times, result.parts, PART.train);
    const [validationMin, validationMax] = maxMin(times, result.parts, PART.validation);
    const [testMin] = maxMin(times, result.parts, PART.test);
    expect(trainMax).toBeLessThanOrEqual(validationMin);
    expect(validationMax).toBeLessThanOrEqual(testMin);
  });

  it('sends rows without a time to Train, orders number columns, ignores the seed', () => {
    const values = numbers(100, (i) => (i % 10 === 3 ? NaN : (i * 37) % 101));
    const frame = frameOf({ t: { type: 'number', values } });
    const a = splitFrame(frame, spec({ timeColumn: 't' }));
    const b = splitFrame(frame, spec({ timeColumn: 't', seed: 9 }));
    expect(Array.from(b.parts)).toEqual(Array.from(a.parts));
    for (let i = 0; i < 100; i++) if (Number.isNaN(values[i])) expect(a.parts[i]).toBe(PART.train);
    const times = Array.from(values);
    expect(maxMin(times, a.parts, PART.train)[1]).toBeLessThanOrEqual(maxMin(times, a.parts, PART.validation)[0]);
    expect(maxMin(times, a.parts, PART.validation)[1]).toBeLessThanOrEqual(maxMin(times, a.parts, PART.test)[0]);
    expect(a.counts).toEqual({ train: 70, validation: 15, test: 15 });
  });

  it('orders negative, fractional, tied and extreme numbers correctly, ties in row order', () => {
    const random = createRandom(21);
    const pool = [-1e300, -5, -2.5, -1e-300, -0, 0, 1e-300, 0.1, 0.2, 3, 3, 1e15, 1e300, Infinity, -Infinity];
    for (let trial = 0; trial < 60; trial++) {
      const n = 100 + random.int(200);
      const values = numbers(n, () => (random.int(4) === 0 ? pool[random.int(pool.length)] : Math.round(random.normal(0, 1000)) / 8));
      const frame = frameOf({ t: { type: 'number', values } });
      const train = 30 + random.int(50);
      const validation = 5 + random.int(90 - train);
      const s = spec({ timeColumn: 't', train, validation, test: 100 - train - validation });
      const { parts } = splitFrame(frame, s);
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
      // Read in time order (ties in row order), the parts never go back: Train … Validation … Test.
      for (let k = 1; k < n; k++) expect(parts[order[k]]).toBeGreaterThanOrEqual(parts[order[k - 1]]);
    }
  });

  it('orders 1,000,000 rows', () => {
    const n = 1_000_000;
    const frame = frameOf({ t: { type: 'number', values: numbers(n, (i) => (i * 7919) % n) } });
    const result = splitFrame(frame, spec({ timeColumn: 't' }));
    expect(result.counts.test).toBe(150_000);
  });
});
