import { describe, it, expect } from 'vitest';
import { profileFrame } from '$src/core/data/profile/index';
import type { ProfileWarning, ProfileWarningKind } from '$src/core/data/profile/index';
import { frameOf, seeded, type Cell } from './helpers';
import type { ColumnType } from '$src/core/data/columns';

type Columns = Record<string, { type: ColumnType; values: Cell[] }>;

async function warningsOf(columns: Columns, target?: string): Promise<ProfileWarning[]> {
  return (await profileFrame(frameOf(columns), { target })).warnings;
}

const of = (warnings: ProfileWarning[], kind: ProfileWarningKind): ProfileWarning[] => warnings.filter((w) => w.kind === kind);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('constant columns', () => {
  it('fires for one value (missing cells aside) and for no values', async () => {
    const warnings = await warningsOf({
      same: { type: 'text', values: ['x', 'x', null, 'x'] },
      none: { type: 'number', values: [null, null, null, null] },
      fine: { type: 'number', values: [1, 2, 1, 2] },
    });
    const constant = of(warnings, 'constant');
    expect(constant.map((w) => w.columns)).toEqual([['same'], ['none']]);
    expect(constant[0].message).toBe('“same” has the same value (“x”) in every row that has one: it cannot help a model tell rows apart. Drop it.');
    expect(constant[1].message).toMatch(/no values at all/);
  });

  it('does not fire for two values', async () => {
    expect(of(await warningsOf({ b: { type: 'boolean', values: [true, false, true] } }), 'constant')).toEqual([]);
  });
});

describe('ID-like columns', () => {
  it('fires for all-different text and integers with more than 20 rows', async () => {
    const n = 21;
    const warnings = await warningsOf({
      id: { type: 'integer', values: range(n) },
      name: { type: 'text', values: range(n).map((i) => `person ${i}`) },
      measure: { type: 'number', values: range(n).map((i) => i + 0.5) },
      when: { type: 'date', values: range(n).map((i) => new Date(i * 1000)) },
    });
    expect(of(warnings, 'id-like').map((w) => w.columns[0])).toEqual(['id', 'name']);
    expect(of(warnings, 'id-like')[0].message).toMatch(/like an ID or a name/);
  });

  it('does not fire with 20 rows or with one repeated value', async () => {
    expect(of(await warningsOf({ id: { type: 'integer', values: range(20) } }), 'id-like')).toEqual([]);
    expect(of(await warningsOf({ id: { type: 'integer', values: [...range(29), 0] } }), 'id-like')).toEqual([]);
  });
});

describe('mostly missing columns', () => {
  it('fires above half missing, not at half', async () => {
    const warnings = await warningsOf({
      sparse: { type: 'number', values: [1, null, null, null, 2, null] },
      half: { type: 'text', values: ['a', null, 'b', null, 'c', null] },
    });
    const missing = of(warnings, 'mostly-missing');
    expect(missing.map((w) => w.columns[0])).toEqual(['sparse']);
    expect(missing[0].message).toBe('“sparse” is missing in 67% of rows (4 of 6). Filling in that much guesses more than it knows: consider dropping the column.');
  });
});

describe('highly correlated pairs', () => {
  it('fires for |r| ≥ 0.95 between features, both signs, not for weaker pairs or pairs with the target', async () => {
    const random = seeded(5);
    const x = range(50).map(() => random());
    const warnings = await warningsOf(
      {
        a: { type: 'number', values: x },
        b: { type: 'number', values: x.map((v) => 3 - 2 * v + random() * 0.01) },
        c: { type: 'number', values: x.map((v) => v + random()) },
        y: { type: 'number', values: x.map((v) => v + random() * 0.001) },
      },
      'y',
    );
    const pairs = of(warnings, 'high-correlation');
    expect(pairs.map((w) => w.columns)).toEqual([['a', 'b']]);
    expect(pairs[0].message).toMatch(/^“a” and “b” are highly correlated \(r = -1\.00\)/);
  });
});

describe('leakage', () => {
  const n = 40;
  it('fires for a copy of the target and for a near-perfect predictor', async () => {
    const random = seeded(9);
    const y = range(n).map(() => random());
    const warnings = await warningsOf(
      {
        copy: { type: 'number', values: y },
        scaled: { type: 'number', values: y.map((v) => v * 100 + random() * 0.01) },
        honest: { type: 'number', values: y.map((v) => v + random()) },
        y: { type: 'number', values: y },
      },
      'y',
    );
    const leaks = of(warnings, 'leakage');
    expect(leaks.map((w) => w.columns)).toEqual([
      ['copy', 'y'],
      ['scaled', 'y'],
    ]);
    expect(leaks[0].message).toMatch(/exactly the same values as the target/);
    expect(leaks[1].message).toMatch(/almost perfectly \(r = 1\.00\)/);
  });

  it('fires for a category that gives the class away (Cramér’s V)', async () => {
    const warnings = await warningsOf(
      {
        outcome: { type: 'text', values: range(n).map((i) => (i % 3 === 0 ? 'refunded' : 'kept')) },
        churn: { type: 'boolean', values: range(n).map((i) => i % 3 === 0) },
      },
      'churn',
    );
    expect(of(warnings, 'leakage').map((w) => w.columns)).toEqual([['outcome', 'churn']]);
  });

  it('does not fire for an ID column, a name, few rows, or a merely strong feature', async () => {
    const random = seeded(2);
    const y = range(n).map(() => random());
    const warnings = await warningsOf(
      {
        id: { type: 'integer', values: range(n) },
        name: { type: 'text', values: range(n).map((i) => `n${i}`) },
        strong: { type: 'number', values: y.map((v) => v + random() * 0.3) },
        y: { type: 'number', values: y },
      },
      'y',
    );
    expect(of(warnings, 'leakage')).toEqual([]);
    const few = await warningsOf({ f: { type: 'number', values: [1, 2, 3, 4] }, y: { type: 'number', values: [2, 4, 6, 8] } }, 'y');
    expect(of(few, 'leakage')).toEqual([]);
  });
});

describe('class imbalance', () => {
  it('fires when the smallest class has under a tenth of the largest', async () => {
    const values = [...Array(50).fill('no'), ...Array(4).fill('yes'), ...Array(20).fill('maybe')];
    const warnings = await warningsOf({ y: { type: 'text', values } }, 'y');
    const imbalance = of(warnings, 'class-imbalance');
    expect(imbalance).toHaveLength(1);
    expect(imbalance[0].columns).toEqual(['y']);
    expect(imbalance[0].message).toMatch(/“yes” has 4 rows, under a tenth of “no” \(50 rows\)/);
  });

  it('does not fire at exactly a tenth, for a numeric target, or without a target', async () => {
    const values = [...Array(50).fill('no'), ...Array(5).fill('yes')];
    expect(of(await warningsOf({ y: { type: 'text', values } }, 'y'), 'class-imbalance')).toEqual([]);
    expect(of(await warningsOf({ y: { type: 'text', values: [...values.slice(0, 50), 'yes'] } }), 'class-imbalance')).toEqual([]);
    const numeric = [...Array(50).fill(1.5), ...Array(2).fill(2.5), ...range(20).map((i) => i / 7)];
    expect(of(await warningsOf({ y: { type: 'number', values: numeric } }, 'y'), 'class-imbalance')).toEqual([]);
  });
});

describe('an unknown target', () => {
  it('is named in a warning and gives no target profile', async () => {
    const profile = await profileFrame(frameOf({ a: { type: 'number', values: [1, 2] } }), { target: 'gone' });
    expect(profile.target).toBeNull();
    expect(profile.warnings).toEqual([expect.objectContaining({ kind: 'unknown-target', columns: ['gone'] })]);
  });
});

describe('a clean dataset', () => {
  it('gets no warnings at all', async () => {
    const random = seeded(13);
    const warnings = await warningsOf(
      {
        height: { type: 'number', values: range(60).map(() => 150 + random() * 40) },
        age: { type: 'integer', values: range(60).map(() => 20 + Math.floor(random() * 30)) },
        colour: { type: 'text', values: range(60).map(() => ['red', 'green', 'blue'][Math.floor(random() * 3)]) },
        smoker: { type: 'boolean', values: range(60).map((i) => i % 4 === 0) },
        label: { type: 'text', values: range(60).map((i) => (i % 3 === 0 ? 'a' : 'b')) },
      },
      'label',
    );
    expect(warnings).toEqual([]);
  });
});
