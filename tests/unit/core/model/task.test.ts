import { describe, expect, it } from 'vitest';
import { countDistinct, knownTarget, MAX_INTEGER_CLASSES, suggestTarget, suggestTask } from '$src/core/model/task';

describe('suggestTask', () => {
  it('suggests classes for the ten digits, 0/1 labels and ratings 1–5, and says why', () => {
    const digits = Float64Array.from({ length: 1797 }, (_, i) => i % 10);
    expect(suggestTask('integer', digits)).toEqual({ task: 'classification', reason: '10 distinct integers: looks like classes' });
    expect(suggestTask('integer', [0, 1, 1, 0, null, NaN]).task).toBe('classification');
    expect(suggestTask('integer', Float64Array.of(1, 2, 3, 4, 5, 5, 4)).reason).toBe('5 distinct integers: looks like classes');
  });

  it('suggests classes for text and booleans whatever their number of values', () => {
    expect(suggestTask('text', []).task).toBe('classification');
    expect(suggestTask('boolean', []).task).toBe('classification');
  });

  it('suggests a quantity for decimals, dates and integers with many values', () => {
    const ages = Float64Array.from({ length: 500 }, (_, i) => 18 + (i % 60));
    expect(suggestTask('integer', ages)).toEqual({ task: 'regression', reason: `more than ${MAX_INTEGER_CLASSES} distinct integers: looks like a quantity to predict` });
    expect(suggestTask('number', Float64Array.of(0, 1)).task).toBe('regression');
    expect(suggestTask('date', []).task).toBe('regression');
  });

  it('counts distinct present values no further than needed', () => {
    expect(countDistinct([1, 1, 2, null, undefined, NaN], 10)).toBe(2);
    expect(countDistinct(Float64Array.from({ length: 1e6 }, (_, i) => i), 3)).toBe(4);
  });
});

describe('knownTarget and suggestTarget', () => {
  const penguins = { kind: 'sample', sample: 'penguins' };
  const file = { kind: 'file' };

  it('knows a bundled sample’s target while the data still has that column', () => {
    expect(knownTarget(penguins, ['Island', 'Species', 'Sex'])).toBe('Species');
    expect(knownTarget(penguins, ['Island', 'Sex'])).toBeNull();
    expect(knownTarget(file, ['Species', 'label'])).toBeNull();
    expect(knownTarget({ kind: 'sample', sample: 'no-such-sample' }, ['label'])).toBeNull();
  });

  it('guesses for a form: the known target, then a target-like name, then the last column', () => {
    expect(suggestTarget(penguins, ['Species', 'label'])).toBe('Species');
    expect(suggestTarget(file, ['x', 'class', 'target'])).toBe('target');
    expect(suggestTarget(file, ['x', 'cluster', 'y'])).toBe('y');
    expect(suggestTarget(penguins, ['a', 'b', 'c'])).toBe('c');
    expect(suggestTarget(file, [])).toBe('');
  });
});
