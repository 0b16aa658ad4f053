import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { ComponentProps } from 'svelte';
import TreeDiagram from '$src/ui/steps/evaluate/TreeDiagram.svelte';
import { describePreprocessor } from '$src/core/model/features';
import { pathOf, trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { initialDepth } from '$src/core/model/trees/tree-layout';
import type { NumericFeature, TargetEncoding } from '$src/core/model/types';
import { moons, trainingData } from '../../../core/model/training-data';

/** The drawing as the server renders it: the markup a screen reader and a test read. */
function drawn(props: ComponentProps<typeof TreeDiagram>): string {
  return render(TreeDiagram, { props }).body;
}

const target: TargetEncoding = { task: 'classification', column: 'class', classes: ['a', 'b'] };
const features: NumericFeature[] = ['x1', 'x2'].map((name) => ({ kind: 'numeric', name, sourceType: 'number', impute: 0, mean: 0, std: 1 }));
const preprocessor = describePreprocessor(features);
const data = trainingData('classification', moons(400, 0.3, 3), moons(100, 0.3, 4), ['a', 'b']);
const result = trainDecisionTree(data);
const tree = result.ensemble.trees[0].tree;

describe('TreeDiagram', () => {
  it('is a figure named "Decision tree", draws the first levels of a big tree and says how many nodes are hidden', () => {
    const html = drawn({ tree, nodes: result.nodes, preprocessor, target });
    expect(html).toContain('<figure class="tree');
    expect(html).toContain('aria-label="Decision tree"');
    expect(result.depth).toBeGreaterThan(3);
    expect(html).toMatch(new RegExp(`Decision tree of depth ${result.depth} with ${result.leaves} leaves\\. Drawn to depth \\d+: \\d+ nodes? further down are hidden\\.`));
    // The root's rule, its rows and its class shares, in the drawing and in the list.
    expect(html).toContain(`${tree.samples[0]} samples`);
    expect(html).toMatch(/Splits on x[12]: 400 samples, a 50%, b 50%; answers a\./);
    expect(html).toMatch(/When x[12] ≤ -?[\d.]+ \(or missing\):/);
    expect(html).toContain('aria-label="Decision tree as a list"');
    expect(html).toContain('<label for="tree-depth-shown">Depth shown</label>');
  });

  it('lights the path of a row and says when it goes on below the drawing', () => {
    const { values, rows, width } = data.validation.x;
    const paths = Array.from({ length: rows }, (_, i) => pathOf(tree, (j) => values[i * width + j]));
    const longest = paths.reduce((a, b) => (b.length > a.length ? b : a));
    const shown = initialDepth(tree, 12);
    expect(longest.length - 1).toBeGreaterThan(shown);
    const html = drawn({ tree, nodes: result.nodes, preprocessor, target, path: longest });
    expect(html).toContain("(on the followed row's path)");
    expect(html.match(/class="edge[^"]* on"/g)).toHaveLength(shown);
    expect(html.match(/class="node[^"]* on"/g)).toHaveLength(shown + 1);
    const below = longest.length - 1 - shown;
    expect(html).toContain(`The followed row's path goes on ${below} node${below === 1 ? '' : 's'} below the drawing.`);
    expect(html).toContain('Draw the rest of the path');
  });

  it('regression: nodes show the mean, and a tree that is one leaf draws in full', () => {
    const reg = trainingData('regression', { x: [[0], [1], [2], [3]], y: [1, 1, 5, 5] }, undefined);
    const stump = trainDecisionTree(reg, { maxDepth: 1 });
    const html = drawn({ tree: stump.ensemble.trees[0].tree, nodes: stump.nodes, preprocessor: describePreprocessor([features[0]]), target: { task: 'regression', column: 'y', classes: [] } });
    expect(html).toContain('mean 3');
    expect(html).toContain('Decision tree of depth 1 with 2 leaves. Drawn to depth 1 (the whole tree).');
    expect(html).toContain('x1 ≤ 1.5');
  });
});
