import { describe, it, expect } from 'vitest';
import { ROW_ID } from '$src/core/data/frame';
import { checkSplit, partSizes } from '$src/core/data/split/spec';
import type { SplitSpec } from '$src/core/data/split/spec';
import { frameOf } from '../../../helpers/frames';

function spec(overrides: Partial<SplitSpec> = {}): SplitSpec {
  return { train: 70, validation: 15, test: 15, seed: 42, stratify: null, group: null, timeColumn: null, ...overrides };
}

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

describe('partSizes (largest remainder)', () => {
  it('rounds down, then gives leftover rows to the largest remainders', () => {
    // 344 × 0.7 = 240.8, × 0.15 = 51.6 twice: floors 240 + 51 + 51 = 342; two rows left.
    expect(partSizes(344, { train: 70, validation: 15, test: 15 })).toEqual({ train: 241, validation: 52, test: 51 });
    expect(partSizes(100, { train: 70, validation: 15, test: 15 })).toEqual({ train: 70, validation: 15, test: 15 });
    expect(partSizes(10, { train: 33.3, validation: 33.3, test: 33.4 })).toEqual({ train: 3, validation: 3, test: 4 });
    // Equal remainders favour Train, then Validation, then Test.
    expect(partSizes(1, { train: 33.34, validation: 33.33, test: 33.33 })).toEqual({ train: 1, validation: 0, test: 0 });
    expect(partSizes(2, { train: 50, validation: 25, test: 25 })).toEqual({ train: 1, validation: 1, test: 0 });
  });

  it('always adds up to the row count, each part within one row of its exact share', () => {
    const cases: [number, number, number][] = [[70, 15, 15], [80, 10, 10], [60, 20, 20], [33.3, 33.3, 33.4], [90, 5, 5], [98, 1, 1]];
    for (const [train, validation, test] of cases) {
      for (let n = 1; n < 400; n += 7) {
        const s = partSizes(n, { train, validation, test });
        expect(s.train + s.validation + s.test).toBe(n);
        expect(Math.abs(s.train - (n * train) / 100)).toBeLessThan(1);
        expect(Math.abs(s.validation - (n * validation) / 100)).toBeLessThan(1);
        expect(Math.abs(s.test - (n * test) / 100)).toBeLessThan(1);
      }
    }
  });
});

describe('checkSplit', () => {
  const frame = frameOf({
    x: { type: 'number', values: Float64Array.from({ length: 100 }, (_, i) => i / 3) },
    n: { type: 'integer', values: range(100) },
    species: { type: 'text', values: Array.from({ length: 100 }, (_, i) => ['a', 'b', 'c'][i % 3]) },
    flag: { type: 'boolean', values: Array.from({ length: 100 }, (_, i) => i % 2 === 0) },
    when: { type: 'date', values: Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i))) },
    id: { type: 'text', values: Array.from({ length: 100 }, (_, i) => `id${i}`) },
    pair: { type: 'text', values: Array.from({ length: 100 }, (_, i) => (i < 50 ? 'p' : 'q')) },
    empty: { type: 'text', values: Array.from({ length: 100 }, () => null) },
  });

  it('accepts sensible specs', () => {
    expect(checkSplit(spec(), frame)).toBeNull();
    expect(checkSplit(spec({ stratify: 'species' }), frame)).toBeNull();
    expect(checkSplit(spec({ stratify: 'flag' }), frame)).toBeNull();
    expect(checkSplit(spec({ stratify: 'species', group: 'id' }), frame)).toBeNull();
    expect(checkSplit(spec({ group: 'id' }), frame)).toBeNull();
    expect(checkSplit(spec({ timeColumn: 'when' }), frame)).toBeNull();
    expect(checkSplit(spec({ timeColumn: 'x' }), frame)).toBeNull();
    expect(checkSplit(spec({ train: 33.3, validation: 33.3, test: 33.4 }), frame)).toBeNull();
  });

  it('refuses percentages that are not numbers ≥ 0 or do not add up to 100, saying what they add up to', () => {
    expect(checkSplit(spec({ train: -10, validation: 55, test: 55 }), frame)).toBe('Train % must be a number of 0 or more; it is -10.');
    expect(checkSplit(spec({ validation: NaN }), frame)).toMatch(/^Validation % must be a number/);
    expect(checkSplit(spec({ test: '15' as unknown as number }), frame)).toMatch(/^Test % must be a number of 0 or more; it is empty/);
    expect(checkSplit(spec({ train: 70, validation: 20, test: 20 }), frame)).toBe(
      'The percentages must add up to 100, but Train 70 + Validation 20 + Test 20 = 110.',
    );
    expect(checkSplit(spec({ train: 60, validation: 15, test: 15 }), frame)).toMatch(/= 90\.$/);
  });

  it('refuses a seed that is not a whole number', () => {
    expect(checkSplit(spec({ seed: 1.5 }), frame)).toBe('The seed must be a whole number; it is 1.5.');
  });

  it('refuses a split where a part would get no rows, naming the part and the row count', () => {
    const small = frameOf({ x: { type: 'number', values: range(5) } });
    expect(checkSplit(spec({ train: 90, validation: 5, test: 5 }), small)).toBe(
      'With 5 rows, Validation and Test would get no rows (Validation 5 %, Test 5 %). Every part needs at least one row: raise their percentages or use more data.',
    );
    expect(checkSplit(spec({ train: 80, validation: 0, test: 20 }), frame)).toMatch(/^With 100 rows, Validation would get no rows \(Validation 0 %\)\. .*raise its percentage/);
    const two = frameOf({ x: { type: 'number', values: range(2) } });
    expect(checkSplit(spec(), two)).toMatch(/^With 2 rows, /);
    expect(checkSplit(spec(), frameOf({ x: { type: 'number', values: range(0) } }))).toBe('There are no rows to split.');
    expect(checkSplit(spec({ train: 34, validation: 33, test: 33 }), frameOf({ x: { type: 'number', values: range(3) } }))).toBeNull();
  });

  it('reads an empty or absent column choice as none', () => {
    expect(checkSplit(spec({ stratify: '', group: '', timeColumn: '' }), frame)).toBeNull();
    const old = { train: 70, validation: 15, test: 15, seed: 1 } as unknown as SplitSpec;
    expect(checkSplit(old, frame)).toBeNull();
  });

  it('refuses columns that do not exist, including the hidden row id', () => {
    expect(checkSplit(spec({ stratify: 'nope' }), frame)).toBe('There is no column "nope" to stratify by. Pick one of the data\'s columns.');
    expect(checkSplit(spec({ group: 'nope' }), frame)).toMatch(/no column "nope" to group by/);
    expect(checkSplit(spec({ timeColumn: 'nope' }), frame)).toMatch(/no column "nope" to order by time/);
    expect(checkSplit(spec({ group: ROW_ID }), frame)).toMatch(/^There is no column/);
  });

  it('refuses stratify columns that are not categories', () => {
    expect(checkSplit(spec({ stratify: 'x' }), frame)).toBe(
      'Stratify by needs a column of categories, but "x" holds numbers with decimals. Pick a text, true/false or whole-number column with at most 50 different values.',
    );
    expect(checkSplit(spec({ stratify: 'when' }), frame)).toMatch(/"when" holds dates/);
    expect(checkSplit(spec({ stratify: 'n' }), frame)).toMatch(/^"n" has more than 50 different values, too many to stratify by/);
    expect(checkSplit(spec({ stratify: 'id' }), frame)).toMatch(/^"id" has more than 50 different values/);
    expect(checkSplit(spec({ stratify: 'empty' }), frame)).toBe('"empty" has no values, so there is nothing to stratify by.');
    const fifty = frameOf({ k: { type: 'integer', values: Float64Array.from({ length: 200 }, (_, i) => i % 50) } });
    expect(checkSplit(spec({ stratify: 'k' }), fifty)).toBeNull();
  });

  it('refuses a time split combined with stratify or group, and time columns of the wrong type', () => {
    expect(checkSplit(spec({ timeColumn: 'when', stratify: 'species' }), frame)).toBe(
      'A split in time order by "when" puts the oldest rows in Train and the newest in Test, so it cannot also be stratified by "species". Choose one: time order or stratification.',
    );
    expect(checkSplit(spec({ timeColumn: 'when', group: 'id' }), frame)).toMatch(/cannot also keep the rows of each "id" together/);
    expect(checkSplit(spec({ timeColumn: 'species' }), frame)).toBe('A split in time order needs a date or number column, but "species" holds text.');
    expect(checkSplit(spec({ timeColumn: 'flag' }), frame)).toMatch(/holds true\/false values/);
  });

  it('refuses a group column with fewer than three groups (each missing value is a group)', () => {
    expect(checkSplit(spec({ group: 'pair' }), frame)).toBe(
      'Grouping by "pair" gives only 2 groups, but Train, Validation and Test each need at least one whole group. Pick a column with more different values, or split without groups.',
    );
    const withMissing = frameOf({ g: { type: 'text', values: ['a', 'a', 'a', null, 'a', 'a', 'a', 'a', 'a', null] } });
    expect(checkSplit(spec({ group: 'g', train: 40, validation: 30, test: 30 }), withMissing)).toBeNull();
  });

  it('refuses a time split whose missing times would not fit in Train', () => {
    const times = Float64Array.from({ length: 20 }, (_, i) => (i < 16 ? NaN : i));
    const f = frameOf({ t: { type: 'number', values: times } });
    expect(checkSplit(spec({ timeColumn: 't' }), f)).toBe(
      '"t" is missing in 16 rows; rows without a time go to Train, but Train gets only 14 rows. Fill in or drop the missing times first (Clean), or give Train a larger share.',
    );
  });
});
