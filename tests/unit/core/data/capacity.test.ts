import { describe, expect, it } from 'vitest';
import { capacityProblem, largestFile, loadFootprint, memoryBudget, storageProblem } from '$src/core/data/capacity';

const GB = 1024 ** 3;

describe('capacity', () => {
  it('budgets 60 % of the memory the device reports, and assumes 4 GB where it reports none', () => {
    expect(memoryBudget(8).bytes).toBeCloseTo(4.8 * GB);
    expect(memoryBudget(8).words).toMatch(/reports 8\.0 GB/);
    expect(memoryBudget(undefined).bytes).toBeCloseTo(2.4 * GB);
    expect(memoryBudget(undefined).words).toMatch(/4 GB device is assumed/);
    expect(memoryBudget(0).bytes).toBeCloseTo(2.4 * GB);
  });

  it('lets through the 10-million-row CSV of the scale benchmark on an 8 GB device, and refuses twice that', () => {
    const budget = memoryBudget(8);
    expect(capacityProblem('data.csv', 1.34e9, 'delimited', budget)).toBeNull();
    const refusal = capacityProblem('big.csv', 2.7e9, 'delimited', budget);
    expect(refusal).toMatch(/^"big\.csv" is too large to load here: a 2\.5 GB CSV file needs about 7\.2 GB of memory while it loads, and the studio keeps to 4\.8 GB per tab \(this device reports 8\.0 GB of memory\)\. Files up to about 1\.6 GB fit\./);
    expect(refusal).toMatch(/Load a sample of the rows or fewer columns/);
  });

  it('expects compressed Parquet to grow most in memory', () => {
    expect(loadFootprint(1e8, 'parquet')).toBeGreaterThan(loadFootprint(1e8, 'delimited'));
    expect(largestFile('parquet', memoryBudget(8).bytes)).toBeLessThan(largestFile('delimited', memoryBudget(8).bytes));
    expect(capacityProblem('x.parquet', 600e6, 'parquet', memoryBudget(8))).toMatch(/Parquet file/);
  });

  it('never calls a budget below the studio itself a size that fits', () => {
    expect(largestFile('delimited', 0)).toBe(0);
  });
});

describe('storage', () => {
  it('refuses a file whose table cannot fit in the storage left, naming the quota', () => {
    const space = { usage: 0.2 * GB, quota: 1 * GB };
    expect(storageProblem('a.csv', 500e6, 'delimited', space)).toBeNull();
    expect(storageProblem('a.csv', 1.6e9, 'delimited', space)).toBe(
      `"a.csv" is too large to keep in this browser's storage: its table needs at least 916 MB, and 819 MB is free (the browser allows this site 1.0 GB; a private window allows much less). Delete projects or datasets you no longer need, open the studio in a normal window, or load fewer rows.`,
    );
  });

  it('lets the save find out when the browser gives no estimate', () => {
    expect(storageProblem('a.csv', 1e12, 'delimited', null)).toBeNull();
  });
});
