import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { CLOSED_FORM_BACKEND, defaultSettings, trainModel } from '$src/core/model/train';
import type { DenseParameters, TrainProgress } from '$src/core/model/types';
import { blobs, trainingData } from './training-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classification = trainingData('classification', blobs([[-3, 0], [3, 0]], 20, 1), blobs([[-3, 0], [3, 0]], 10, 2));
const regression = trainingData('regression', { x: [[0], [1], [2], [3]], y: [1, 3, 5, 7] }, { x: [[4]], y: [9] });

describe('trainModel', () => {
  it('fits the baseline and linear regression without TF.js, reporting epoch 1', async () => {
    const before = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const baseline = await trainModel(classification, defaultSettings('baseline', 'classification', 40), {
      tf,
      onProgress: (p) => progress.push(p),
    });
    expect(baseline).toMatchObject({ backend: CLOSED_FORM_BACKEND, bestEpoch: 1, stoppedEarly: false, cancelled: false });
    expect(baseline.parameters.kind).toBe('baseline');
    expect(baseline.durationMs).toBeGreaterThanOrEqual(0);
    expect(progress).toEqual([{ epoch: 1, epochs: 1, batch: 1, batches: 1, record: baseline.curve[0] }]);

    const linear = await trainModel(regression, defaultSettings('linear-regression', 'regression', 4), { tf });
    expect(linear.backend).toBe(CLOSED_FORM_BACKEND);
    expect(linear.curve[0].validationMetric).toBe(0); // a one-row part has SST 0 and a tiny error
    expect(linear.curve[0].validationLoss).toBeLessThan(1e-8);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains logistic regression and the MLP with TF.js, on the backend in use', async () => {
    const logistic = await trainModel(classification, { ...defaultSettings('logistic-regression', 'classification', 40), epochs: 5 }, { tf });
    expect(logistic).toMatchObject({ backend: 'cpu', cancelled: false });
    expect(logistic.curve).toHaveLength(5);
    const mlp = await trainModel(regression, { ...defaultSettings('mlp', 'regression', 4), epochs: 3 }, { tf });
    expect(mlp.parameters).toMatchObject({ kind: 'mlp', task: 'regression' });
    expect((mlp.parameters as DenseParameters).outputScale).not.toBeNull();
  });

  it('refuses a model kind that does not fit the task', async () => {
    await expect(trainModel(classification, defaultSettings('linear-regression', 'classification', 40), { tf })).rejects.toThrow(
      /Linear regression predicts numbers/,
    );
    await expect(trainModel(regression, defaultSettings('logistic-regression', 'regression', 4), { tf })).rejects.toThrow(
      /Logistic regression predicts classes/,
    );
    await expect(trainModel(regression, { ...defaultSettings('mlp', 'regression', 4), epochs: 0 }, { tf })).rejects.toThrow(
      ModelError,
    );
  });

  it('refuses data that does not fit together', async () => {
    const broken = { ...regression, train: { ...regression.train, y: Float32Array.of(1, 2) } };
    await expect(trainModel(broken, defaultSettings('baseline', 'regression', 4), { tf })).rejects.toThrow(/same number of rows/);
    const missing = trainingData('regression', { x: [[NaN], [1]], y: [1, 2] });
    await expect(trainModel(missing, defaultSettings('mlp', 'regression', 2), { tf })).rejects.toThrow(/missing or infinite input/);
    const badLabel = trainingData('classification', { x: [[0], [1]], y: [0, 2] }, undefined, ['a', 'b']);
    await expect(trainModel(badLabel, defaultSettings('baseline', 'classification', 2), { tf })).rejects.toThrow(/unknown target/);
  });
});
