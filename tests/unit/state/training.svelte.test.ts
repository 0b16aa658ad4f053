import { describe, expect, it } from 'vitest';
import { Training, type TrainRequest } from '$src/state/training.svelte';
import type { DataApi } from '$workers/data.worker';
import type { TrainApi } from '$workers/train.worker';
import type { DatasetRecord } from '$src/storage';
import type { EpochRecord, TrainSettings } from '$src/core/model/types';
import { datasetInput } from '../storage/helpers';
import { deferred, fakeBridge, testContext, tick } from './fakes';

type Trained = Awaited<ReturnType<TrainApi['train']>>;

const request: TrainRequest = {
  target: 'species', task: 'classification', features: ['sepal_length'],
  settings: { kind: 'baseline', seed: 7 } as unknown as TrainSettings, backend: 'cpu', name: 'First model',
};

function epoch(n: number): EpochRecord {
  return { epoch: n, loss: 1 / (n + 1), valLoss: 1 / (n + 1) } as unknown as EpochRecord;
}

/** What the train worker answers for a run of `epochs` epochs (cancelled or not). */
function trained(epochs: number, cancelled = false): Trained {
  const curve = Array.from({ length: epochs }, (_, i) => epoch(i));
  return {
    result: { parameters: { kind: 'baseline' }, curve, bestEpoch: epochs, stoppedEarly: false, cancelled, backend: 'cpu', durationMs: 1500 },
    tried: [],
    preprocessor: { features: [] },
    target: { task: 'classification', column: 'species', classes: ['a', 'b'] },
    validation: { metrics: {}, baseline: {}, y: new Float32Array(), output: new Float32Array(), importance: [] },
  } as unknown as Trained;
}

async function setUp(train: TrainApi['train'], step = 'train') {
  const context = await testContext(step);
  const dataset: DatasetRecord = await context.db.saveDataset(datasetInput(context.projectId()!), [new Uint8Array([1])]);
  const ports: MessagePort[] = [];
  const specs: unknown[] = [];
  const dataWorker = fakeBridge<DataApi>({
    sendTrainingData: async (_datasetId: string, spec: unknown, port: MessagePort) => {
      ports.push(port);
      specs.push(spec);
      return { trainRows: 100, validationRows: 20, recipeSteps: 0, splitCreatedAt: 1 };
    },
    monitoringReference: async () => ({ features: [] }) as never,
    acceptanceMetrics: async () => ({ metrics: { accuracy: 0.9 }, testRows: 30 }) as never,
  });
  const trainWorker = fakeBridge<TrainApi>({ train });
  const training = new Training(context, { dataset, datasetId: () => dataset.id }, { data: dataWorker, train: trainWorker });
  return { context, dataset, training, ports, specs };
}

describe('Training', () => {
  it('trains on the data the data worker posts, stores the model with its drift reference and says how it went', async () => {
    let port: MessagePort | null = null;
    const { context, training, ports, specs } = await setUp(async (_jobId, received) => {
      port = received;
      return trained(3);
    });
    await training.train(request);
    // The two ends of one channel: the data worker's and the train worker's.
    expect(ports).toHaveLength(1);
    // The model kind goes with the data request: tree models get their own preprocessing.
    expect(specs).toEqual([{ target: request.target, task: request.task, features: request.features, kind: request.settings.kind }]);
    expect(port).not.toBeNull();
    expect(port).not.toBe(ports[0]);
    expect(training.models.map((m) => m.name)).toEqual(['First model']);
    expect(training.model?.reference).toEqual({ features: [] });
    expect(training.model?.trainedOn).toEqual({ trainRows: 100, validationRows: 20, recipeSteps: 0, splitCreatedAt: 1 });
    expect(training.live?.curve).toHaveLength(3);
    expect(context.messages.notice).toBe('Training complete: First model on cpu, 3 epochs in 1.5 s.');
    expect(context.announced).toContainEqual({ kind: 'project', projectId: context.projectId() });
  });

  it('draws the live curve from progress, and ignores progress that arrives after the result', async () => {
    let report!: Parameters<TrainApi['train']>[4];
    const finish = deferred<Trained>();
    const { training } = await setUp(async (_jobId, _port, _settings, _backend, onProgress) => {
      report = onProgress;
      return finish.promise;
    });
    const run = training.train(request);
    await tick();
    report({ epoch: 0, epochs: 2, batch: 0, batches: 1, backend: 'webgl', tried: [{ name: 'webgpu', error: 'no adapter' }], record: epoch(0) } as never);
    expect(training.live).toMatchObject({ backend: 'webgl', fallbacks: [{ name: 'webgpu', error: 'no adapter' }] });
    expect(training.live?.curve).toHaveLength(1);
    finish.resolve(trained(2));
    await run;
    report({ epoch: 2, epochs: 2, batch: 0, batches: 1, backend: 'webgl', tried: [], record: epoch(2) } as never);
    expect(training.live?.curve).toHaveLength(2);
  });

  it('keeps a cancelled run’s best model only when asked to', async () => {
    const { context, training } = await setUp(async () => trained(4, true));
    await training.train(request);
    expect(training.models).toEqual([]);
    expect(context.messages.notice).toBe('Training was cancelled. The best model so far (epoch 4) can be kept or discarded.');
    await training.cancelledModel!.save();
    expect(training.models.map((m) => m.name)).toEqual(['First model']);
    expect(training.cancelledModel).toBeNull();

    await training.train(request);
    training.discardCancelledModel();
    expect(training.cancelledModel).toBeNull();
    expect(training.models).toHaveLength(1);
    expect(context.messages.notice).toBe('The cancelled model was discarded.');
  });

  it('records the acceptance test with the model, and refuses a model of another dataset', async () => {
    const { context, training } = await setUp(async () => trained(1));
    await training.train(request);
    await training.runAcceptance([{ metric: 'accuracy', op: '>=', value: 0.8 }] as never);
    expect(training.model?.acceptance).toHaveLength(1);
    expect(training.model?.acceptance[0]).toMatchObject({ testRows: 30, metrics: { accuracy: 0.9 } });

    const other = new Training(context, { dataset: null, datasetId: () => 'other' }, { data: fakeBridge<DataApi>({}), train: fakeBridge<TrainApi>({}) });
    await other.show();
    await other.runAcceptance([]);
    expect(context.messages.error).toBe('This model was trained on another dataset of the project. Open that dataset in the Data step to test it.');
  });

  it('shows each tuning trial as it finishes, then the search’s results', async () => {
    const context = await testContext('train');
    const trial = (score: number) => ({ settings: {}, score }) as never;
    const training = new Training(context, { dataset: null, datasetId: () => 'd1' }, {
      data: fakeBridge<DataApi>({ sendTrainingData: async () => ({}) as never }),
      train: fakeBridge<TrainApi>({
        tune: async (_jobId, _port, _base, _space, _plan, _backend, onTrial) => {
          onTrial(trial(0.7), 0, 2);
          expect(training.tuning?.results).toHaveLength(1);
          onTrial(trial(0.8), 1, 2);
          return { results: [trial(0.7), trial(0.8)], best: 1, cancelled: false, combinations: 6, backend: 'cpu' } as never;
        },
      }),
    });
    await training.tune(request, {} as never, { strategy: 'random', budget: 2, validation: 'holdout' });
    expect(training.tuning).toMatchObject({ running: false, best: 1, combinations: 6, total: 2 });
    expect(training.tuning?.results).toHaveLength(2);
    expect(context.messages.notice).toBe('Tuning complete: 2 trials.');
  });
});
