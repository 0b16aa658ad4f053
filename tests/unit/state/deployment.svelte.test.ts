import { describe, expect, it } from 'vitest';
import { Deployment } from '$src/state/deployment.svelte';
import type { DataApi } from '$workers/data.worker';
import type { SessionSummary } from '$src/core/data/session';
import type { PackageResult } from '$src/core/package/package-model';
import type { ServeApi } from '$workers/serve.worker';
import type { DatasetRecord, ModelRecord } from '$src/storage';
import { datasetInput } from '../storage/helpers';
import { fakeBridge, testContext, type FakeApi } from './fakes';

const parity = { rows: 30, maxDifference: 1e-7, labelMismatches: 0, ok: true, tolerance: 1e-4 };

async function setUp(serve: FakeApi<ServeApi> = {}, step = 'package') {
  const context = await testContext(step);
  const dataset: DatasetRecord = await context.db.saveDataset(datasetInput(context.projectId()!), [new Uint8Array([1])]);
  const stored = await context.db.saveModel({
    projectId: context.projectId()!, datasetId: dataset.id, name: 'Model A', features: ['sepal_length'],
    target: { task: 'classification', column: 'species', classes: ['a', 'b'] },
    preprocessor: { features: [{ kind: 'numeric', name: 'sepal_length', sourceType: 'number', impute: 5.8, mean: 5.8, std: 0.8 }] },
    reference: { features: [] },
    validation: { importance: [] },
  } as never);
  let model: ModelRecord | null = stored;
  let rereads = 0;
  const session = {
    dataset, rules: [], prepared: { rowCount: 150, columns: dataset.columns },
  } as unknown as SessionSummary;
  const ports: MessagePort[] = [];
  const dataWorker = fakeBridge<DataApi>({
    packageModel: async (_datasetId: string, _model: unknown, _columns: unknown, port: MessagePort) => {
      ports.push(port);
      return { bytes: new Uint8Array([8, 7]), inputs: [{ name: 'sepal_length', type: 'float32', columnType: 'number' }], steps: [], notes: [] } as unknown as PackageResult;
    },
  });
  const served: { spec: unknown }[] = [];
  const serveWorker = fakeBridge<ServeApi>({
    parity: async (port: MessagePort) => {
      ports.push(port);
      return parity;
    },
    load: async (_bytes, spec) => {
      served.push({ spec });
      return { inputs: [], outputs: [] };
    },
    ...serve,
  });
  const deployment = new Deployment(
    context,
    {
      data: { dataset, datasets: [dataset], session },
      training: {
        get model() { return model; },
        reread: async () => {
          rereads += 1;
          model = (await context.db.getModel(stored.id)) ?? null;
        },
      },
    },
    { data: dataWorker, serve: serveWorker },
  );
  return { context, deployment, ports, served, model: () => model, rereads: () => rereads, setModel: (m: ModelRecord | null) => (model = m) };
}

describe('Deployment', () => {
  it('packages the selected model, its parity checked by the serve worker over a channel of its own', async () => {
    const { deployment, ports, setModel, model } = await setUp();
    await deployment.packageModel();
    expect(ports).toHaveLength(2);
    expect(ports[0]).not.toBe(ports[1]);
    expect(deployment.packaged).toMatchObject({ modelId: model()!.id, parity, bytes: new Uint8Array([8, 7]) });
    // The package belongs to its model: another selected model has none yet.
    const packagedModel = model();
    setModel({ ...packagedModel!, id: 'another' });
    expect(deployment.packaged).toBeNull();
    setModel(packagedModel);
    expect(deployment.packaged).not.toBeNull();
  });

  it('serves the packaged model with a spec made from its preprocessing, packaging it first when needed', async () => {
    const { deployment, served } = await setUp({}, 'serve');
    await deployment.serveSelectedModel();
    expect(served).toHaveLength(1);
    expect(deployment.serving).toMatchObject({ source: 'studio', fileName: null, spec: { modelName: 'Model A', task: 'classification' } });
    expect(deployment.serving?.spec.inputs[0]).toMatchObject({ name: 'sepal_length', typical: 5.8 });
  });

  it('refuses an .onnx file that is too large or not a model, and keeps serving what it served', async () => {
    const { deployment, context } = await setUp({}, 'serve');
    await deployment.serveSelectedModel();
    const before = deployment.serving;
    const huge = new File([], 'huge.onnx');
    Object.defineProperty(huge, 'size', { value: 300 * 1024 * 1024 });
    await deployment.serveOnnxFile(huge);
    expect(context.messages.error).toBe('huge.onnx is 300 MB; the studio serves models up to 256 MB. Choose a smaller model file.');
    await deployment.serveOnnxFile(new File(['not a model'], 'notes.onnx'));
    expect(context.messages.error).toMatch(/^notes\.onnx cannot be served: /);
    expect(deployment.serving).toBe(before);
  });

  it('answers a prediction first and stores its log row before the log is read, telling other tabs', async () => {
    let flushed = 0;
    const { deployment, context } = await setUp({
      predict: async () => ({ label: 'a' }) as never,
      flushLog: async () => {
        flushed += 1;
        return 0;
      },
    }, 'serve');
    await deployment.serveSelectedModel();
    expect(await deployment.predict({ sepal_length: 5 })).toEqual({ label: 'a' });
    expect(deployment.logVersion).toBe(0);
    await deployment.countLog();
    expect(flushed).toBe(1);
    expect(deployment.logVersion).toBe(1);
    expect(context.announced).toContainEqual({ kind: 'log', projectId: context.projectId() });
    // Nothing more was logged: reading again writes nothing.
    await deployment.countLog();
    expect(flushed).toBe(1);
  });

  it('says when the log reached its limit and dropped its oldest rows', async () => {
    const { deployment, context } = await setUp({ predict: async () => ({}) as never, flushLog: async () => 12 }, 'serve');
    await deployment.serveSelectedModel();
    await deployment.predict({});
    await deployment.storeLogged();
    expect(context.messages.notice).toBe('The inference log reached its limit; the 12 oldest records were removed.');
  });

  it('records a drift check with the model, with the largest drift score of its features', async () => {
    const report = {
      rows: 50, predictions: null,
      features: [{ name: 'a', psi: 0.05, drifted: false }, { name: 'b', psi: 0.31, drifted: true }, { name: 'c', psi: 0.2, drifted: true }],
    };
    const { deployment, model, rereads } = await setUp({
      monitor: async () => ({ label: 'week-2.csv', rows: 50, report, decision: { retrain: true, reasons: ['b drifted'] } }) as never,
    }, 'monitor');
    const result = await deployment.monitor({ kind: 'file', file: new File(['x'], 'week-2.csv') }, {} as never);
    expect(result?.decision.retrain).toBe(true);
    expect(rereads()).toBe(1);
    expect(model()!.monitoring).toEqual([expect.objectContaining({ label: 'week-2.csv', rows: 50, maxPsi: 0.31, drifted: 2, retrain: true, reasons: ['b drifted'] })]);
  });
});
