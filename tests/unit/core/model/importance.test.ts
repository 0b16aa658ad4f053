import { describe, expect, it } from 'vitest';
import { permutationImportance, type FeatureColumns } from '$src/core/model/importance';
import type { DesignMatrix } from '$src/core/model/types';
import { createRandom } from '$src/core/random';

// Design columns: 0 = x (numeric), 1–2 = colour one-hot (red, blue), 3 = noise (numeric).
const WIDTH = 4;
const groups: FeatureColumns[] = [
  { feature: 'noise', columns: [3] },
  { feature: 'x', columns: [0] },
  { feature: 'colour', columns: [1, 2] },
];

function makeData(rows: number, seed: number): { x: DesignMatrix; y: Float32Array; label: Float32Array } {
  const random = createRandom(seed);
  const values = new Float32Array(rows * WIDTH);
  const y = new Float32Array(rows);
  const label = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = random.normal();
    const red = random.next() < 0.5 ? 1 : 0;
    values.set([x, red, 1 - red, random.normal()], i * WIDTH);
    y[i] = 3 * x + red;
    label[i] = x > 0 ? 1 : 0;
  }
  return { x: { rows, width: WIDTH, values }, y, label };
}

/** y = 3x + red; refuses a row whose one-hot columns were pulled apart. */
function regressor(m: DesignMatrix): Float32Array {
  const out = new Float32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const row = m.values.subarray(i * m.width, (i + 1) * m.width);
    if (row[1] + row[2] !== 1) throw new Error(`Row ${i} is not a valid one-hot encoding.`);
    out[i] = 3 * row[0] + row[1];
  }
  return out;
}

/** P(class 1) = .9 when x > 0, else .1; rows × 2 probabilities. */
function classifier(m: DesignMatrix): Float32Array {
  const out = new Float32Array(m.rows * 2);
  for (let i = 0; i < m.rows; i++) {
    const p = m.values[i * m.width] > 0 ? 0.9 : 0.1;
    out[i * 2] = 1 - p;
    out[i * 2 + 1] = p;
  }
  return out;
}

describe('permutationImportance', () => {
  const { x, y, label } = makeData(400, 1);

  it('gives a feature the model ignores zero importance and the one it uses a large one', () => {
    const result = permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 7 });
    expect(result.map((r) => r.feature)).toEqual(['x', 'colour', 'noise']);
    const byName = Object.fromEntries(result.map((r) => [r.feature, r]));
    // R² starts at 1; shuffling x leaves roughly 1 − 2·Var(3x)/Var(y) ≈ −0.95, a drop of about 2.
    expect(byName.x.importance).toBeGreaterThan(1.5);
    expect(byName.x.importance).toBeLessThan(2.5);
    // Red adds 1 to y (variance ¼ of 9¼): a small but clear drop.
    expect(byName.colour.importance).toBeGreaterThan(0.01);
    expect(byName.colour.importance).toBeLessThan(0.2);
    expect(byName.noise).toEqual({ feature: 'noise', importance: 0, std: 0 });
    expect(byName.x.std).toBeGreaterThan(0);
  });

  it('moves all columns of a feature together and leaves the input unchanged', () => {
    const before = x.values.slice();
    // The regressor throws if the colour's two columns were shuffled separately.
    expect(() => permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 3, repeats: 5 })).not.toThrow();
    expect(x.values).toEqual(before);
  });

  it('scores classification by the drop in accuracy', () => {
    const result = permutationImportance(classifier, x, label, 'classification', ['neg', 'pos'], groups, { seed: 7, repeats: 4 });
    expect(result[0].feature).toBe('x');
    // Accuracy 1 → about ½ once x is shuffled.
    expect(result[0].importance).toBeGreaterThan(0.4);
    expect(result[0].importance).toBeLessThan(0.6);
    for (const r of result.slice(1)) expect(r).toMatchObject({ importance: 0, std: 0 });
  });

  it('accepts class indices as the prediction', () => {
    const indices = (m: DesignMatrix): Float32Array => {
      const p = classifier(m);
      return Float32Array.from({ length: m.rows }, (_, i) => (p[i * 2 + 1] >= 0.5 ? 1 : 0));
    };
    const fromIndices = permutationImportance(indices, x, label, 'classification', ['neg', 'pos'], groups, { seed: 9 });
    const fromProbabilities = permutationImportance(classifier, x, label, 'classification', ['neg', 'pos'], groups, { seed: 9 });
    expect(fromIndices).toEqual(fromProbabilities);
  });

  it('is deterministic by seed, per feature', () => {
    const a = permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 42 });
    const b = permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 42 });
    const c = permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 43 });
    expect(a).toEqual(b);
    expect(c.find((r) => r.feature === 'x')!.importance).not.toBe(a.find((r) => r.feature === 'x')!.importance);
    // A feature's result depends on its own stream only, not on which other features are asked for.
    const alone = permutationImportance(regressor, x, y, 'regression', [], [groups[1]], { seed: 42 });
    expect(alone[0]).toEqual(a.find((r) => r.feature === 'x'));
  });

  it('uses the requested number of repeats', () => {
    let calls = 0;
    const counting = (m: DesignMatrix): Float32Array => {
      calls += 1;
      return regressor(m);
    };
    permutationImportance(counting, x, y, 'regression', [], groups, { seed: 1, repeats: 2 });
    // One baseline call, then 2 per feature.
    expect(calls).toBe(1 + 2 * groups.length);
  });

  it('explains what it cannot do', () => {
    const constant = new Float32Array(x.rows).fill(2);
    expect(() => permutationImportance(regressor, x, constant, 'regression', [], groups, { seed: 1 })).toThrow(/R² is not defined/);
    expect(() => permutationImportance(regressor, x, y, 'regression', [], [{ feature: 'z', columns: [4] }], { seed: 1 })).toThrow(
      /column 4, outside the 4 columns/,
    );
    expect(() => permutationImportance(regressor, x, y, 'regression', [], groups, { seed: 1, repeats: 0 })).toThrow(/at least one repeat/);
    expect(() => permutationImportance(regressor, x, y.subarray(1), 'regression', [], groups, { seed: 1 })).toThrow(/one target per row/);
  });
});
