import { describe, expect, it } from 'vitest';
import { initialDepth, layoutTree, pathHighlight, subtreeSizes, treeDepth } from '$src/core/model/trees/tree-layout';
import { pathOf, trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { moons, trainingData } from '../training-data';

/**
 * Node ids as a grown tree numbers them (children after parents, not in depth-first order):
 *
 *            0
 *        1       2
 *      3   4   5   6
 *             7 8
 */
const tree = {
  feature: Int32Array.from([0, 0, 0, -1, -1, 1, -1, -1, -1]),
  left: Int32Array.from([1, 3, 5, -1, -1, 7, -1, -1, -1]),
  right: Int32Array.from([2, 4, 6, -1, -1, 8, -1, -1, -1]),
};

describe('subtreeSizes and treeDepth', () => {
  it('count every node below, and the edges to the deepest leaf', () => {
    expect(Array.from(subtreeSizes(tree))).toEqual([9, 3, 5, 1, 1, 3, 1, 1, 1]);
    expect(treeDepth(tree)).toBe(3);
    expect(treeDepth(tree, 1)).toBe(1);
    expect(treeDepth(tree, 6)).toBe(0);
  });
});

describe('layoutTree', () => {
  it('puts leaves in consecutive columns and centres each parent over its children', () => {
    const layout = layoutTree(tree, { depth: 3 });
    const x = Object.fromEntries(layout.nodes.map((n) => [n.node, n.x]));
    expect(x).toEqual({ 3: 0, 4: 1, 7: 2, 8: 3, 6: 4, 1: 0.5, 5: 2.5, 2: 3.25, 0: 1.875 });
    expect(layout.columns).toBe(5);
    expect(layout.levels).toBe(4);
    expect(layout.hidden).toBe(0);
    // Parents before children, left to right within a level.
    expect(layout.nodes.map((n) => n.node)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(layout.edges).toContainEqual({ from: 5, to: 8, side: 'right' });
    expect(layout.edges).toHaveLength(8);
    expect(layout.nodes.filter((n) => n.leaf).map((n) => n.node)).toEqual([3, 4, 6, 7, 8]);
  });

  it('cut at a depth: the cut node is drawn as one column and says how many nodes it hides', () => {
    const layout = layoutTree(tree, { depth: 2 });
    expect(layout.nodes.map((n) => n.node)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const five = layout.nodes.find((n) => n.node === 5)!;
    expect(five).toMatchObject({ leaf: false, hidden: 2, level: 2, x: 2 });
    expect(layout.hidden).toBe(2);
    expect(layout.levels).toBe(3);
    const root = layoutTree(tree, { depth: 0 });
    expect(root.nodes).toEqual([{ node: 0, x: 0, level: 0, leaf: false, hidden: 8 }]);
    expect(root.edges).toEqual([]);
  });

  it('draws from a chosen node down, levels counted from it', () => {
    const layout = layoutTree(tree, { depth: 1, root: 2 });
    expect(layout.root).toBe(2);
    expect(layout.nodes.map((n) => [n.node, n.level, n.hidden])).toEqual([[2, 0, 0], [5, 1, 2], [6, 1, 0]]);
    expect(layout.hidden).toBe(2);
  });

  it('refuses a depth that is not a whole number and a node that does not exist', () => {
    expect(() => layoutTree(tree, { depth: -1 })).toThrow(RangeError);
    expect(() => layoutTree(tree, { depth: 1.5 })).toThrow(RangeError);
    expect(() => layoutTree(tree, { depth: 1, root: 9 })).toThrow(/no node 9/);
  });

  it('a big trained tree: columns never overlap and every parent sits between its children', () => {
    const data = trainingData('classification', moons(600, 0.3, 4), moons(100, 0.3, 5), ['a', 'b']);
    const t = trainDecisionTree(data).ensemble.trees[0].tree;
    const full = treeDepth(t);
    expect(full).toBeGreaterThan(4);
    const layout = layoutTree(t, { depth: full });
    expect(layout.nodes).toHaveLength(t.feature.length);
    const x = new Map(layout.nodes.map((n) => [n.node, n.x]));
    for (const { from, to, side } of layout.edges) expect(side === 'left' ? x.get(to)! < x.get(from)! : x.get(to)! > x.get(from)!).toBe(true);
    const cut = layoutTree(t, { depth: 3 });
    expect(cut.nodes.length + cut.hidden).toBe(t.feature.length);
    expect(cut.columns).toBeLessThanOrEqual(8);
  });
});

describe('initialDepth', () => {
  it('the deepest drawing within the column budget, at least the root’s split', () => {
    expect(initialDepth(tree, 16)).toBe(3);
    expect(initialDepth(tree, 4)).toBe(2);
    expect(initialDepth(tree, 1)).toBe(1);
    const leaf = { feature: Int32Array.from([-1]), left: Int32Array.from([-1]), right: Int32Array.from([-1]) };
    expect(initialDepth(leaf)).toBe(0);
  });
});

describe('pathHighlight', () => {
  it('lights the drawn part of a path and counts what lies below or above the drawing', () => {
    const path = [0, 2, 5, 8];
    const all = pathHighlight(layoutTree(tree, { depth: 3 }), path);
    expect([...all.nodes]).toEqual([0, 2, 5, 8]);
    expect([...all.edges]).toEqual(['0-2', '2-5', '5-8']);
    expect(all.below).toBe(0);
    const cut = pathHighlight(layoutTree(tree, { depth: 1 }), path);
    expect([...cut.nodes]).toEqual([0, 2]);
    expect(cut.below).toBe(2);
    const sub = pathHighlight(layoutTree(tree, { depth: 2, root: 2 }), path);
    expect([...sub.nodes]).toEqual([2, 5, 8]);
    expect(sub.above).toBe(1);
    const missed = pathHighlight(layoutTree(tree, { depth: 2, root: 1 }), path);
    expect(missed.nodes.size).toBe(0);
    expect(missed.above).toBe(4);
  });

  it('follows pathOf on a trained tree', () => {
    const data = trainingData('classification', moons(200, 0.2, 1), moons(50, 0.2, 2), ['a', 'b']);
    const t = trainDecisionTree(data, { maxDepth: 4 }).ensemble.trees[0].tree;
    const x = data.validation.x;
    const path = pathOf(t, (j) => x.values[j]);
    const lit = pathHighlight(layoutTree(t, { depth: 4 }), path);
    expect(lit.nodes.size).toBe(path.length);
    expect(lit.below).toBe(0);
  });
});
