import { describe, expect, it } from 'vitest';
import { describePreprocessor } from '$src/core/model/features';
import type { CategoricalFeature, NumericFeature, TargetEncoding } from '$src/core/model/types';
import type { DecisionTreeNodes } from '$src/core/model/trees/decision-tree';
import { columnSources, leafAnswer, nodeSummary, splitRule } from '$src/core/model/trees/split-rule';
import { daysFromCivil } from '$src/core/calendar';

const flipper: NumericFeature = { kind: 'numeric', name: 'Flipper Length (mm)', sourceType: 'number', impute: 197, mean: 200.9, std: 14.06 };
const island: CategoricalFeature = { kind: 'categorical', name: 'Island', sourceType: 'text', impute: 'Biscoe', categories: ['Biscoe', 'Dream', 'Torgersen'], other: false };
const preprocessor = describePreprocessor([flipper, island]);

/** A one-split tree on design column `column` at `threshold` (design units). */
function stump(column: number, threshold: number, missingLeft = 0) {
  return {
    feature: Int32Array.from([column, -1, -1]),
    threshold: Float32Array.from([threshold, 0, 0]),
    missingLeft: Uint8Array.from([missingLeft, 0, 0]),
  };
}

describe('columnSources', () => {
  it('maps each design column to its feature and its place among that feature’s columns', () => {
    const sources = columnSources(preprocessor);
    expect(sources.map((s) => [s.feature.name, s.offset])).toEqual([
      ['Flipper Length (mm)', 0],
      ['Island', 0],
      ['Island', 1],
      ['Island', 2],
    ]);
  });
});

describe('splitRule', () => {
  it('reads a standardised threshold back in the column’s own units, and says missing values count as the median', () => {
    const t = Math.fround((206.5 - flipper.mean) / flipper.std);
    const rule = splitRule(preprocessor, stump(0, t), 0);
    expect(rule.text).toBe('Flipper Length (mm) ≤ 206.5');
    expect(rule.column).toBe('Flipper Length (mm)');
    expect(rule.left).toBe('≤ 206.5');
    expect(rule.right).toBe('> 206.5');
    // The median 197 is below 206.5, so the preprocessing's imputation sends a missing value left.
    expect(rule.missingLeft).toBe(true);
    expect(rule.missing).toBe('Missing values go left: they count as 197, the train median.');
  });

  it('a column kept in its own units (mean 0, std 1) reads as it is; a missing value left as NaN follows the learned direction', () => {
    const raw: NumericFeature = { ...flipper, impute: NaN, mean: 0, std: 1 };
    const p = describePreprocessor([raw]);
    const left = splitRule(p, stump(0, 206.5, 1), 0);
    expect(left.text).toBe('Flipper Length (mm) ≤ 206.5');
    expect(left.missingLeft).toBe(true);
    expect(left.missing).toBe('Missing values go left, the way learned in training.');
    expect(splitRule(p, stump(0, 206.5, 0), 0).missingLeft).toBe(false);
  });

  it('a one-hot column reads as "is not" to the left and "is" to the right; missing values take the most frequent value', () => {
    const dream = splitRule(preprocessor, stump(2, 0.5), 0);
    expect(dream.text).toBe('Island is not Dream');
    expect(dream.left).toBe('is not Dream');
    expect(dream.right).toBe('is Dream');
    expect(dream.missing).toBe('Missing values go left: they count as Biscoe, the train most frequent value.');
    const biscoe = splitRule(preprocessor, stump(1, 0.5), 0);
    expect(biscoe.missingLeft).toBe(false);
    expect(biscoe.missing).toContain('go right');
  });

  it('the other column of a one-hot feature, and cuts that send every row one way', () => {
    const withOther = describePreprocessor([{ ...island, other: true }]);
    expect(splitRule(withOther, stump(3, 0.5), 0).right).toBe('is another value');
    expect(splitRule(withOther, stump(3, 0.5), 0).left).toBe('is one of the kept values');
    expect(splitRule(preprocessor, stump(1, 1), 0).right).toBe('is none');
  });

  it('a categorical feature held as codes reads through the given categoriesAtOrBelow', () => {
    const coded = describePreprocessor([flipper, island]);
    const rule = splitRule(coded, stump(1, 1.5), 0, { categoriesAtOrBelow: (f, t) => f.categories.slice(0, Math.floor(t) + 1) });
    expect(rule.text).toBe('Island is Biscoe or Dream');
    expect(rule.right).toBe('is Torgersen');
    const three = splitRule(coded, stump(1, 2.5), 0, { categoriesAtOrBelow: (f) => f.categories });
    expect(three.left).toBe('is one of Biscoe, Dream or Torgersen');
    expect(three.right).toBe('is none');
  });

  it('a feature encoded as ordinal codes reads through the encoding by itself', () => {
    const ordinal = { ...island, encoding: 'ordinal' as const };
    const coded = describePreprocessor([flipper, ordinal]);
    expect(splitRule(coded, stump(1, 0.5), 0).text).toBe('Island is Biscoe');
    expect(splitRule(coded, stump(1, 1.5), 0).right).toBe('is Torgersen');
  });

  it('a boolean column reads as false / true', () => {
    const flag: NumericFeature = { kind: 'numeric', name: 'Smoker', sourceType: 'boolean', impute: 0, mean: 0.25, std: 0.433 };
    const rule = splitRule(describePreprocessor([flag]), stump(0, Math.fround((0.5 - 0.25) / 0.433)), 0);
    expect(rule.text).toBe('Smoker is false');
    expect(rule.right).toBe('is true');
  });

  it('date parts read as dates: years whole, months and weekdays by name, days since first as a date', () => {
    const origin = daysFromCivil(2012, 1, 1);
    const date: NumericFeature = {
      kind: 'numeric',
      name: 'date',
      sourceType: 'date',
      impute: origin + 700,
      mean: origin + 700,
      std: 400,
      date: { origin, impute: [2013, 6, 3, 180, 700], mean: [2013.4, 6.5, 3, 182, 730], std: [1.1, 3.4, 2, 105, 420] },
    };
    const p = describePreprocessor([date]);
    const design = (part: number, v: number) => Math.fround((v - date.date!.mean[part]) / date.date!.std[part]);
    expect(splitRule(p, stump(0, design(0, 2013.5)), 0).text).toBe('date (year) ≤ 2013');
    expect(splitRule(p, stump(0, design(0, 2013.5)), 0).right).toBe('≥ 2014');
    const month = splitRule(p, stump(1, design(1, 6.5)), 0);
    expect(month.text).toBe('date (month) is January–June');
    expect(month.column).toBe('date (month)');
    expect(month.feature).toBe('date');
    expect(month.right).toBe('is July–December');
    expect(splitRule(p, stump(2, design(2, 0.5)), 0).text).toBe('date (day of week) is Sunday');
    expect(splitRule(p, stump(2, design(2, 0.5)), 0).right).toBe('is Monday–Saturday');
    const since = splitRule(p, stump(4, design(4, 59.5)), 0);
    // Day 59 after 2012-01-01 is 2012-02-29 (a leap year).
    expect(since.text).toBe('date (days since first) on or before 2012-02-29');
    expect(since.right).toBe('after 2012-02-29');
    // A missing date takes each part's train median (year 2013 ≤ 2013.5: left).
    expect(splitRule(p, stump(0, design(0, 2013.5)), 0).missing).toBe('Missing values go left: they are filled in with the train median, as in training.');
  });

  it('date parts written in their own units read as they are', () => {
    const origin = daysFromCivil(2012, 1, 1);
    const date: NumericFeature = {
      kind: 'numeric',
      name: 'date',
      sourceType: 'date',
      impute: origin,
      mean: 0,
      std: 1,
      date: { origin, impute: [2013, 6, 3, 180, 700], mean: [0, 0, 0, 0, 0], std: [1, 1, 1, 1, 1] },
    };
    const p = describePreprocessor([date]);
    expect(splitRule(p, stump(0, 2013.5), 0).text).toBe('date (year) ≤ 2013');
    expect(splitRule(p, stump(1, 2.5), 0).text).toBe('date (month) is January–February');
    expect(splitRule(p, stump(4, 365.5), 0).text).toBe('date (days since first) on or before 2012-12-31');
  });

  it('refuses a leaf and a column the preprocessing does not make', () => {
    expect(() => splitRule(preprocessor, stump(0, 0), 1)).toThrow(RangeError);
    expect(() => splitRule(preprocessor, stump(9, 0), 0)).toThrow(/design column 9/);
  });
});

describe('nodeSummary and leafAnswer', () => {
  const nodes: DecisionTreeNodes = {
    values: Float64Array.from([0.5, 0.2, 0.3, 0.978, 0.022, 0]),
    outputs: 3,
    impurity: Float64Array.from([0.62, 0.043]),
    gain: Float64Array.from([10, 0]),
    depth: Int32Array.from([0, 1]),
    samples: Int32Array.from([100, 45]),
  };
  const classes: TargetEncoding = { task: 'classification', column: 'Species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] };

  it('classification: samples, class shares as percentages, the majority class', () => {
    const s = nodeSummary(nodes, 1, classes);
    expect(s.samplesText).toBe('45 samples');
    expect(s.shares?.map((c) => c.percent)).toEqual(['97.8%', '2.2%', '0%']);
    expect(s.majority).toBe('Adelie');
    expect(s.answer).toBe('Adelie (97.8%)');
    expect(s.impurityText).toBe('gini 0.043');
    expect(leafAnswer(nodes, 1, classes)).toBe('Predicts Adelie: 97.8% of its 45 train rows are Adelie.');
  });

  it('regression: the mean target, and one sample in the singular', () => {
    const reg: DecisionTreeNodes = { ...nodes, values: Float64Array.from([4201.3, 4050]), outputs: 1, samples: Int32Array.from([2, 1]) };
    const target: TargetEncoding = { task: 'regression', column: 'Body Mass (g)', classes: [] };
    const s = nodeSummary(reg, 1, target);
    expect(s.samplesText).toBe('1 sample');
    expect(s.shares).toBeNull();
    expect(s.mean).toBe(4050);
    expect(s.answer).toBe('mean 4050');
    expect(leafAnswer(reg, 0, target)).toBe('Predicts 4201, the mean of its 2 train rows.');
  });
});
