import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { checkGradientBoostingMemory, gradientBoostingBytes } from '$src/core/model/trees/boosting-memory';
import { synthetic } from '../training-data';

describe('gradient-boosting memory', () => {
  it('counts the binned cells, the per-row buffers, the histograms and the trees', () => {
    const data = synthetic('regression', 1000, 200);
    const settings = { maxLeaves: 31, minSamplesLeaf: 20, iterations: 100 };
    const expected = 1200 * 2 + 1000 * 32 + 200 * 8 + 31 * 2 * 256 * 3 * 8 + 100 * 61 * 50;
    expect(gradientBoostingBytes(data, settings)).toBe(expected);
    // A tree has at most rows / min samples per leaf leaves, whatever Max leaves says.
    expect(gradientBoostingBytes(data, { ...settings, maxLeaves: 1e6 })).toBe(
      gradientBoostingBytes(data, { ...settings, maxLeaves: 50 }),
    );
  });

  it('grows with the classes of a multiclass target (one margin and tree per class)', () => {
    const data = synthetic('classification', 1000, 200);
    const binary = { ...data, target: { ...data.target, classes: ['a', 'b'] } };
    // Per train row two more margins and a normaliser, per validation row two more margins,
    // and two more trees of 61 nodes per iteration.
    expect(gradientBoostingBytes(data) - gradientBoostingBytes(binary)).toBe(1000 * 24 + 200 * 16 + 100 * 2 * 61 * 50);
  });

  it('refuses in words what would not fit, and passes what would', () => {
    const data = synthetic('regression', 1000, 200);
    expect(() => checkGradientBoostingMemory(data)).not.toThrow();
    expect(() => checkGradientBoostingMemory(data, { maxLeaves: 1000, minSamplesLeaf: 1 }, 1e6)).toThrow(ModelError);
    expect(() => checkGradientBoostingMemory(data, {}, 1e5)).toThrow(/Lower Max leaves or Trees/);
  });
});
