import { describe, it, expect } from 'vitest';
import { correlationRatio, cramersV, sameCells } from '$src/core/data/profile/target';
import { profileFrame } from '$src/core/data/profile/index';
import type { TargetRelation } from '$src/core/data/profile/index';
import { frameOf } from './helpers';

const codes = (labels: string): Int32Array => {
  const index = new Map<string, number>();
  return Int32Array.from([...labels], (c) => (c === '.' ? -1 : index.get(c) ?? (index.set(c, index.size), index.size - 1)));
};

describe('correlation ratio η', () => {
  it('is √(SS_between / SS_total) on a hand example', () => {
    // y = 1 … 9 in groups aaa bbb ccc: group means 2, 5, 8, grand mean 5;
    // SS_between = 3·(9 + 0 + 9) = 54, SS_total = 60, η = √0.9
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const result = correlationRatio(y, codes('aaabbbccc'), 3);
    expect(result.value).toBeCloseTo(Math.sqrt(0.9), 14);
    expect(result.rows).toBe(9);
  });

  it('matches a numpy computation with unequal groups', () => {
    const y = Float64Array.from([2, 4, 3, 5, 9, 1, 7, 6]);
    expect(correlationRatio(y, codes('xyxyxyzz'), 3).value).toBeCloseTo(0.491362316063668, 14);
  });

  it('leaves out rows missing either value', () => {
    const y = Float64Array.from([1, 2, 3, NaN, 4, 5, 6, 7, 8, 9, 100]);
    const result = correlationRatio(y, codes('aaacbbbccc.'), 3);
    expect(result.rows).toBe(9);
    expect(result.value).toBeCloseTo(Math.sqrt(0.9), 14);
  });

  it('is 0 when every group has the same mean, undefined without variation', () => {
    expect(correlationRatio(Float64Array.from([1, 3, 1, 3]), codes('aabb'), 2).value).toBe(0);
    expect(correlationRatio(Float64Array.from([5, 5, 5, 5]), codes('abab'), 2).value).toBeNull();
  });
});

describe("bias-corrected Cramér's V", () => {
  it('corrects the plain V on a 2 × 2 hand example', () => {
    // [[4, 1], [1, 4]], n = 10: χ² = 3.6, φ² = 0.36, plain V = 0.6;
    // φ̃² = 0.36 − 1/9, r̃ = k̃ = 2 − 1/9, Ṽ = √((0.36 − 1/9) / (1 − 1/9)) = √0.28
    const result = cramersV(codes('aaaaabbbbb'), 2, codes('xxxxyxyyyy'), 2);
    expect(result.value).toBeCloseTo(Math.sqrt(0.28), 14);
    expect(result.value).toBeCloseTo(0.5291502622129182, 14);
  });

  it('matches scipy χ² plus the correction on a 3 × 2 table', () => {
    // scipy.stats.chi2_contingency([[4,0],[0,4],[1,3]], correction=False): χ² = 8.914285714285715
    expect(cramersV(codes('aabbccaabbcc'), 3, codes('xxyyxyxxyyyy'), 2).value).toBeCloseTo(0.7855844048495726, 14);
  });

  it('is 1 for a one-to-one relabelling and 0 for an ID column', () => {
    expect(cramersV(codes('abcabcabc'), 3, codes('xyzxyzxyz'), 3).value).toBeCloseTo(1, 14);
    expect(cramersV(codes('abcdefghij'), 10, codes('xyxyxyxyxy'), 2).value).toBe(0);
  });

  it('is undefined when one side has a single value', () => {
    expect(cramersV(codes('aaaa'), 1, codes('xyxy'), 2).value).toBeNull();
  });
});

describe('relations in a profile', () => {
  const rows = 40;
  const x = Array.from({ length: rows }, (_, i) => i);
  const frame = () =>
    frameOf({
      num: { type: 'number', values: x.map((i) => (i % 5) * 1.5) },
      cat: { type: 'text', values: x.map((i) => ['red', 'green', 'blue'][i % 3]) },
      flag: { type: 'boolean', values: x.map((i) => i % 2 === 0) },
      when: { type: 'date', values: x.map((i) => new Date(Date.UTC(2020, 0, 1 + i))) },
      price: { type: 'number', values: x.map((i) => (i % 5) * 3 + (i % 2)) },
      label: { type: 'text', values: x.map((i) => (i % 2 === 0 ? 'even' : 'odd')) },
      klass: { type: 'integer', values: x.map((i) => i % 2) },
    });
  const byColumn = (relations: TargetRelation[]) => Object.fromEntries(relations.map((r) => [r.column, r]));

  it('picks r, η or V by the types, against a numeric target', async () => {
    const profile = await profileFrame(frame(), { target: 'price' });
    const target = profile.target!;
    expect(target.kind).toBe('numeric');
    expect(target.classes).toEqual([]);
    const r = byColumn(target.relations);
    expect(r.num.measure).toBe('pearson');
    expect(r.when.measure).toBe('pearson');
    expect(r.cat.measure).toBe('eta');
    expect(r.flag.measure).toBe('eta');
    expect(r.price).toBeUndefined();
    expect(target.relations).toHaveLength(6);
    // strongest first
    for (let i = 1; i < target.relations.length; i++) expect(target.relations[i - 1].strength).toBeGreaterThanOrEqual(target.relations[i].strength);
  });

  it('picks η and V against a categorical target and gives its class distribution', async () => {
    const profile = await profileFrame(frame(), { target: 'label' });
    const target = profile.target!;
    expect(target.kind).toBe('categorical');
    const r = byColumn(target.relations);
    expect(r.num.measure).toBe('eta');
    expect(r.cat.measure).toBe('cramers-v');
    expect(r.flag).toMatchObject({ measure: 'cramers-v', equalsTarget: false });
    expect(r.flag.value).toBeCloseTo(1, 12);
    expect(target.classes).toEqual([
      { value: 'even', count: 20, share: 0.5 },
      { value: 'odd', count: 20, share: 0.5 },
    ]);
  });

  it('treats an integer target with few values as classes, unless told regression', async () => {
    expect((await profileFrame(frame(), { target: 'klass' })).target).toMatchObject({ kind: 'categorical', classes: [{ value: '0', count: 20 }, { value: '1', count: 20 }] });
    expect((await profileFrame(frame(), { target: 'klass', task: 'regression' })).target?.kind).toBe('numeric');
    expect((await profileFrame(frame(), { target: 'price', task: 'classification' })).target?.kind).toBe('categorical');
  });

  it('notes when a categorical feature has about one row per value', async () => {
    const f = frameOf({
      name: { type: 'text', values: x.map((i) => `n${i}`) },
      y: { type: 'number', values: x.map((i) => Math.sin(i)) },
    });
    const relation = (await profileFrame(f, { target: 'y' })).target!.relations[0];
    expect(relation.value).toBeCloseTo(1, 12);
    expect(relation.note).toMatch(/by chance/);
  });

  it('says when a feature holds the same cells as the target', async () => {
    const f = frameOf({
      copy: { type: 'text', values: ['a', null, 'b', 'a'] },
      y: { type: 'text', values: ['a', null, 'b', 'a'] },
      other: { type: 'text', values: ['a', 'a', 'b', 'a'] },
    });
    const r = byColumn((await profileFrame(f, { target: 'y' })).target!.relations);
    expect(r.copy.equalsTarget).toBe(true);
    expect(r.other.equalsTarget).toBe(false);
    expect(sameCells([new Date(5), NaN], [new Date(5), null])).toBe(true);
    expect(sameCells([1, 2], [1, 3])).toBe(false);
  });
});
