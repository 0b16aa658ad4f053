import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { checkDecisionTreeMemory, checkRandomForestMemory, decisionTreeBytes, randomForestBytes } from '$src/core/model/trees/forest-memory';
import { synthetic } from '../training-data';

describe('random forest and decision tree memory', () => {
  it('counts the binned cells, the per-row buffers, the tree being grown and the kept trees, at the most leaves the limits allow', () => {
    const data = synthetic('regression', 1000, 200);
    // Unlimited: up to one leaf per row, 1,999 nodes per tree.
    expect(randomForestBytes(data)).toBe(1000 * 2 + 1000 * (16 + 12) + 2 * 1999 * 110 + 100 * 1999 * 25);
    // Depth 3 bounds a tree to 8 leaves (15 nodes); without bootstrap no out-of-bag buffers.
    expect(randomForestBytes(data, { maxDepth: 3, bootstrap: false, trees: 10 })).toBe(1000 * 2 + 1000 * 16 + 2 * 15 * 110 + 10 * 15 * 25);
    // Min samples per leaf bounds it to rows / min leaves.
    expect(randomForestBytes(data, { minSamplesLeaf: 100 })).toBe(randomForestBytes(data, { maxDepth: 20, minSamplesLeaf: 100 }));
    expect(decisionTreeBytes(data, { maxLeaves: 50 })).toBe(1000 * 2 + 1000 * 16 + 2 * 99 * 110 + 99 * 25);
  });

  it('grows with the classes: one value per class per node', () => {
    const data = synthetic('classification', 1000, 200);
    const binary = { ...data, target: { ...data.target, classes: ['a', 'b'] } };
    // Per row one more out-of-bag sum; per node of the tree being grown 8 more bytes (twice), of each kept tree 4.
    expect(randomForestBytes(data) - randomForestBytes(binary)).toBe(1000 * 8 + 2 * 1999 * 8 + 100 * 1999 * 4);
  });

  it('refuses in words what would not fit, and passes what would', () => {
    const data = synthetic('regression', 1000, 200);
    expect(() => checkRandomForestMemory(data)).not.toThrow();
    expect(() => checkDecisionTreeMemory(data)).not.toThrow();
    expect(() => checkRandomForestMemory(data, {}, 1e6)).toThrow(ModelError);
    expect(() => checkRandomForestMemory(data, {}, 1e6)).toThrow(/Set a Max depth/);
    expect(() => checkRandomForestMemory(data, { maxDepth: 4, trees: 10 }, 1e6)).not.toThrow();
    expect(() => checkDecisionTreeMemory(data, {}, 1e5)).toThrow(/decision tree would need/);
  });
});
