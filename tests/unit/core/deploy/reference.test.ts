import { describe, expect, it } from 'vitest';
import {
  MAX_REFERENCE_CATEGORIES,
  MAX_SAMPLE,
  binEdges,
  binLabels,
  binOf,
  buildReference,
  numericValue,
  quantileSorted,
  referenceShares,
  sampleSizeFor,
} from '$src/core/deploy/reference';
import type { CategoricalReference, NumericReference } from '$src/core/deploy/reference';
import { frameOf } from '../../helpers/frames';
import { classify, penguinFrame, penguins, range } from './helpers';

const noPredictions = { task: 'classification' as const, classes: ['a', 'b'], output: new Float32Array(0) };

function numeric(ref: { features: unknown[] }, i: number): NumericReference {
  return ref.features[i] as NumericReference;
}

describe('quantiles and bins', () => {
  it('takes quantiles as observed values (numpy method="inverted_cdf")', () => {
    const sorted = Float64Array.from(range(1, 101)); // 1 … 100
    // np.quantile(np.arange(1, 101), [.1, .5, .9], method='inverted_cdf') = [10, 50, 90]
    expect(quantileSorted(sorted, 0.1)).toBe(10);
    expect(quantileSorted(sorted, 0.5)).toBe(50);
    expect(quantileSorted(sorted, 0.9)).toBe(90);
    // np.quantile([0]*3 + [1]*7, [.3, .31], method='inverted_cdf') = [0, 1] (0.3 × 10 is not rounded up to 4)
    const bits = Float64Array.from([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(quantileSorted(bits, 0.3)).toBe(0);
    expect(quantileSorted(bits, 0.31)).toBe(1);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('makes up to 10 bins from the deciles, deduplicated and below the largest value', () => {
    const edges = binEdges(Float64Array.from(range(1, 101)));
    expect(edges).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // Booleans (0/1): one edge at 0, so the bins are false and true.
    expect(binEdges(Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]))).toEqual([0]);
    // A constant column: one bin.
    expect(binEdges(Float64Array.from([5, 5, 5]))).toEqual([]);
    // Heavy ties: every edge once, never between two repeated values.
    expect(binEdges(Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]))).toEqual([1, 2]);
  });

  it('puts a value in the right-closed bin (−∞, e₁], (e₁, e₂] … (e_k, ∞)', () => {
    const edges = [1, 2, 3];
    expect(binOf(edges, -100)).toBe(0);
    expect(binOf(edges, 1)).toBe(0);
    expect(binOf(edges, 1.5)).toBe(1);
    expect(binOf(edges, 2)).toBe(1);
    expect(binOf(edges, 3)).toBe(2);
    expect(binOf(edges, 3.01)).toBe(3);
    expect(binOf([], 7)).toBe(0);
  });

  it('reads live values as the training column type, NaN for missing and undefined for unreadable ones', () => {
    expect(numericValue(2.5, 'number')).toBe(2.5);
    expect(numericValue('2.5', 'number')).toBe(2.5);
    expect(numericValue('NA', 'number')).toBeNaN();
    expect(numericValue(null, 'integer')).toBeNaN();
    expect(numericValue('abc', 'number')).toBeUndefined();
    expect(numericValue(true, 'boolean')).toBe(1);
    expect(numericValue('false', 'boolean')).toBe(0);
    expect(numericValue(new Date(Date.UTC(2024, 0, 1)), 'date')).toBe(Math.fround(Date.UTC(2024, 0, 1)));
    expect(numericValue('2024-01-01', 'date')).toBe(Math.fround(Date.UTC(2024, 0, 1)));
    expect(numericValue(0.1, 'number')).toBe(Math.fround(0.1));
  });
});

describe('buildReference', () => {
  it('describes each numeric feature of the train rows by decile bins, a missing share and a sorted sample', () => {
    const mass = Float64Array.from([...range(1, 101), NaN, NaN, NaN, NaN, ...range(1000, 1010)]);
    const frame = frameOf({ mass: { type: 'number', values: mass } });
    const ref = buildReference(frame, range(0, 104), ['mass'], noPredictions); // the last 10 rows are not train rows
    const m = numeric(ref, 0);
    expect(ref.rows).toBe(104);
    expect(m.kind).toBe('numeric');
    expect(m.edges).toHaveLength(9);
    expect(m.shares).toHaveLength(10);
    for (const s of m.shares) expect(s).toBeCloseTo(10 / 104, 12);
    expect(m.missingShare).toBeCloseTo(4 / 104, 12);
    expect(referenceShares(m).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(m.min).toBe(1);
    expect(m.max).toBe(100); // the rows after 104 were left out
    expect(m.sample).toBeInstanceOf(Float32Array);
    expect(Array.from(m.sample)).toEqual(range(1, 101));
  });

  it('reads booleans as 1/0 and dates as epoch milliseconds', () => {
    const frame = frameOf({
      male: { type: 'boolean', values: [true, false, true, null, true] },
      seen: { type: 'date', values: [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 5, 1)), null, new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 11, 31))] },
    });
    const ref = buildReference(frame, range(0, 5), ['male', 'seen'], noPredictions);
    const male = numeric(ref, 0);
    expect(male.edges).toEqual([0]);
    expect(male.shares).toEqual([0.2, 0.6]);
    expect(male.missingShare).toBe(0.2);
    expect(binLabels(male)).toEqual(['≤ 0', '> 0', '(missing)']);
    const seen = numeric(ref, 1);
    expect(seen.sourceType).toBe('date');
    expect(seen.min).toBe(Math.fround(Date.UTC(2024, 0, 1)));
    expect(binLabels(seen)[0]).toBe('≤ 2024-01-01');
  });

  it('keeps the 50 most frequent categories, the rest as other, and missing values apart', () => {
    const values: (string | null)[] = [];
    for (let k = 0; k < 60; k++) for (let r = 0; r < 100 - k; r++) values.push(`c${k}`);
    for (let r = 0; r < 10; r++) values.push(null);
    values.push('');
    const frame = frameOf({ kind: { type: 'text', values } });
    const ref = buildReference(frame, range(0, values.length), ['kind'], noPredictions);
    const c = ref.features[0] as CategoricalReference;
    const n = values.length;
    expect(c.kind).toBe('categorical');
    expect(c.categories).toHaveLength(MAX_REFERENCE_CATEGORIES);
    expect(c.categories[0]).toBe('c0');
    expect(c.shares[0]).toBeCloseTo(100 / n, 12);
    let other = 0;
    for (let k = 50; k < 60; k++) other += 100 - k;
    expect(c.otherShare).toBeCloseTo(other / n, 12);
    expect(c.missingShare).toBeCloseTo(11 / n, 12); // null and '' are both missing
    expect(referenceShares(c).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(binLabels(c).slice(-2)).toEqual(['(other)', '(missing)']);
  });

  it('keeps the class shares of the predictions, or bins of predicted values for regression', () => {
    const p = penguins(2000, 1);
    const frame = penguinFrame(p);
    const train = range(0, 2000);
    const ref = buildReference(frame, train, ['Body Mass (g)'], { task: 'classification', classes: ['light', 'heavy'], output: classify(p.mass) });
    const pred = ref.predictions as CategoricalReference;
    expect(pred.categories).toEqual(['light', 'heavy']);
    expect(pred.shares[0] + pred.shares[1]).toBeCloseTo(1, 12);
    expect(pred.shares[1]).toBeGreaterThan(0.4);
    expect(pred.shares[1]).toBeLessThan(0.6);
    expect(ref.classes).toEqual(['light', 'heavy']);

    const reg = buildReference(frame, train, ['Island'], { task: 'regression', classes: [], output: Float32Array.from(p.flipper) });
    const values = reg.predictions as NumericReference;
    expect(values.kind).toBe('numeric');
    expect(values.edges).toHaveLength(9);
    expect(reg.task).toBe('regression');
  });

  it('keeps at most 5,000 sample values per feature, sorted, sharing a budget between many features', () => {
    const p = penguins(20_000, 2);
    const ref = buildReference(penguinFrame(p), range(0, 20_000), ['Body Mass (g)', 'Flipper Length (mm)'], noPredictions);
    const sample = numeric(ref, 1).sample;
    expect(sample.length).toBe(MAX_SAMPLE);
    for (let i = 1; i < sample.length; i++) expect(sample[i]).toBeGreaterThanOrEqual(sample[i - 1]);
    expect(sampleSizeFor(2)).toBe(5000);
    expect(sampleSizeFor(30)).toBe(2000);
    expect(sampleSizeFor(500)).toBe(1000);
  });

  it('is plain structured-cloneable data of a few hundred KB at most', () => {
    const p = penguins(20_000, 3);
    const frame = penguinFrame(p);
    const features = ['Body Mass (g)', 'Flipper Length (mm)', 'Island', 'Male', 'Seen'];
    const ref = buildReference(frame, range(0, 20_000), features, { task: 'classification', classes: ['light', 'heavy'], output: classify(p.mass) });
    const copy = structuredClone(ref);
    expect(copy).toEqual(ref);
    // Bytes: the samples' buffers plus everything else as JSON.
    let bytes = JSON.stringify(ref, (_, v) => (v instanceof Float32Array ? [] : v)).length;
    for (const f of ref.features) if (f.kind === 'numeric') bytes += f.sample.byteLength;
    expect(bytes).toBeLessThan(300_000);
  });

  it('throws for a feature that is not a column', () => {
    const frame = frameOf({ x: { type: 'number', values: Float64Array.from([1, 2]) } });
    expect(() => buildReference(frame, [0, 1], ['y'], noPredictions)).toThrow(/no column y/);
  });
});
