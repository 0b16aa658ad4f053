import { describe, it, expect } from 'vitest';
import type { NewModel } from '$src/storage';
import type { DenseParameters } from '$src/core/model/types';
import { openFresh } from './helpers';

function model(projectId: string, name = 'm'): NewModel {
  return {
    projectId, datasetId: 'd', name,
    settings: { kind: 'baseline', epochs: 1, learningRate: 0.1, batchSize: 1, hiddenLayers: [], activation: 'relu', dropout: 0, l2: 0, optimizer: 'adam', patience: 0, seed: 1 },
    features: ['a'],
    preprocessor: { features: [], width: 0, columnNames: [] },
    target: { task: 'classification', column: 't', classes: ['a', 'b'] },
    parameters: { kind: 'baseline', task: 'classification', layers: [{ inputs: 1, outputs: 2, weights: new Float32Array(2), bias: new Float32Array([0.1, 0.2]), activation: 'linear' }], outputScale: null },
    curve: [], bestEpoch: 0, stoppedEarly: false, cancelled: false, backend: 'cpu', durationMs: 1,
    trainedOn: { recipeSteps: 0, splitCreatedAt: 1, trainRows: 1, validationRows: 1 },
    validation: { metrics: { Accuracy: 0.5 }, baseline: { Accuracy: 0.5 }, y: new Float32Array([0]), output: new Float32Array([0.4, 0.6]), importance: [] },
  };
}

describe('models', () => {
  it('saves a model as the selected one, lists, renames, records acceptance runs and deletes', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    const first = await db.saveModel(model(project.id, 'first'));
    const second = await db.saveModel(model(project.id, 'second'));
    expect((await db.getProject(project.id))!.selectedModelId).toBe(second.id);
    expect((await db.listModels(project.id)).map((m) => m.name)).toEqual(['first', 'second']);
    expect(Array.from(((await db.getModel(first.id))!.parameters as DenseParameters).layers[0].bias)).toEqual([0.10000000149011612, 0.20000000298023224]);

    await db.renameModel(first.id, ' Tuned MLP ');
    expect((await db.getModel(first.id))!.name).toBe('Tuned MLP');
    const run = { at: 1, criteria: [{ metric: 'Accuracy', threshold: 0.9 }], metrics: { Accuracy: 0.95 }, passed: true, results: [], testRows: 10 };
    expect((await db.addAcceptanceRun(first.id, run)).acceptance).toHaveLength(1);

    await db.deleteModel(second.id);
    expect((await db.getProject(project.id))!.selectedModelId).toBe(first.id);
    await db.deleteProject(project.id);
    expect(await db.getModel(first.id)).toBeUndefined();
  });

  it('refuses a model for a project that is gone', async () => {
    const { db } = await openFresh();
    await expect(db.saveModel(model('nope'))).rejects.toThrow('no longer exists');
  });
});
