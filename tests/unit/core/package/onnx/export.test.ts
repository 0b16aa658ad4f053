/**
 * Every model kind, trained on a fixture with every column type, exported and run in
 * onnxruntime-node and onnxruntime-web: the graph must give the studio's own labels and, within
 * 1e-4, its probabilities and predictions, on every row (missing values, rare and unseen
 * categories included), and pass the reference ONNX checker.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transform, transformRecord } from '$src/core/model/features';
import { predictModel, predictLabels } from '$src/core/model/predict';
import { prepareTrainingData } from '$src/core/model/prepare';
import { defaultSettings, trainModel } from '$src/core/model/train';
import type { Activation, DenseParameters, ModelKind, TargetEncoding, Task } from '$src/core/model/types';
import { dateInputNames, exportOnnx, inspectOnnx } from '$src/core/package/onnx/export';
import type { ExportableModel } from '$src/core/package/onnx/export';
import { CHECKER_UNAVAILABLE, FEATURES, RUNTIMES, checkWithOnnx, feedsFromFrame, feedsFromRecords, fixtureFrame, runOnnx } from './helpers';
import type { FeedValues } from './helpers';
import { expectExportError } from '../../../helpers/errors';

interface Case {
  title: string;
  kind: ModelKind;
  task: Task;
  target: string;
  activation?: Activation;
  hidden?: number[];
  labelType?: 'string' | 'int64';
}

const CASES: Case[] = [
  { title: 'baseline, 3 classes', kind: 'baseline', task: 'classification', target: 'species' },
  { title: 'baseline, regression', kind: 'baseline', task: 'regression', target: 'price' },
  { title: 'linear regression', kind: 'linear-regression', task: 'regression', target: 'price' },
  { title: 'logistic regression, binary (boolean classes)', kind: 'logistic-regression', task: 'classification', target: 'sold' },
  { title: 'logistic regression, 3 classes', kind: 'logistic-regression', task: 'classification', target: 'species' },
  { title: 'logistic regression, integer classes', kind: 'logistic-regression', task: 'classification', target: 'grade', labelType: 'int64' },
  { title: 'MLP relu, 3 classes', kind: 'mlp', task: 'classification', target: 'species', activation: 'relu', hidden: [16, 8] },
  { title: 'MLP tanh, binary', kind: 'mlp', task: 'classification', target: 'sold', activation: 'tanh', hidden: [8] },
  { title: 'MLP sigmoid, integer classes', kind: 'mlp', task: 'classification', target: 'grade', activation: 'sigmoid', hidden: [6, 5], labelType: 'int64' },
  { title: 'MLP relu, regression', kind: 'mlp', task: 'regression', target: 'price', activation: 'relu', hidden: [12] },
  { title: 'MLP tanh, regression', kind: 'mlp', task: 'regression', target: 'price', activation: 'tanh', hidden: [8, 4] },
];

/** Raw records beyond the fixture: everything missing, unseen text, values far outside the train range, raw text inputs. */
const EXTRA_RECORDS: Record<string, unknown>[] = [
  {},
  { 'Body Mass (g)': null, flipper: null, member: null, joined: null, island: '', colour: '' },
  { 'Body Mass (g)': 99_999, flipper: -40, member: true, joined: '2031-05-01', island: 'Mars', colour: 'RED' },
  { 'Body Mass (g)': '3950.5', flipper: '201', member: 'false', joined: new Date(Date.UTC(1999, 11, 31)), island: 'Dream', colour: 'green' },
  { 'Body Mass (g)': -1e9, flipper: 1e6, member: 0, joined: '1970-01-01', island: 'Atlantis', colour: 'Red' },
];

interface Trained {
  c: Case;
  model: ExportableModel;
  bytes: Uint8Array;
  feeds: Record<string, FeedValues>;
  expected: Float32Array;
  rows: number;
}

const trained: Trained[] = [];
/** The largest |onnx − studio| per output kind, over every case, row and runtime. */
const measured = { probability: 0, prediction: 0, predictionRelative: 0 };

function concatFeeds(a: Record<string, FeedValues>, b: Record<string, FeedValues>): Record<string, FeedValues> {
  const out: Record<string, FeedValues> = {};
  for (const name of Object.keys(a)) {
    const x = a[name];
    const y = b[name];
    out[name] = x instanceof Float32Array ? Float32Array.from([...x, ...(y as Float32Array)]) : [...x, ...(y as string[])];
  }
  return out;
}

async function train(c: Case, seed: number): Promise<Trained> {
  const { frame, parts } = fixtureFrame(seed);
  const data = prepareTrainingData(frame, parts, { target: c.target, task: c.task, features: FEATURES });
  const settings = {
    ...defaultSettings(c.kind, c.task, data.train.x.rows, seed),
    epochs: 40,
    patience: 0,
    learningRate: c.kind === 'mlp' ? 0.02 : 0.05,
    ...(c.hidden ? { hiddenLayers: c.hidden } : {}),
    ...(c.activation ? { activation: c.activation } : {}),
  };
  const result = await trainModel(data, settings, { tf });
  const model: ExportableModel = {
    name: c.title,
    parameters: result.parameters,
    preprocessor: data.preprocessor,
    target: data.target,
    features: FEATURES,
    metadata: { trained_at: '2025-01-02T03:04:05.000Z', recipe: [{ kind: 'impute', column: 'x' }], metrics: { accuracy: 0.9 } },
    formatVersion: 1,
  };
  // Every row of the fixture (train, validation, test) and the extra records.
  const x = transform(data.preprocessor, frame);
  const extra = EXTRA_RECORDS.map((r) => transformRecord(data.preprocessor, r));
  const values = new Float32Array((x.rows + extra.length) * x.width);
  values.set(x.values);
  extra.forEach((row, i) => values.set(row, (x.rows + i) * x.width));
  const rows = x.rows + extra.length;
  const expected = predictModel(result.parameters, { rows, width: x.width, values });
  const feeds = concatFeeds(feedsFromFrame(data.preprocessor, frame), feedsFromRecords(data.preprocessor, EXTRA_RECORDS));
  return { c, model, bytes: exportOnnx(model), feeds, expected, rows };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const [i, c] of CASES.entries()) trained.push(await train(c, 11 + i));
}, 120_000);

afterAll(() => {
  console.log(
    `ONNX parity, max |onnx − studio| over ${trained.length} models × ${RUNTIMES.length} runtimes: ` +
      `probabilities ${measured.probability.toExponential(2)}, predictions ${measured.prediction.toExponential(2)} ` +
      `(relative ${measured.predictionRelative.toExponential(2)})`,
  );
});

describe.each(CASES.map((c, i) => ({ ...c, i })))('export: $title', ({ i, kind, task, labelType }) => {
  it.each(RUNTIMES)('runs in $name with the studio’s labels and numbers', async ({ ort }) => {
    const t = trained[i];
    const out = await runOnnx(ort, t.bytes, t.feeds);
    if (task === 'classification') {
      const classes = t.model.target.classes;
      const k = classes.length;
      expect(Object.keys(out).sort()).toEqual(['label', 'probabilities']);
      expect(out.probabilities.dims).toEqual([t.rows, k]);
      expect(out.label.dims).toEqual([t.rows]);
      const probabilities = out.probabilities.data as Float32Array;
      for (let j = 0; j < probabilities.length; j++) {
        const d = Math.abs(probabilities[j] - t.expected[j]);
        measured.probability = Math.max(measured.probability, d);
        expect(d).toBeLessThanOrEqual(1e-4);
      }
      const expectedLabels = predictLabels(t.expected, classes);
      if ((labelType ?? 'string') === 'int64') {
        expect(out.label.data).toBeInstanceOf(BigInt64Array);
        expect(Array.from(out.label.data as BigInt64Array, String)).toEqual(expectedLabels);
      } else {
        expect(Array.from(out.label.data as string[])).toEqual(expectedLabels);
      }
      // Beyond the baseline, the labels are not all one class (so the comparison means something).
      if (kind !== 'baseline') expect(new Set(expectedLabels).size).toBeGreaterThan(1);
    } else {
      expect(Object.keys(out)).toEqual(['prediction']);
      expect(out.prediction.dims).toEqual([t.rows, 1]);
      const prediction = out.prediction.data as Float32Array;
      for (let j = 0; j < prediction.length; j++) {
        const d = Math.abs(prediction[j] - t.expected[j]);
        measured.prediction = Math.max(measured.prediction, d);
        measured.predictionRelative = Math.max(measured.predictionRelative, d / Math.max(1, Math.abs(t.expected[j])));
        // Within 1e-4 absolutely: the graph computes as the studio does, so not even one float32 ulp (≈ 0.016 at 250,000) apart.
        expect(d).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True)', () => {
    expect(checkWithOnnx(trained[i].bytes)).toBeNull();
  });

  it('declares the contract’s inputs and outputs', () => {
    const t = trained[i];
    const info = inspectOnnx(t.bytes);
    expect(info.inputs).toEqual(
      t.model.preprocessor.features.map((f) => ({ name: f.name, type: f.kind === 'numeric' ? 'float32' : 'string', shape: ['N', 1] })),
    );
    expect(info.outputs).toEqual(
      task === 'classification'
        ? [
            { name: 'label', type: labelType ?? 'string', shape: ['N'] },
            { name: 'probabilities', type: 'float32', shape: ['N', t.model.target.classes.length] },
          ]
        : [{ name: 'prediction', type: 'float32', shape: ['N', 1] }],
    );
    expect(info.opsets).toEqual({ 'ai.onnx': 17, 'ai.onnx.ml': 3 });
    expect(info.irVersion).toBe(8);
  });
});

describe('exported metadata', () => {
  it('says what the model was trained on and how', () => {
    const t = trained.find((x) => x.c.target === 'species' && x.c.kind === 'mlp')!;
    const info = inspectOnnx(t.bytes);
    const m = info.metadata;
    expect(Object.keys(m).sort()).toEqual(['classes', 'features', 'format_version', 'kind', 'metrics', 'producer', 'recipe', 'target', 'task', 'trained_at']);
    expect(JSON.parse(m.classes)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(m).toMatchObject({ target: 'species', task: 'classification', kind: 'mlp', trained_at: '2025-01-02T03:04:05.000Z', producer: 'ML Studio', format_version: '1' });
    expect(JSON.parse(m.recipe)).toEqual([{ kind: 'impute', column: 'x' }]);
    expect(JSON.parse(m.metrics)).toEqual({ accuracy: 0.9 });
    const features = JSON.parse(m.features) as Record<string, unknown>[];
    expect(features.map((f) => f.name)).toEqual(FEATURES);
    const p = t.model.preprocessor;
    const mass = p.features[0];
    const island = p.features[4];
    if (mass.kind !== 'numeric' || island.kind !== 'categorical') throw new Error('fixture changed');
    expect(features[0]).toEqual({ name: 'Body Mass (g)', type: 'numeric', input: 'float32', source: 'number', impute: mass.impute, mean: mass.mean, std: mass.std });
    expect(features[2]).toMatchObject({ name: 'member', type: 'numeric', source: 'boolean' });
    expect(features[3]).toMatchObject({ name: 'joined', type: 'date', input: 'float32', source: 'date', parts: ['year', 'month', 'day of week', 'day of year', 'days since first'] });
    expect(features[3].unit).toMatch(/^days since 1970-01-01 UTC/);
    expect(features[4]).toEqual({ name: 'island', type: 'categorical', input: 'string', source: 'text', impute: island.impute, categories: island.categories, other: false });
    expect(info.producer).toEqual({ name: 'ML Studio', version: '1' });
    expect(info.graphName).toBe('MLP relu, 3 classes');
  });

  it('writes an empty class list for regression, and a producer when given', () => {
    const t = trained.find((x) => x.c.task === 'regression')!;
    const bytes = exportOnnx({ ...t.model, metadata: { ...t.model.metadata, producer: 'ML Studio 0.1.0 (test)' } });
    const m = inspectOnnx(bytes).metadata;
    expect(JSON.parse(m.classes)).toEqual([]);
    expect(m.task).toBe('regression');
    expect(m.target).toBe('price');
    expect(m.producer).toBe('ML Studio 0.1.0 (test)');
    expect(inspectOnnx(bytes).producer.name).toBe('ML Studio 0.1.0 (test)');
  });

  it('is the same bytes for the same model', () => {
    const t = trained[0];
    expect(exportOnnx(t.model)).toEqual(t.bytes);
  });
});

// ---- Refusals ----


describe('ExportError', () => {
  const base = (): ExportableModel => {
    const t = trained.find((x) => x.c.kind === 'logistic-regression' && x.c.target === 'species')!;
    return structuredClone(t.model);
  };
  const withFeature = (m: ExportableModel, i: number, change: Record<string, unknown>): ExportableModel => {
    const features = m.preprocessor.features.map((f, j) => (j === i ? ({ ...f, ...change } as typeof f) : f));
    return { ...m, preprocessor: { ...m.preprocessor, features } };
  };

  it('refuses an unknown stored format, and accepts format 1 or none', () => {
    expectExportError(() => exportOnnx({ ...base(), formatVersion: 2 }), /format 2.*reads format 1/);
    expect(exportOnnx({ ...base(), formatVersion: undefined })).toBeInstanceOf(Uint8Array);
  });

  it('refuses features that do not match the preprocessing', () => {
    expectExportError(() => exportOnnx({ ...base(), features: [...FEATURES].reverse() }), /same columns in the same order/);
    expectExportError(() => exportOnnx({ ...base(), features: FEATURES.slice(1) }), /same columns/);
  });

  it('refuses a feature named like an output', () => {
    const m = base();
    const renamed = withFeature(m, 0, { name: 'label' });
    expectExportError(() => exportOnnx({ ...renamed, features: ['label', ...FEATURES.slice(1)] }), /column label has the name of one of the model's outputs/);
  });

  it('names the feature whose fitted values cannot be written', () => {
    expectExportError(() => exportOnnx(withFeature(base(), 1, { std: 0 })), /feature flipper has a standard deviation of 0/);
    expectExportError(() => exportOnnx(withFeature(base(), 0, { impute: NaN })), /feature Body Mass \(g\) has no usable imputed value/);
    expectExportError(() => exportOnnx(withFeature(base(), 3, { mean: Infinity })), /feature joined has a mean of Infinity/);
    expectExportError(() => exportOnnx(withFeature(base(), 4, { categories: [] })), /feature island has no categories/);
    expectExportError(() => exportOnnx(withFeature(base(), 4, { categories: ['Biscoe', 'Biscoe'] })), /island lists the category "Biscoe" twice/);
    expectExportError(() => exportOnnx(withFeature(base(), 5, { categories: ['red', ''] })), /colour has the empty text as a category/);
  });

  it('refuses a preprocessing that was not stored whole', () => {
    const m = base();
    expectExportError(() => exportOnnx({ ...m, preprocessor: { ...m.preprocessor, width: m.preprocessor.width + 1 } }), /gives \d+ design columns, but its features make \d+/);
  });

  it('refuses parameters that do not fit the preprocessing, the task or the kind', () => {
    const m = base();
    const dense = m.parameters as DenseParameters;
    const layer = dense.layers[0];
    const p = (parameters: Partial<DenseParameters>): ExportableModel => ({ ...m, parameters: { ...dense, ...parameters } });
    expectExportError(() => exportOnnx(p({ layers: [] })), /no layers/);
    expectExportError(
      () => exportOnnx(p({ layers: [{ ...layer, inputs: layer.inputs - 1, weights: layer.weights.slice(layer.outputs) }] })),
      /takes \d+ input columns but its preprocessing gives \d+/,
    );
    const nan = Float32Array.from(layer.weights);
    nan[3] = NaN;
    expectExportError(() => exportOnnx(p({ layers: [{ ...layer, weights: nan }] })), /Layer 1 of 1 has a weight that is not a number/);
    expectExportError(() => exportOnnx(p({ layers: [layer, { inputs: 3, outputs: 3, weights: new Float32Array(9), bias: new Float32Array(3), activation: 'linear' }] })), /logistic regression model is one linear layer/);
    expectExportError(() => exportOnnx(p({ task: 'regression' })), /predicts classes; this one is stored as a regression model/);
    expectExportError(() => exportOnnx(p({ kind: 'forest' as DenseParameters['kind'] })), /model kind forest is not one the exporter knows/);
    const target: TargetEncoding = { ...m.target, classes: ['a', 'b'] };
    expectExportError(() => exportOnnx({ ...m, target }), /gives 3 probabilities but the target species has 2 classes/);
    expectExportError(() => exportOnnx({ ...m, target: { ...m.target, classes: ['a', 'a', 'b'] } }), /lists a class twice/);
    expectExportError(() => exportOnnx({ ...m, target: { ...m.target, task: 'regression' } }), /classification model but its target species is encoded for regression/);
  });

  it('refuses a regression model with a broken output scale', () => {
    const t = trained.find((x) => x.c.kind === 'linear-regression')!;
    const m = structuredClone(t.model);
    expectExportError(() => exportOnnx({ ...m, parameters: { ...(m.parameters as DenseParameters), outputScale: { mean: NaN, std: 1 } } }), /output scale/);
  });

  it('refuses metadata that cannot be JSON', () => {
    const m = base();
    expectExportError(() => exportOnnx({ ...m, metadata: { ...m.metadata, recipe: { n: 1n } } }), /recipe cannot be written as JSON/);
  });
});

describe('inspectOnnx refuses what is not ONNX', () => {
  it.each([
    ['empty bytes', new Uint8Array(0)],
    ['text', new TextEncoder().encode('species,island\nAdelie,Biscoe\n')],
    ['a PNG header', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['random bytes', Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 251)],
  ])('%s', (_, bytes) => {
    expectExportError(() => inspectOnnx(bytes), /not an ONNX model/);
  });

  it('a model cut short', () => {
    expectExportError(() => inspectOnnx(trained[0].bytes.slice(0, trained[0].bytes.length - 40)), /not an ONNX model/);
  });
});

describe('dateInputNames', () => {
  it('names the inputs that take dates: recipe inputs of date columns, else date features', () => {
    const features = JSON.stringify([{ name: 'joined', type: 'date' }, { name: 'mass', type: 'numeric' }]);
    expect(dateInputNames({ features })).toEqual(['joined']);
    const inputs = JSON.stringify([
      { name: 'When (after step 2)', columnType: 'date', description: 'When as loaded (dates): a date as days since 1970-01-01 UTC (float32, …)' },
      { name: 'Old', columnType: 'date', description: 'Old as loaded (dates): a date as milliseconds since 1970-01-01 UTC; NaN when missing' },
      { name: 'n', columnType: 'integer', description: 'a number' },
    ]);
    expect(dateInputNames({ features, inputs })).toEqual(['When (after step 2)']);
    expect(dateInputNames({ features: 'not json' })).toEqual([]);
    expect(dateInputNames({})).toEqual([]);
  });
});
