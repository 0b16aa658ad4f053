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
import { prepareRows, readOutputs, rowProbabilities, type ScoredRows } from '../src/core/deploy/score';
import { loggedColumn, servedBatch, type LoggedRequest } from '../src/core/deploy/served-log';
import type { ServingSpec } from '../src/core/deploy/serving-spec';
import { ingestFile } from '../src/core/data/ingest';
import { admit } from './admit';
import type { ParsedTable } from '../src/core/data/columns';
import { formatCell } from '../src/core/data/table';
import { textField, CSV_MIME } from '../src/core/data/csv-export';
import { scoredCsv, type ScoredChunk } from '../src/core/deploy/scored-csv';
import { openStudioDB, columnValue, logRow, type StudioDB, type InferenceRecord, type LogQuery, type NewLogBatch, type StoredLogBatch } from '../src/storage';
import { LogWriter } from '../src/storage/log-writer';
import type { MonitoringReference } from '../src/core/deploy/reference';
import { driftReport, MonitorError, type DriftThresholds } from '../src/core/deploy/drift';
import { retrainingDecision, livePerformance, type LivePerformance } from '../src/core/deploy/retrain';
import type { AcceptanceCriterion } from '../src/core/model/accept';
import { classificationMetrics, regressionMetrics } from '../src/core/model/metrics';

// Without cross-origin isolation the runtime is single-threaded anyway; saying so avoids a warning.
ort.env.wasm.numThreads = 1;

/** Rows per inference call when scoring a file: big enough to be fast, small enough to report progress. */
const CHUNK_ROWS = 10_000;
const PREVIEW_ROWS = 200;

let dbPromise: Promise<StudioDB> | null = null;
function db(): Promise<StudioDB> {
  dbPromise ??= openStudioDB({ onVersionChange: () => { dbPromise = null; } });
  return dbPromise;
}

const logWriter = new LogWriter(async (batches) => (await db()).appendLogBatches(batches));

let loaded: { bytes: Uint8Array; session: ort.InferenceSession; spec: ServingSpec | null } | null = null;
const jobs = new Map<string, AbortController>();
/** The last scored file, kept so its CSV is written only if it is downloaded. */
let lastScored: { id: string; columns: ParsedTable['columns']; classes: string[]; chunks: ScoredChunk[] } | null = null;

async function sessionFor(bytes: Uint8Array): Promise<ort.InferenceSession> {
  if (loaded && loaded.bytes === bytes) return loaded.session;
  const session = await ort.InferenceSession.create(bytes);
  await loaded?.session.release();
  loaded = { bytes, session, spec: null };
  return session;
}

async function run(session: ort.InferenceSession, feeds: FeedColumn[], rows: number) {
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

/** The log's batch for rows `start … start + rows − 1` of a request, reading inputs with `column`. */
function batchFor(spec: ServingSpec, request: LoggedRequest, column: (name: string) => ArrayLike<unknown> | undefined, start: number, scored: ScoredRows, flags: readonly (readonly string[])[]): NewLogBatch {
  const rows = scored.predictions.length;
  const names = spec.inputs.map((i) => i.name);
  return servedBatch(request, names, names.map((name) => loggedColumn(column(name), start, rows)), scored, spec.classes.length, flags);
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
    logWriter.add(batchFor(spec, request, (name) => (name in record ? [record[name]] : undefined), 0, scored, prepared.flags));
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
  async scoreFile(jobId: string, projectId: string, file: File, onProgress: (done: number, total: number, phase: string) => void) {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      const { session, spec } = current();
      const table: ParsedTable = await ingestFile(file, { fileName: file.name, signal: controller.signal, onProgress: (d, t) => onProgress(d, t, 'reading'), admit: admit(file.name, { stored: false }) });
      const byName = new Map(table.columns.map((c) => [c.info.name, c]));
      const rows = table.rowCount;
      const started = performance.now();
      const chunks: ScoredChunk[] = [];
      for (let start = 0; start < rows; start += CHUNK_ROWS) {
        if (controller.signal.aborted) throw Object.assign(new Error('Scoring was cancelled.'), { name: 'IngestCancelled' });
        const n = Math.min(CHUNK_ROWS, rows - start);
        const prepared = prepareRows(spec, n, (name) => byName.get(name)?.values, start);
        chunks.push({ start, scored: readOutputs(await run(session, prepared.feeds, n), n, spec.classes.length), flags: prepared.flags });
        onProgress(start + n, rows, 'scoring');
      }
      const latencyMs = performance.now() - started;
      onProgress(0, rows, 'logging');
      // One batch per chunk, after any single predictions still queued, all in one transaction.
      const request = { projectId, modelId: spec.modelId, modelName: spec.modelName, requestId: crypto.randomUUID(), time: Date.now(), latencyMs: latencyMs / rows };
      for (const chunk of chunks) logWriter.add(batchFor(spec, request, (name) => byName.get(name)?.values, chunk.start, chunk.scored, chunk.flags));
      const trimmed = await logWriter.flush();

      const C = spec.classes.length;
      let flaggedRows = 0;
      for (const { flags } of chunks) for (const f of flags) if (f.length > 0) flaggedRows++;
      // Rows of the first chunk only: PREVIEW_ROWS is well below CHUNK_ROWS.
      const first = chunks[0];
      const preview = Array.from({ length: Math.min(PREVIEW_ROWS, rows) }, (_, r) => ({
        cells: table.columns.map((c) => formatCell(c.values[r], c.info)),
        prediction: first.scored.predictions[r],
        probabilities: rowProbabilities(first.scored, r, C),
        flags: first.flags[r],
      }));
      lastScored = { id: request.requestId, columns: table.columns, classes: spec.task === 'classification' ? spec.classes : [], chunks };
      return {
        scoredId: request.requestId,
        rows,
        columns: table.columns.map((c) => c.info.name),
        flaggedRows,
        preview,
        latencyMs,
        trimmed,
        warnings: table.warnings.map((w) => w.message),
      };
    } finally {
      jobs.delete(jobId);
    }
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
  async monitor(
    jobId: string,
    source: { kind: 'file'; file: File } | { kind: 'log'; projectId: string; modelId: string; from?: number; to?: number },
    reference: MonitoringReference,
    thresholds: DriftThresholds,
    importance: { feature: string; importance: number }[] | null,
    criterion: AcceptanceCriterion | null,
    target: string | null,
    onProgress: (done: number, total: number) => void,
  ) {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      let columns: Record<string, ArrayLike<unknown>>;
      let rows: number;
      let label: string;
      if (source.kind === 'file') {
        const table = await ingestFile(source.file, { fileName: source.file.name, signal: controller.signal, onProgress, admit: admit(source.file.name, { stored: false }) });
        columns = Object.fromEntries(table.columns.map((c) => [c.info.name, c.values]));
        rows = table.rowCount;
        label = source.file.name;
      } else {
        await logWriter.flush();
        const batches = await (await db()).readLogBatches({ projectId: source.projectId, modelId: source.modelId, from: source.from, to: source.to });
        rows = batches.reduce((n, b) => n + b.header.rows, 0);
        const names = reference.features.map((f) => f.feature);
        columns = Object.fromEntries(names.map((name) => [name, logInputColumn(batches, name, rows)]));
        label = `inference log${source.from ? ` from ${new Date(source.from).toISOString()}` : ''}${source.to ? ` to ${new Date(source.to).toISOString()}` : ''}`;
      }
      if (rows === 0) throw new MonitorError('The live batch has no rows. Choose a file with data, or a time window of the log that holds predictions.');

      // The served model's outputs on the batch, for prediction drift and performance.
      let output: Float32Array | null = null;
      let performance: LivePerformance | null = null;
      if (loaded?.spec) {
        const { session, spec } = current();
        const parts: Float32Array[] = [];
        for (let start = 0; start < rows; start += CHUNK_ROWS) {
          const n = Math.min(CHUNK_ROWS, rows - start);
          const prepared = prepareRows(spec, n, (name) => (name in columns ? columns[name] : undefined), start);
          const out = await run(session, prepared.feeds, n);
          const values = spec.task === 'classification' ? out.probabilities : out.prediction;
          if (values) parts.push(values);
        }
        output = concat(parts);
        if (target && criterion && target in columns && output) performance = livePerformance(criterion, liveMetrics(spec, columns[target], output, rows));
      }
      const report = driftReport(reference, { columns, rows, predictions: output ? { output } : undefined }, thresholds);
      const decision = retrainingDecision(report, importance, performance, thresholds);
      return { report, decision, label, rows, performance, hasTarget: target !== null && target in columns };
    } finally {
      jobs.delete(jobId);
    }
  },

  /** The inference log (filtered) as one CSV or JSON Lines file. */
  async exportLog(query: LogQuery, format: 'csv' | 'jsonl'): Promise<Blob> {
    await logWriter.flush();
    const batches = await (await db()).readLogBatches(query);
    // Newest first, as the log is listed.
    const records: InferenceRecord[] = [];
    for (const batch of batches) for (let r = batch.header.rows - 1; r >= 0; r--) records.push(logRow(batch, r));
    if (format === 'jsonl') return new Blob(records.map((r) => JSON.stringify(withoutKey(r)) + '\n'), { type: 'application/x-ndjson' });
    const inputNames = [...new Set(records.flatMap((r) => Object.keys(r.inputs)))];
    const header = ['time', 'model', 'request', ...inputNames.map((n) => `input ${n}`), 'prediction', 'probabilities', 'latency_ms', 'flags'];
    const lines = [header.map((h) => textField(h)).join(',')];
    for (const r of records) {
      lines.push([
        new Date(r.time).toISOString(), textField(r.modelName), r.requestId,
        ...inputNames.map((n) => logCell(r.inputs[n])),
        logCell(r.prediction), textField(r.probabilities ? JSON.stringify(r.probabilities) : ''),
        String(r.latencyMs), textField(r.flags.join(' ')),
      ].join(','));
    }
    return new Blob([lines.join('\r\n') + '\r\n'], { type: CSV_MIME });
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort();
  },
};

/** One input of every logged row (the batches' order), null where a row lacks it. */
function logInputColumn(batches: StoredLogBatch[], name: string, rows: number): (string | number | boolean | null)[] {
  const out: (string | number | boolean | null)[] = new Array(rows);
  let at = 0;
  for (const { header, columns } of batches) {
    const k = columns.inputNames.indexOf(name);
    for (let r = 0; r < header.rows; r++) out[at++] = k < 0 ? null : columnValue(columns.inputs[k], r);
  }
  return out;
}

function concat(parts: Float32Array[]): Float32Array | null {
  if (parts.length === 0) return null;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Metrics of the served model on a live batch that carries the target (rows with a missing or unknown target are left out). */
function liveMetrics(spec: ServingSpec, target: ArrayLike<unknown>, output: Float32Array, rows: number): Record<string, number | null> {
  if (spec.task === 'classification') {
    const C = spec.classes.length;
    const index = new Map(spec.classes.map((c, i) => [c, i]));
    const keep: number[] = [];
    const y: number[] = [];
    for (let r = 0; r < rows; r++) {
      const text = target[r] === null || target[r] === undefined ? '' : String(target[r] instanceof Date ? (target[r] as Date).toISOString() : target[r]);
      const k = index.get(text);
      if (k !== undefined) {
        keep.push(r);
        y.push(k);
      }
    }
    const probabilities = new Float32Array(keep.length * C);
    keep.forEach((r, i) => probabilities.set(output.subarray(r * C, (r + 1) * C), i * C));
    return classificationMetrics(Float32Array.from(y), probabilities, spec.classes) as Record<string, number | null>;
  }
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (let r = 0; r < rows; r++) {
    const v = typeof target[r] === 'number' ? (target[r] as number) : Number(target[r]);
    if (Number.isFinite(v)) {
      yTrue.push(v);
      yPred.push(output[r]);
    }
  }
  return regressionMetrics(Float32Array.from(yTrue), Float32Array.from(yPred)) as Record<string, number | null>;
}

/** A logged value as a CSV cell: numbers as they are (never formula-escaped, so -3 stays a number), text escaped. */
function logCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : textField(String(value));
}

function withoutKey(record: InferenceRecord): Omit<InferenceRecord, 'id'> {
  const { id: _id, ...rest } = record;
  return rest;
}

export type ServeApi = typeof api;
Comlink.expose(api);
