import { describe, it, expect } from 'vitest';
import { describeSplit } from '$src/core/data/split/describe';
import type { SplitSpec } from '$src/core/data/split/spec';

function spec(overrides: Partial<SplitSpec> = {}): SplitSpec {
  return { train: 70, validation: 15, test: 15, seed: 42, stratify: null, group: null, timeColumn: null, ...overrides };
}

describe('describeSplit', () => {
  const counts = { train: 240, validation: 52, test: 52 };

  it('says the shares, the rows, the seed and the strategy in one line', () => {
    expect(describeSplit(spec({ stratify: 'species' }), counts)).toBe(
      'Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), seed 42, stratified by species',
    );
    expect(describeSplit(spec(), counts)).toBe('Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), seed 42');
    expect(describeSplit(spec({ group: 'patient' }), counts)).toBe(
      'Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), seed 42, grouped by patient',
    );
    expect(describeSplit(spec({ group: 'patient', stratify: 'outcome' }), counts)).toBe(
      'Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), seed 42, grouped by patient, stratified by outcome (approximately, keeping groups whole)',
    );
  });

  it('names the time column instead of the seed for a split in time order', () => {
    expect(describeSplit(spec({ timeColumn: 'date', seed: 7 }), counts)).toBe(
      'Train 70 % (240 rows) · Validation 15 % (52) · Test 15 % (52), in time order by date (oldest in Train, newest in Test)',
    );
  });

  it('writes one row, and fractional percentages without float noise', () => {
    expect(describeSplit(spec({ train: 33.3, validation: 33.3, test: 100 - 33.3 - 33.3 }), { train: 1, validation: 1, test: 1 })).toBe(
      'Train 33.3 % (1 row) · Validation 33.3 % (1) · Test 33.4 % (1), seed 42',
    );
  });
});
