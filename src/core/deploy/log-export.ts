/**
 * The inference log as a file to download: CSV (one column per input, then prediction,
 * probabilities, latency and flags; text escaped against formula injection, numbers left as
 * numbers) or JSON Lines (one record per line). Rows newest first, as the log is listed.
 */
import { CSV_MIME, textField } from '../data/csv-export';
import { logRow, type InferenceRecord, type StoredLogBatch } from './log-batch';

export type LogExportFormat = 'csv' | 'jsonl';

/** `batches` newest first, as the store reads them. */
export function logExport(batches: readonly StoredLogBatch[], format: LogExportFormat): Blob {
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
}

/** A logged value as a CSV cell: numbers as they are (never formula-escaped, so -3 stays a number), text escaped. */
function logCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? String(value) : textField(String(value));
}

/** The row without its storage key, which means nothing outside this browser. */
function withoutKey(record: InferenceRecord): Omit<InferenceRecord, 'id'> {
  const { id: _id, ...rest } = record;
  return rest;
}
