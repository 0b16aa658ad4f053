/**
 * Deployment (Package, Serve, Logs, Monitor): the selected model exported as one ONNX file and
 * checked, the model being served by the serve worker, the inference log it writes, and drift
 * checks against the model's training reference.
 */
import * as Comlink from 'comlink';
import type { InferenceRecord, LogQuery } from '../storage';
import { LOG_FLUSH_MS } from '../storage/log-writer';
import type { DataApi } from '../../workers/data.worker';
import type { PackageResult } from '../core/package/package-model';
import type { ServeApi } from '../../workers/serve.worker';
import type { ParityReport } from '../core/deploy/feeds';
import { specFromModel, specFromOnnx, type ServingSpec } from '../core/deploy/serving-spec';
import { largestPsi, type DriftThresholds } from '../core/deploy/drift';
import { inspectOnnx } from '../core/package/onnx/export';
import { describeError } from './errors';
import type { Bridge, StudioContext } from './context';
import type { DataSteps } from './data-steps.svelte';
import type { Training } from './training.svelte';

/** The largest model file Serve loads: onnxruntime-web holds the whole graph in wasm memory. */
const MAX_SERVED_BYTES = 256 * 1024 * 1024;

export type Packaged = PackageResult & { modelId: string; parity: ParityReport };
export interface Serving {
  spec: ServingSpec;
  source: 'studio' | 'file';
  fileName: string | null;
}
/** What a drift check compares with the reference: a labelled file, or the logged predictions of a time range. */
export type MonitorSource = { kind: 'file'; file: File } | { kind: 'log'; from?: number; to?: number };

export class Deployment {
  #packaged = $state.raw<Packaged | null>(null);
  #serving = $state.raw<Serving | null>(null);
  #logVersion = $state(0);
  /** The serve worker's write of the last predictions' log rows (never rejects). */
  #logged: Promise<void> = Promise.resolve();
  /** Predictions answered whose rows are not asked to be stored yet, and the timer that will. */
  #unstored: { projectId: string; timer: ReturnType<typeof setTimeout> } | null = null;
  readonly #context: StudioContext;
  readonly #data: Pick<DataSteps, 'dataset' | 'datasets' | 'session'>;
  readonly #training: Pick<Training, 'model' | 'reread'>;
  readonly #dataWorker: Bridge<DataApi>;
  readonly #server: Bridge<ServeApi>;

  constructor(
    context: StudioContext,
    phases: { data: Pick<DataSteps, 'dataset' | 'datasets' | 'session'>; training: Pick<Training, 'model' | 'reread'> },
    workers: { data: Bridge<DataApi>; serve: Bridge<ServeApi> },
  ) {
    this.#context = context;
    this.#data = phases.data;
    this.#training = phases.training;
    this.#dataWorker = workers.data;
    this.#server = workers.serve;
  }

  /** The selected model's exported ONNX bytes and their parity check, once made. */
  get packaged(): Packaged | null { return this.#packaged?.modelId === this.#training.model?.id ? this.#packaged : null; }
  /** The model being served: the selected model's packaged file, or an .onnx file loaded in Serve. */
  get serving(): Serving | null { return this.#serving; }
  /** Changes whenever the inference log may have grown or been cleared. */
  get logVersion(): number { return this.#logVersion; }

  /** Another project is on screen: nothing of this one is packaged or served. */
  show(): void {
    this.#packaged = null;
    this.#serving = null;
  }

  /** The log was changed elsewhere (another tab): views that show it read it again. */
  logChanged(): void {
    this.#logVersion++;
  }

  /**
   * Exports the selected model as ONNX and checks it: the data worker builds the bytes and posts
   * them, with the test part's inputs and the in-app outputs, to the serve worker, which runs them
   * in onnxruntime-web and compares. The result is kept for the download.
   */
  async packageModel(): Promise<void> {
    const model = this.#training.model;
    const datasetId = this.#data.dataset?.id;
    if (!model || !datasetId) return;
    if (model.datasetId !== datasetId) {
      this.#context.messages.fail('This model was trained on another dataset of the project. Open that dataset in the Data step to package it.');
      return;
    }
    const { port1, port2 } = new MessageChannel();
    const plain = {
      name: model.name, parameters: model.parameters, preprocessor: model.preprocessor, target: model.target,
      features: model.features, createdAt: model.createdAt, validation: model.validation, acceptance: model.acceptance,
      formatVersion: model.formatVersion, trainedOn: model.trainedOn,
    };
    // Appended and joined datasets' columns, so the graph can name the inputs they bring.
    const datasetColumns = Object.fromEntries(this.#data.datasets.map((d) => [d.id, d.columns]));
    const result = await this.#context.jobs.task({ label: 'Exporting and checking the ONNX model', action: 'export the model', unit: 'rows' }, async (_progress, signal) => {
      const parity = this.#server.run((remote) => remote.parity(Comlink.transfer(port2, [port2])), signal);
      const packaged = await this.#dataWorker.run((remote) => remote.packageModel(datasetId, plain, datasetColumns, Comlink.transfer(port1, [port1])), signal);
      return { ...packaged, parity: await parity };
    });
    if (result) this.#packaged = { modelId: model.id, ...result };
  }

  /** Makes the selected model's packaged ONNX file the served one (packaging it first if needed). */
  async serveSelectedModel(): Promise<void> {
    const model = this.#training.model;
    const session = this.#data.session;
    if (!model || !session) return;
    if (!this.packaged) await this.packageModel();
    const packaged = this.packaged;
    if (!packaged) return;
    // The rules were written for the prepared columns; the raw columns read them where names match.
    const columns = [...session.dataset.columns, ...session.prepared.columns.filter((c) => !session.dataset.columns.some((d) => d.name === c.name))];
    const spec = specFromModel(model, packaged.inputs, session.rules, columns);
    const loaded = await this.#context.jobs.task({ label: 'Loading the model for serving', action: 'load the model for serving', unit: 'rows' }, (_p, signal) =>
      this.#server.run((remote) => remote.load(packaged.bytes, spec), signal),
    );
    if (loaded) this.#serving = { spec, source: 'studio', fileName: null };
  }

  /** Serves an .onnx file made elsewhere: its inputs are read from the graph. */
  async serveOnnxFile(file: File): Promise<void> {
    const { messages, jobs } = this.#context;
    if (file.size > MAX_SERVED_BYTES) {
      messages.fail(`${file.name} is ${Math.round(file.size / 1048576)} MB; the studio serves models up to 256 MB. Choose a smaller model file.`);
      return;
    }
    let spec: ServingSpec;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
      spec = specFromOnnx(file.name, inspectOnnx(bytes));
    } catch (error) {
      messages.fail(`${file.name} cannot be served: ${(error as Error).message}`);
      return;
    }
    const loaded = await jobs.task({ label: 'Loading the model file', action: `load ${file.name}`, unit: 'rows' }, (_p, signal) =>
      this.#server.run((remote) => remote.load(bytes, spec), signal),
    );
    if (loaded) this.#serving = { spec, source: 'file', fileName: file.name };
  }

  /** One prediction from the form's values: answered first, then logged (see #storeLogged). */
  async predict(record: Record<string, unknown>) {
    const projectId = this.#context.projectId();
    if (!projectId || !this.#serving) return undefined;
    try {
      const result = await this.#server.run((remote) => remote.predict(projectId, record));
      this.#storeSoon(projectId);
      return result;
    } catch (error) {
      this.#context.messages.fail(describeError(error, 'make the prediction'));
      return undefined;
    }
  }

  /** Scores a whole file with progress and Cancel; every row is logged as one request. */
  async scoreFile(file: File) {
    const projectId = this.#context.projectId();
    if (!projectId || !this.#serving) return undefined;
    const result = await this.#context.jobs.task({ label: `Scoring ${file.name}`, action: `score ${file.name}`, total: file.size, unit: 'bytes' }, (progress, signal) =>
      // Reading the file counts bytes; scoring and logging it count rows.
      this.#server.run((remote, jobId) => remote.scoreFile(jobId, projectId, file, Comlink.proxy((done: number, total: number, phase: string) =>
        progress(done, total, phase === 'reading' ? 'bytes' : 'rows'))), signal),
    );
    if (result) this.#logGrew(projectId, result.trimmed);
    return result;
  }

  /** The CSV of the last scored file (written only now, when it is asked for). */
  async scoredPredictions(scoredId: string): Promise<Blob | undefined> {
    try {
      return await this.#server.run((remote) => remote.scoredCsv(scoredId));
    } catch (error) {
      this.#context.messages.fail(describeError(error, 'download the predictions'));
      return undefined;
    }
  }

  async readLog(query: Omit<LogQuery, 'projectId'>): Promise<InferenceRecord[]> {
    await this.storeLogged();
    const projectId = this.#context.projectId();
    if (!projectId || !this.#context.storeOpen()) return [];
    return this.#context.store().readLog({ ...query, projectId });
  }

  async countLog(): Promise<number> {
    await this.storeLogged();
    const projectId = this.#context.projectId();
    if (!projectId || !this.#context.storeOpen()) return 0;
    return this.#context.store().countLog(projectId);
  }

  async exportLog(query: Omit<LogQuery, 'projectId'>, format: 'csv' | 'jsonl'): Promise<Blob | undefined> {
    const projectId = this.#context.projectId();
    if (!projectId) return undefined;
    return this.#context.jobs.task({ label: 'Exporting the inference log', action: 'export the log', unit: 'rows' }, (_p, signal) =>
      this.#server.run((remote) => remote.exportLog({ ...query, projectId }, format), signal),
    );
  }

  async clearLog(): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    const { messages, jobs } = this.#context;
    const step = messages.step;
    await jobs.guard('clear the log', step, async () => {
      await this.storeLogged();
      await this.#context.store().clearLog(projectId);
      this.#logGrew(projectId, 0);
      messages.tell('The inference log was cleared.', step);
    });
  }

  /**
   * Compares a live batch with the selected model's training reference, records the check with
   * the model, and returns the drift report and the retraining decision.
   */
  async monitor(source: MonitorSource, thresholds: DriftThresholds) {
    const model = this.#training.model;
    const projectId = this.#context.projectId();
    if (!model || !projectId) return undefined;
    const { messages, jobs } = this.#context;
    if (!model.reference) {
      messages.fail('This model was trained before the studio kept monitoring references. Train it again to monitor it.');
      return undefined;
    }
    if (this.#serving?.spec.modelId !== model.id) await this.serveSelectedModel();
    const criterion = model.acceptance.at(-1)?.criteria[0] ?? null;
    const reference = model.reference;
    const request = source.kind === 'file' ? source : { ...source, projectId, modelId: model.id };
    const label = source.kind === 'file' ? `Checking ${source.file.name} for drift` : 'Checking the logged predictions for drift';
    const result = await jobs.task({ label, action: 'check for drift', unit: 'bytes' }, (progress, signal) =>
      this.#server.run((remote, jobId) => remote.monitor(jobId, request, reference, $state.snapshot(thresholds), model.validation.importance, criterion, model.target.column, Comlink.proxy(progress)), signal),
    );
    if (!result) return undefined;
    await jobs.guard('save the monitoring check', messages.step, async () => {
      await this.#context.store().addMonitorRun(model.id, {
        at: Date.now(), label: result.label, rows: result.rows,
        maxPsi: largestPsi(result.report), drifted: result.report.features.filter((f) => f.drifted).length,
        retrain: result.decision.retrain, reasons: result.decision.reasons,
      });
      await this.#training.reread();
      this.#context.announce('project', projectId);
    });
    return result;
  }

  /** Stores what was logged and not yet stored; resolves once it is (never rejects). Reads of the log wait for it. */
  storeLogged(): Promise<void> {
    if (this.#unstored) {
      clearTimeout(this.#unstored.timer);
      this.#logged = this.#flush(this.#unstored.projectId);
      this.#unstored = null;
    }
    return this.#logged;
  }

  /**
   * Asks for the logged rows to be stored LOG_FLUSH_MS after the first unstored prediction, so
   * the answer is shown first and predictions made meanwhile share one write.
   */
  #storeSoon(projectId: string): void {
    if (this.#unstored?.projectId === projectId) return;
    void this.storeLogged();
    this.#unstored = { projectId, timer: setTimeout(() => void this.storeLogged(), LOG_FLUSH_MS) };
  }

  /** Has the serve worker store the rows it logged behind the answers, then shows them here and in other tabs. */
  async #flush(projectId: string): Promise<void> {
    try {
      const trimmed = await this.#server.run((remote) => remote.flushLog());
      this.#logGrew(projectId, trimmed);
    } catch (error) {
      this.#context.messages.fail(describeError(error, 'log the prediction'), null);
    }
  }

  /** The log changed: its views read it again, other tabs are told, and a trim is said. */
  #logGrew(projectId: string, trimmed: number): void {
    this.#logVersion++;
    this.#context.announce('log', projectId);
    if (trimmed) this.#context.messages.tell(`The inference log reached its limit; the ${trimmed} oldest records were removed.`, null);
  }
}
