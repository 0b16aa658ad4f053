/**
 * The serve worker: runs exported ONNX bytes with onnxruntime-web (the wasm build, which carries
 * the ai.onnx.ml kernels) for the parity check, single predictions, scoring whole files and
 * monitoring. What is served is what was packaged: predictions never come from the TF.js model.
 * Every request is written to the inference log here, in batched transactions.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { compareOutputs, type ExpectedOutputs, type FeedColumn, type ParityReport } from '../src/core/deploy/feeds';
import { prepareRows, readOutputs, type RowPrediction } from '../src/core/deploy/score';
import type { ServingSpec } from '../src/core/deploy/serving-spec';
import { ingestFile } from '../src/core/data/ingest';
import type { ParsedTable } from '../src/core/data/columns';
import { formatCell } from '../src/core/data/table';
import { textField, CSV_MIME } from '../src/core/data/csv-export';
import { openStudioDB, type StudioDB, type InferenceRecord, type LogQuery } from '../src/storage';
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

let loaded: { bytes: Uint8Array; session: ort.InferenceSession; spec: ServingSpec | null } | null = null;
const jobs = new Map<string, AbortController>();

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

function plain(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

function logRecords(spec: ServingSpec, projectId: string, requestId: string, time: number, latencyMs: number, rows: number, valueOf: (c: string, r: number) => unknown, predictions: RowPrediction[], flags: string[][]): InferenceRecord[] {
  const records: InferenceRecord[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const inputs: InferenceRecord['inputs'] = {};
    for (const input of spec.inputs) inputs[input.name] = plain(valueOf(input.name, r));
    records[r] = {
      projectId, modelId: spec.modelId, modelName: spec.modelName, requestId, time, latencyMs: latencyMs / rows,
      inputs, prediction: predictions[r].prediction, probabilities: predictions[r].probabilities, flags: flags[r],
    };
  }
  return records;
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

  /** One prediction from one record of raw values, logged as one request. */
  async predict(projectId: string, record: Record<string, unknown>) {
    const { session, spec } = current();
    const started = performance.now();
    const valueOf = (c: string) => record[c];
    const prepared = prepareRows(spec, 1, valueOf, (c) => c in record);
    const outputs = await run(session, prepared.feeds, 1);
    const [prediction] = readOutputs(outputs, 1, spec.classes.length);
    const latencyMs = performance.now() - started;
    const trimmed = await (await db()).appendLog(logRecords(spec, projectId, crypto.randomUUID(), Date.now(), latencyMs, 1, valueOf, [prediction], prepared.flags));
    return { ...prediction, flags: prepared.flags[0], latencyMs, trimmed };
  },

  /** Scores a whole file in chunks, logs every row as one request, and returns a preview and a CSV. */
  async scoreFile(jobId: string, projectId: string, file: File, onProgress: (done: number, total: number, phase: string) => void) {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      const { session, spec } = current();
      const table: ParsedTable = await ingestFile(file, { fileName: file.name, signal: controller.signal, onProgress: (d, t) => onProgress(d, t, 'reading') });
      const byName = new Map(table.columns.map((c) => [c.info.name, c]));
      const rows = table.rowCount;
      const started = performance.now();
      const predictions: RowPrediction[] = [];
      const flags: string[][] = [];
      for (let start = 0; start < rows; start += CHUNK_ROWS) {
        if (controller.signal.aborted) throw Object.assign(new Error('Scoring was cancelled.'), { name: 'IngestCancelled' });
        const n = Math.min(CHUNK_ROWS, rows - start);
        const valueOf = (c: string, r: number) => byName.get(c)?.values[start + r];
        const prepared = prepareRows(spec, n, valueOf, (c) => byName.has(c));
        predictions.push(...readOutputs(await run(session, prepared.feeds, n), n, spec.classes.length));
        flags.push(...prepared.flags);
        onProgress(start + n, rows, 'scoring');
      }
      const latencyMs = performance.now() - started;
      const valueOf = (c: string, r: number) => byName.get(c)?.values[r];
      const requestId = crypto.randomUUID();
      onProgress(0, rows, 'logging');
      const trimmed = await (await db()).appendLog(logRecords(spec, projectId, requestId, Date.now(), latencyMs, rows, valueOf, predictions, flags));

      // The scored file: the input columns, then the prediction, the class probabilities and the flags.
      const names = table.columns.map((c) => c.info.name);
      const probabilityNames = spec.task === 'classification' ? spec.classes.map((c) => `probability ${c}`) : [];
      const header = [...names, 'prediction', ...probabilityNames, 'flags'].map((h) => textField(h)).join(',');
      const parts: string[] = [header + '\r\n'];
      let chunk = '';
      for (let r = 0; r < rows; r++) {
        const cells = table.columns.map((c) => textField(formatCell(c.values[r], c.info) ?? ''));
        const p = predictions[r];
        cells.push(textField(p.prediction === null ? '' : String(p.prediction)));
        for (let k = 0; k < probabilityNames.length; k++) cells.push(p.probabilities ? String(p.probabilities[k]) : '');
        cells.push(textField(flags[r].join(' ')));
        chunk += cells.join(',') + '\r\n';
        if (chunk.length > 1 << 20) {
          parts.push(chunk);
          chunk = '';
        }
      }
      parts.push(chunk);
      const preview = Array.from({ length: Math.min(PREVIEW_ROWS, rows) }, (_, r) => ({
        cells: table.columns.map((c) => formatCell(c.values[r], c.info)),
        prediction: predictions[r].prediction,
        probabilities: predictions[r].probabilities,
        flags: flags[r],
      }));
      return {
        rows,
        columns: names,
        flaggedRows: flags.filter((f) => f.length > 0).length,
        preview,
        csv: new Blob(parts, { type: CSV_MIME }),
        latencyMs,
        trimmed,
        warnings: table.warnings.map((w) => w.message),
      };
    } finally {
      jobs.delete(jobId);
    }
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
        const table = await ingestFile(source.file, { fileName: source.file.name, signal: controller.signal, onProgress });
        columns = Object.fromEntries(table.columns.map((c) => [c.info.name, c.values]));
        rows = table.rowCount;
        label = source.file.name;
      } else {
        const records = await (await db()).readLog({ projectId: source.projectId, modelId: source.modelId, from: source.from, to: source.to });
        rows = records.length;
        const names = reference.features.map((f) => f.feature);
        columns = Object.fromEntries(names.map((n) => [n, records.map((r) => r.inputs[n] ?? null)]));
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
          const prepared = prepareRows(spec, n, (c, r) => columns[c]?.[start + r], (c) => c in columns);
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
    const records = await (await db()).readLog(query);
    if (format === 'jsonl') return new Blob(records.map((r) => JSON.stringify(withoutKey(r)) + '\n'), { type: 'application/x-ndjson' });
    const inputNames = [...new Set(records.flatMap((r) => Object.keys(r.inputs)))];
    const header = ['time', 'model', 'request', ...inputNames.map((n) => `input ${n}`), 'prediction', 'probabilities', 'latency_ms', 'flags'];
    const lines = [header.map((h) => textField(h)).join(',')];
    for (const r of records) {
      lines.push([
        new Date(r.time).toISOString(), textField(r.modelName), r.requestId,
        ...inputNames.map((n) => textField(r.inputs[n] === null || r.inputs[n] === undefined ? '' : String(r.inputs[n]))),
        textField(r.prediction === null ? '' : String(r.prediction)), textField(r.probabilities ? JSON.stringify(r.probabilities) : ''),
        String(r.latencyMs), textField(r.flags.join(' ')),
      ].join(','));
    }
    return new Blob([lines.join('\r\n') + '\r\n'], { type: CSV_MIME });
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort();
  },
};

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

function withoutKey(record: InferenceRecord): Omit<InferenceRecord, 'id'> {
  const { id: _id, ...rest } = record;
  return rest;
}

export type ServeApi = typeof api;
Comlink.expose(api);
