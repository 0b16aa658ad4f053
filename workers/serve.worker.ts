/**
 * The serve worker: runs exported ONNX bytes with onnxruntime-web (the wasm build, which carries
 * the ai.onnx.ml kernels) for the parity check, single predictions, scoring whole files and
 * monitoring. What is served is what was packaged: predictions never come from the TF.js model.
 * Every request is written to the inference log here: a single prediction is answered first and
 * logged within LOG_FLUSH_MS together with any others (write-behind); a scored file is logged
 * before its result is returned. Whoever reads the log asks `flushLog` first.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { compareOutputs, type ExpectedOutputs, type FeedColumn, type ParityReport } from '../src/core/deploy/feeds';
import { prepareRows, readOutputs, rowProbabilities } from '../src/core/deploy/score';
import { modelOutput, scoreInChunks, type ModelOutputs } from '../src/core/deploy/score-chunks';
import { flaggedRows, scoredPreview } from '../src/core/deploy/scored-file';
import { requestBatch } from '../src/core/deploy/served-log';
import type { ServingSpec } from '../src/core/deploy/serving-spec';
import { fileBatch, logWindowBatch, type LiveBatch } from '../src/core/deploy/live-batch';
import { liveMetrics } from '../src/core/deploy/live-metrics';
import { logExport, type LogExportFormat } from '../src/core/deploy/log-export';
import { ingestFile } from '../src/core/data/ingest';
import { admit } from './admit';
import type { ParsedTable } from '../src/core/data/columns';
import { scoredCsv, type ScoredChunk } from '../src/core/deploy/scored-csv';
import { JobRegistry } from '../src/core/jobs';
import { lazyStudioDB, type LogQuery } from '../src/storage';
import { LogWriter } from '../src/storage/log-writer';
import type { MonitoringReference } from '../src/core/deploy/reference';
import { driftReport, MonitorError, type DriftThresholds } from '../src/core/deploy/drift';
import { retrainingDecision, livePerformance, type LivePerformance } from '../src/core/deploy/retrain';
import type { AcceptanceCriterion } from '../src/core/model/accept';

// Without cross-origin isolation the runtime is single-threaded anyway; saying so avoids a warning.
ort.env.wasm.numThreads = 1;

const db = lazyStudioDB();
const logWriter = new LogWriter(async (batches) => (await db()).appendLogBatches(batches));
const jobs = new JobRegistry();

let loaded: { bytes: Uint8Array; session: ort.InferenceSession; spec: ServingSpec | null } | null = null;
/** The last scored file, kept so its CSV is written only if it is downloaded. */
let lastScored: { id: string; columns: ParsedTable['columns']; classes: string[]; chunks: ScoredChunk[] } | null = null;

async function sessionFor(bytes: Uint8Array): Promise<ort.InferenceSession> {
  if (loaded && loaded.bytes === bytes) return loaded.session;
  const session = await ort.InferenceSession.create(bytes);
  await loaded?.session.release();
  loaded = { bytes, session, spec: null };
  return session;
}

/** Runs `session` on `[rows, 1]` input tensors and reads its outputs by the names the studio's exports use. */
async function run(session: ort.InferenceSession, feeds: FeedColumn[], rows: number): Promise<ModelOutputs> {
  const tensors: Record<string, ort.Tensor> = {};
  for (const feed of feeds) tensors[feed.name] = new ort.Tensor(feed.type, feed.values, [rows, 1]);
  const results = await session.run(tensors);
  const read = (name: string) => results[name]?.data;
  return {
    label: read('label') as ArrayLike<unknown> | undefined,
    probabilities: read('probabilities') as Float32Array | undefined,
    prediction: read('prediction') as Float32Array | undefined,
    first: results[session.outputNames[0]]?.data as ArrayLike<unknown> | undefined,
  };
}

function current(): { session: ort.InferenceSession; spec: ServingSpec } {
  if (!loaded?.spec) throw new Error('No model is loaded for serving. Open the Serve step again.');
  return { session: loaded.session, spec: loaded.spec };
}

const api = {
  /** Runs the exported bytes on the rows the data worker posts through `port`, and compares. */
  parity(port: MessagePort): Promise<ParityReport> {
    return new Promise((resolve, reject) => {
      port.onmessage = async (event: MessageEvent<{ bytes: Uint8Array; feeds: FeedColumn[]; rows: number; expected: ExpectedOutputs } | { failed: true }>) => {
        port.close();
        try {
          if ('failed' in event.data) throw new Error('The export failed before the check could run.');
          const { bytes, feeds, rows, expected } = event.data;
          const session = await ort.InferenceSession.create(bytes);
          try {
            resolve(compareOutputs(expected, await run(session, feeds, rows), rows));
          } finally {
            await session.release();
          }
        } catch (error) {
          reject(error);
        }
      };
    });
  },

  /** Loads ONNX bytes for serving; the spec says how to read inputs (and which rules guard them). */
  async load(bytes: Uint8Array, spec: ServingSpec): Promise<{ inputs: readonly string[]; outputs: readonly string[] }> {
    const session = await sessionFor(bytes);
    loaded = { bytes, session, spec };
    return { inputs: session.inputNames, outputs: session.outputNames };
  },

  /** One prediction from one record of raw values; logged as one request shortly after (see `flushLog`). */
  async predict(projectId: string, record: Record<string, unknown>) {
    const { session, spec } = current();
    const started = performance.now();
    const prepared = prepareRows(spec, 1, (name) => (name in record ? [record[name]] : undefined));
    const scored = readOutputs(await run(session, prepared.feeds, 1), 1, spec.classes.length);
    const latencyMs = performance.now() - started;
    const request = { projectId, modelId: spec.modelId, modelName: spec.modelName, requestId: crypto.randomUUID(), time: Date.now(), latencyMs };
    logWriter.add(requestBatch(spec, request, (name) => (name in record ? [record[name]] : undefined), 0, scored, prepared.flags));
    return { prediction: scored.predictions[0], probabilities: rowProbabilities(scored, 0, spec.classes.length), flags: prepared.flags[0], latencyMs };
  },

  /**
   * Writes every logged row not yet stored; resolves once they are, with how many old rows the
   * retention limit removed meanwhile (rejects if a write failed).
   */
  flushLog(): Promise<number> {
    return logWriter.flush();
  },

  /** Scores a whole file in chunks, logs every row as one request, and returns a preview (the CSV comes from `scoredCsv`). */
  scoreFile(jobId: string, projectId: string, file: File, onProgress: (done: number, total: number, phase: string) => void) {
    return jobs.run(jobId, async (signal) => {
      const { session, spec } = current();
      const table: ParsedTable = await ingestFile(file, { fileName: file.name, signal, onProgress: (d, t) => onProgress(d, t, 'reading'), admit: admit(file.name, { stored: false }) });
      const byName = new Map(table.columns.map((c) => [c.info.name, c]));
      const column = (name: string) => byName.get(name)?.values;
      const rows = table.rowCount;
      const C = spec.classes.length;
      const started = performance.now();
      const chunks: ScoredChunk[] = [];
      await scoreInChunks(spec, rows, column, (feeds, n) => run(session, feeds, n), (chunk) => {
        chunks.push({ start: chunk.start, scored: readOutputs(chunk.outputs, chunk.rows, C), flags: chunk.flags });
        onProgress(chunk.start + chunk.rows, rows, 'scoring');
      }, { signal });
      const latencyMs = performance.now() - started;
      onProgress(0, rows, 'logging');
      // One batch per chunk, after any single predictions still queued, all in one transaction.
      const request = { projectId, modelId: spec.modelId, modelName: spec.modelName, requestId: crypto.randomUUID(), time: Date.now(), latencyMs: latencyMs / rows };
      for (const chunk of chunks) logWriter.add(requestBatch(spec, request, column, chunk.start, chunk.scored, chunk.flags));
      const trimmed = await logWriter.flush();

      lastScored = { id: request.requestId, columns: table.columns, classes: spec.task === 'classification' ? spec.classes : [], chunks };
      return {
        scoredId: request.requestId,
        rows,
        columns: table.columns.map((c) => c.info.name),
        flaggedRows: flaggedRows(chunks),
        preview: scoredPreview(table, chunks, C),
        latencyMs,
        trimmed,
        warnings: table.warnings.map((w) => w.message),
      };
    });
  },

  /** The CSV of a scored file (its `scoredId`): the input columns, then prediction, probabilities and flags. */
  scoredCsv(scoredId: string): Blob {
    if (lastScored?.id !== scoredId) throw new Error('The studio keeps only the last scored file, and another one was scored since (or the page was reloaded). Score this file again to download its predictions.');
    return scoredCsv(lastScored.columns, lastScored.classes, lastScored.chunks);
  },

  /**
   * Compares a live batch (a file, or a time window of the inference log) with a model's
   * reference: drift per feature and of the predictions, performance when the batch carries the
   * target, and the retraining decision.
   */
  monitor(
    jobId: string,
    source: { kind: 'file'; file: File } | { kind: 'log'; projectId: string; modelId: string; from?: number; to?: number },
    reference: MonitoringReference,
    thresholds: DriftThresholds,
    importance: { feature: string; importance: number }[] | null,
    criterion: AcceptanceCriterion | null,
    target: string | null,
    onProgress: (done: number, total: number) => void,
  ) {
    return jobs.run(jobId, async (signal) => {
      let batch: LiveBatch;
      if (source.kind === 'file') {
        const table = await ingestFile(source.file, { fileName: source.file.name, signal, onProgress, admit: admit(source.file.name, { stored: false }) });
        batch = fileBatch(table, source.file.name);
      } else {
        await logWriter.flush();
        const batches = await (await db()).readLogBatches({ projectId: source.projectId, modelId: source.modelId, from: source.from, to: source.to });
        batch = logWindowBatch(batches, reference.features.map((f) => f.feature), source);
      }
      const { columns, rows, label } = batch;
      if (rows === 0) throw new MonitorError('The live batch has no rows. Choose a file with data, or a time window of the log that holds predictions.');

      // The served model's outputs on the batch, for prediction drift and performance.
      let output: Float32Array | null = null;
      let performance: LivePerformance | null = null;
      if (loaded?.spec) {
        const { session, spec } = current();
        output = await modelOutput(spec, rows, (name) => (name in columns ? columns[name] : undefined), (feeds, n) => run(session, feeds, n));
        if (target && criterion && target in columns && output) performance = livePerformance(criterion, liveMetrics(spec, columns[target], output, rows));
      }
      const report = driftReport(reference, { columns, rows, predictions: output ? { output } : undefined }, thresholds);
      const decision = retrainingDecision(report, importance, performance, thresholds);
      return { report, decision, label, rows, performance, hasTarget: target !== null && target in columns };
    });
  },

  /** The inference log (filtered) as one CSV or JSON Lines file. */
  async exportLog(query: LogQuery, format: LogExportFormat): Promise<Blob> {
    await logWriter.flush();
    return logExport(await (await db()).readLogBatches(query), format);
  },

  cancel(jobId: string): void {
    jobs.cancel(jobId);
  },
};

export type ServeApi = typeof api;
Comlink.expose(api);
