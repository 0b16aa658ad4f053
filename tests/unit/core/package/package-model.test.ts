/**
 * Packaging from a data session: the ONNX bytes and the parity material built from the test part
 * (raw inputs, or inputs cleaned by a step the graph cannot express), run in onnxruntime-node and
 * compared as the serve worker compares them.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { openStudioDB } from '$src/storage';
import { toArqueroTable, encodeChunks } from '$src/core/data/table';
import { generateSynthetic } from '$src/core/data/synthetic';
import { DataSession } from '$src/core/data/session';
import { PART } from '$src/core/data/frame';
import { compareOutputs, type FeedColumn } from '$src/core/deploy/feeds';
import { prepareTrainingData } from '$src/core/model/prepare';
import { defaultSettings, trainModel } from '$src/core/model/train';
import { firstPositions, packageModel, type PackagedModel } from '$src/core/package/package-model';
import type { RecipeStep } from '$src/core/data/recipe/steps';

const SPEC = { train: 60, validation: 20, test: 20, seed: 5, stratify: null, group: null, timeColumn: null };

async function sessionWith(steps: RecipeStep[]): Promise<DataSession> {
  const db = await openStudioDB({ name: `package-${Math.random()}`, storage: null });
  const project = await db.createProject('P');
  const parsed = generateSynthetic('classification', { rows: 300, features: 4, classes: 3, seed: 11, missingShare: 0.05 });
  const dataset = await db.saveDataset(
    { projectId: project.id, name: 'synthetic', source: { kind: 'synthetic', generator: 'classification', options: {} }, rowCount: parsed.rowCount, columns: parsed.columns.map((c) => c.info), warnings: [], description: '', chunkRows: 300 },
    encodeChunks(toArqueroTable(parsed)),
  );
  const session = await DataSession.open(db, dataset);
  for (const step of steps) await session.apply(step);
  await session.split(SPEC);
  return session;
}

async function trained(session: DataSession, kind: 'logistic-regression' | 'gradient-boosted-trees' = 'logistic-regression'): Promise<PackagedModel> {
  const features = session.prepared.columns.map((c) => c.name).filter((n) => n !== 'label');
  const data = prepareTrainingData(session.prepared, session.parts(), { target: 'label', task: 'classification', features });
  const settings = { ...defaultSettings(kind, 'classification', data.train.x.rows, 3), epochs: kind === 'gradient-boosted-trees' ? 30 : 5, minSamplesLeaf: 5 };
  const result = await trainModel(data, settings, { tf });
  return {
    name: 'm', parameters: result.parameters, preprocessor: data.preprocessor, target: data.target, features, createdAt: 0,
    validation: { metrics: {}, baseline: {}, y: data.validation.y, output: new Float32Array(0), importance: [] },
    acceptance: [], formatVersion: 1,
    trainedOn: { recipeSteps: session.pipeline.recipe.length, splitCreatedAt: session.pipeline.split!.createdAt, trainRows: data.train.x.rows, validationRows: data.validation.x.rows },
  };
}

async function runFeeds(bytes: Uint8Array, feeds: FeedColumn[], rows: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const tensors: Record<string, ort.Tensor> = {};
    for (const feed of feeds) tensors[feed.name] = new ort.Tensor(feed.type, feed.values, [rows, 1]);
    const out = await session.run(tensors);
    return { label: out.label?.data as ArrayLike<unknown>, probabilities: out.probabilities?.data as Float32Array };
  } finally {
    await session.release();
  }
}

describe('packaging a model from the data session', () => {
  it('gives bytes whose outputs on the test part agree with the in-app model', async () => {
    const session = await sessionWith([{ kind: 'impute', column: 'x1', strategy: 'median' }]);
    const model = await trained(session);
    const { result, parity } = packageModel(session, model, {});
    const testRows = Array.from(session.parts()).filter((p) => p === PART.test).length;
    expect(result.testRows).toBe(testRows);
    expect(result.sampled).toBe(false);
    expect(parity.rows).toBe(testRows);
    expect(parity.expected.output).toHaveLength(testRows * 3);
    expect(parity.feeds.map((f) => f.name).sort()).toEqual(result.inputs.map((i) => i.name).sort());
    for (const feed of parity.feeds) expect(feed.values).toHaveLength(testRows);
    const report = compareOutputs(parity.expected, await runFeeds(result.bytes, parity.feeds, parity.rows), parity.rows);
    expect(report).toMatchObject({ ok: true, labelMismatches: 0, rows: testRows });
  });

  it('packages gradient-boosted trees (ai.onnx.ml tree ensemble) whose outputs agree with the in-app model', async () => {
    const session = await sessionWith([{ kind: 'impute', column: 'x1', strategy: 'median' }]);
    const model = await trained(session, 'gradient-boosted-trees');
    expect(model.parameters.kind).toBe('gradient-boosted-trees');
    const { result, parity } = packageModel(session, model, {});
    expect(parity.expected.output).toHaveLength(parity.rows * 3);
    const report = compareOutputs(parity.expected, await runFeeds(result.bytes, parity.feeds, parity.rows), parity.rows);
    expect(report).toMatchObject({ ok: true, labelMismatches: 0, rows: parity.rows });
    expect(report.maxDifference).toBeLessThanOrEqual(1e-5);
  });

  it('exports only the recipe steps the model was trained after', async () => {
    const session = await sessionWith([{ kind: 'impute', column: 'x1', strategy: 'median' }]);
    const model = await trained(session);
    await session.apply({ kind: 'impute', column: 'x2', strategy: 'mean' });
    expect(session.pipeline.recipe).toHaveLength(2);
    const { result } = packageModel(session, model, {});
    expect(result.steps).toHaveLength(1);
  });
});

describe('first positions of row ids', () => {
  it('maps each id to where it first stands, and −1 to ids it does not hold', () => {
    const at = firstPositions(Float64Array.from([4, 2, 4, 0]));
    expect([0, 1, 2, 3, 4, 5, -1].map(at)).toEqual([3, -1, 1, -1, 0, -1, -1]);
  });
});
