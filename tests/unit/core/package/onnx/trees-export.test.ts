/**
 * Tree models through the whole exporter: preprocessing (every column type, missing values, rare
 * and unseen categories) → the tree ensemble → the same outputs and metadata as the dense models,
 * run in onnxruntime-node and onnxruntime-web on the raw columns and compared with the studio's
 * `predictEnsemble` on its own design matrix: max difference ≤ 1e-5, every label equal.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '$src/core/model/features';
import { prepareTrainingData } from '$src/core/model/prepare';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import type { TreeEnsemble } from '$src/core/model/trees/ensemble';
import { exportOnnx, inspectOnnx } from '$src/core/package/onnx/export';
import type { ExportableTreeModel } from '$src/core/package/onnx/export';
import { createRandom } from '$src/core/random';
import { expectExportError } from '../../../helpers/errors';
import { CHECKER_UNAVAILABLE, FEATURES, RUNTIMES, checkWithOnnx, feedsFromFrame, fixtureFrame, runOnnx } from './helpers';
import { designPools, firstArgMax, maxDifference, randomEnsemble } from './tree-fixtures';
import type { ExportCase } from './tree-fixtures';

const CASES: ExportCase[] = [
  { title: 'boosted, 3 classes (softmax)', kind: 'gradient-boosted-trees', task: 'classification', target: 'species', spec: { perOutput: 30, aggregate: 'sum', link: 'softmax', maxDepth: 6, leafScale: 0.4 } },
  { title: 'boosted, binary (sigmoid)', kind: 'gradient-boosted-trees', task: 'classification', target: 'sold', spec: { perOutput: 50, aggregate: 'sum', link: 'sigmoid', maxDepth: 5, leafScale: 0.3 } },
  { title: 'forest, integer classes (averaged shares)', kind: 'random-forest', task: 'classification', target: 'grade', spec: { perOutput: 20, aggregate: 'average', link: 'identity', maxDepth: 8, leafScale: 0.3 } },
  { title: 'boosted, regression', kind: 'gradient-boosted-trees', task: 'regression', target: 'price', spec: { perOutput: 60, aggregate: 'sum', link: 'identity', maxDepth: 8, leafScale: 4000 } },
  { title: 'decision tree, regression', kind: 'decision-tree', task: 'regression', target: 'price', spec: { perOutput: 1, aggregate: 'sum', link: 'identity', maxDepth: 8, leafScale: 40_000 } },
];


function build(c: ExportCase, seed: number) {
  const { frame, parts } = fixtureFrame(seed);
  const data = prepareTrainingData(frame, parts, { target: c.target, task: c.task, features: FEATURES });
  const outputs = c.spec.link === 'sigmoid' || c.task === 'regression' ? 1 : data.target.classes.length;
  const ensemble: TreeEnsemble = randomEnsemble(createRandom(seed), designPools(data.train.x), { ...c.spec, outputs });
  if (c.task === 'regression') ensemble.base[0] = 250_000;
  const model: ExportableTreeModel = {
    name: c.title,
    parameters: { kind: c.kind, task: c.task, ensemble },
    preprocessor: data.preprocessor,
    target: data.target,
    features: FEATURES,
    metadata: { trained_at: '2026-12-07T20:00:00.000Z', recipe: [], metrics: {} },
  };
  return { frame, data, ensemble, model };
}

describe('exportOnnx with a tree model', () => {
  for (const [i, c] of CASES.entries()) {
    it(`${c.title}: the studio's answers on every row, in both runtimes`, async () => {
      const { frame, data, ensemble, model } = build(c, 40 + i);
      const bytes = exportOnnx(model);
      const expected = predictEnsemble(ensemble, transform(data.preprocessor, frame));
      const feeds = feedsFromFrame(data.preprocessor, frame);
      const info = inspectOnnx(bytes);
      expect(info.metadata.kind).toBe(c.kind);
      expect(info.inputs.map((v) => v.name)).toEqual(FEATURES);
      for (const { ort } of RUNTIMES) {
        const out = await runOnnx(ort, bytes, feeds);
        if (c.task === 'regression') {
          expect(info.outputs.map((o) => [o.name, o.type])).toEqual([['prediction', 'float32']]);
          const scale = Math.max(...Array.from(expected, Math.abs));
          expect(maxDifference(out.prediction.data as Float32Array, expected)).toBeLessThanOrEqual(1e-5 * scale);
          continue;
        }
        const classes = data.target.classes;
        expect(info.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
        expect(out.probabilities.dims).toEqual([frame.table.numRows(), classes.length]);
        expect(maxDifference(out.probabilities.data as Float32Array, expected)).toBeLessThanOrEqual(1e-5);
        expect(Array.from(out.label.data as ArrayLike<unknown>, String)).toEqual(firstArgMax(expected, classes.length).map((k) => classes[k]));
      }
    });
  }

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True) with the preprocessing in front', () => {
    expect(checkWithOnnx(exportOnnx(build(CASES[0], 40).model))).toBeNull();
  });

  it('refuses an ensemble that does not fit the preprocessing or the target', () => {
    const { model, data } = build(CASES[0], 40);
    const wide = structuredClone(model);
    wide.parameters.ensemble.trees[0].tree.feature[0] = data.preprocessor.width;
    expectExportError(() => exportOnnx(wide), /splits on design column \d+, but the preprocessing gives \d+ columns/);
    expectExportError(() => exportOnnx({ ...model, target: { ...model.target, classes: ['a', 'b'] } }), /gives 3 probabilities but the target species has 2 classes/);
  });
});
