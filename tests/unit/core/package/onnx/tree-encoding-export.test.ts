/**
 * Tree models' own preprocessing through the exporter: raw numbers and date parts (missing kept
 * NaN) and ordinal category codes (LabelEncoder, default NaN for missing, rare and unseen
 * values), in front of a tree ensemble, run in onnxruntime-node and onnxruntime-web on the raw
 * columns and compared with the studio's design matrix and predictions: max difference ≤ 1e-5,
 * every label equal. The fixture's test rows hold missing numbers and categories never seen in
 * training.
 */
import { describe, expect, it } from 'vitest';
import { transform } from '$src/core/model/features';
import { prepareTrainingData } from '$src/core/model/prepare';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import { GRADIENT_BOOSTING_DEFAULTS, trainGradientBoosting } from '$src/core/model/trees/gradient-boosting';
import type { TreeEnsemble } from '$src/core/model/trees/ensemble';
import type { Task, TreeModelKind } from '$src/core/model/types';
import { exportOnnx, inspectOnnx } from '$src/core/package/onnx/export';
import type { ExportableTreeModel } from '$src/core/package/onnx/export';
import { GraphBuilder } from '$src/core/package/onnx/builder';
import { emitPreprocessing } from '$src/core/package/onnx/preprocess';
import { createRandom } from '$src/core/random';
import { CHECKER_UNAVAILABLE, FEATURES, RUNTIMES, checkWithOnnx, feedsFromFrame, fixtureFrame, runOnnx } from './helpers';
import { designPools, firstArgMax, maxDifference, randomEnsemble } from './tree-fixtures';
import type { ExportCase } from './tree-fixtures';

const CASES: ExportCase[] = [
  { title: 'boosted, 3 classes', kind: 'gradient-boosted-trees', task: 'classification', target: 'species', spec: { perOutput: 30, aggregate: 'sum', link: 'softmax', maxDepth: 6, leafScale: 0.4 } },
  { title: 'boosted, binary', kind: 'gradient-boosted-trees', task: 'classification', target: 'sold', spec: { perOutput: 40, aggregate: 'sum', link: 'sigmoid', maxDepth: 5, leafScale: 0.3 } },
  { title: 'forest, integer classes', kind: 'random-forest', task: 'classification', target: 'grade', spec: { perOutput: 20, aggregate: 'average', link: 'identity', maxDepth: 8, leafScale: 0.3 } },
  { title: 'decision tree, regression', kind: 'decision-tree', task: 'regression', target: 'price', spec: { perOutput: 1, aggregate: 'sum', link: 'identity', maxDepth: 8, leafScale: 40_000 } },
];


function exportable(title: string, kind: TreeModelKind, task: Task, ensemble: TreeEnsemble, data: ReturnType<typeof prepareTrainingData>): ExportableTreeModel {
  return {
    name: title,
    parameters: { kind, task, ensemble },
    preprocessor: data.preprocessor,
    target: data.target,
    features: FEATURES,
    metadata: { trained_at: '2026-12-07T20:00:00.000Z', recipe: [], metrics: {} },
  };
}

function build(c: ExportCase, seed: number) {
  const { frame, parts } = fixtureFrame(seed);
  const data = prepareTrainingData(frame, parts, { target: c.target, task: c.task, features: FEATURES, kind: c.kind });
  const outputs = c.spec.link === 'sigmoid' || c.task === 'regression' ? 1 : data.target.classes.length;
  const ensemble = randomEnsemble(createRandom(seed), designPools(data.train.x), { ...c.spec, outputs });
  if (c.task === 'regression') ensemble.base[0] = 250_000;
  return { frame, data, ensemble, model: exportable(c.title, c.kind, c.task, ensemble, data) };
}

async function expectParity(model: ExportableTreeModel, frame: ReturnType<typeof fixtureFrame>['frame'], expected: Float32Array): Promise<void> {
  const bytes = exportOnnx(model);
  const feeds = feedsFromFrame(model.preprocessor, frame);
  for (const { ort } of RUNTIMES) {
    const out = await runOnnx(ort, bytes, feeds);
    if (model.parameters.task === 'regression') {
      const scale = Math.max(...Array.from(expected, Math.abs));
      expect(maxDifference(out.prediction.data as Float32Array, expected)).toBeLessThanOrEqual(1e-5 * scale);
      continue;
    }
    const classes = model.target.classes;
    expect(maxDifference(out.probabilities.data as Float32Array, expected)).toBeLessThanOrEqual(1e-5);
    expect(Array.from(out.label.data as ArrayLike<unknown>, String)).toEqual(firstArgMax(expected, classes.length).map((k) => classes[k]));
  }
}

describe('exportOnnx with tree preprocessing', () => {
  it('has the fixture use every tree encoding, with missing and unseen values in the rows', () => {
    const { frame, data, model } = build(CASES[0], 60);
    const encodings = data.preprocessor.features.map((f) => f.encoding);
    expect(encodings).toEqual(['raw', 'raw', 'raw', 'raw', 'ordinal', 'ordinal']);
    const described = JSON.parse(inspectOnnx(exportOnnx(model)).metadata.features) as { encoding?: string }[];
    expect(described.map((f) => f.encoding)).toEqual(encodings);
    const x = transform(data.preprocessor, frame);
    const island = data.preprocessor.columnNames.indexOf('island');
    let missing = 0;
    for (let r = 0; r < x.rows; r++) if (Number.isNaN(x.values[r * x.width + island])) missing++;
    expect(missing).toBeGreaterThan(10);
  });

  it('gives the studio\'s design matrix, NaN where the studio has NaN, in both runtimes', async () => {
    const { frame, data } = build(CASES[1], 61);
    const g = new GraphBuilder({ name: 'design', producerName: 'test', producerVersion: '0' });
    const design = emitPreprocessing(g, data.preprocessor);
    g.addOutput(design.name, 'float32', ['N', design.width]);
    const bytes = g.build();
    const expected = transform(data.preprocessor, frame).values;
    for (const { ort } of RUNTIMES) {
      const out = await runOnnx(ort, bytes, feedsFromFrame(data.preprocessor, frame));
      const got = out[design.name].data as Float32Array;
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) {
        if (!Object.is(got[i], expected[i]) && !(Number.isNaN(got[i]) && Number.isNaN(expected[i]))) {
          throw new Error(`design value ${i}: graph ${got[i]}, studio ${expected[i]}`);
        }
      }
    }
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.title}: the studio's answers on every row, in both runtimes`, async () => {
      const { frame, data, ensemble, model } = build(c, 40 + i);
      expect(inspectOnnx(exportOnnx(model)).inputs.map((v) => v.name)).toEqual(FEATURES);
      await expectParity(model, frame, predictEnsemble(ensemble, transform(data.preprocessor, frame)));
    });
  }

  it('a trained boosted model on ordinal codes: the studio\'s answers on every row, in both runtimes', async () => {
    const { frame, parts } = fixtureFrame(70, 400);
    const data = prepareTrainingData(frame, parts, { target: 'species', task: 'classification', features: FEATURES, kind: 'gradient-boosted-trees' });
    const trained = await trainGradientBoosting(data, { ...GRADIENT_BOOSTING_DEFAULTS, iterations: 30, maxLeaves: 15, minSamplesLeaf: 5, patience: 0 });
    const island = data.preprocessor.columnNames.indexOf('island');
    expect(trained.featureGain[island]).toBeGreaterThan(0);
    const model = exportable('trained', 'gradient-boosted-trees', 'classification', trained.ensemble, data);
    await expectParity(model, frame, predictEnsemble(trained.ensemble, transform(data.preprocessor, frame)));
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True)', () => {
    expect(checkWithOnnx(exportOnnx(build(CASES[0], 40).model))).toBeNull();
  });
});
