/**
 * What serving logs, in the log's stored form: one batch per request (or per chunk of a scored
 * file) holding the served inputs as columns, the predictions, probabilities and flags — built
 * from the columns scoring already has, without an object per row.
 */
import { flagColumns, logColumn, type LogBatchRecord, type LogColumn, type LogValue, type NewLogBatch } from './log-batch';
import type { ScoredRows } from './score';
import type { ServingSpec } from './serving-spec';

/** What the rows of one logged request share: a log batch's header without its key and row count. */
export type LoggedRequest = Omit<LogBatchRecord, 'id' | 'rows'>;

/** A raw value as the log keeps it: missing as null, dates as ISO text, anything else odd as text. */
export function loggedValue(value: unknown): LogValue {
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** Rows `start … start + rows − 1` of an input column (undefined: the column was not sent). */
export function loggedColumn(values: ArrayLike<unknown> | undefined, start: number, rows: number): LogColumn {
  // A numeric column already is the stored form (NaN = missing): one copy, no boxing.
  if (values instanceof Float64Array) return values.slice(start, start + rows);
  const out: LogValue[] = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = loggedValue(values?.[start + r]);
  return logColumn(out);
}

/** One batch: `inputs[k]` holds the column of `inputNames[k]`; `classes` is the probabilities' width. */
export function servedBatch(request: LoggedRequest, inputNames: string[], inputs: LogColumn[], scored: ScoredRows, classes: number, flags: readonly (readonly string[])[]): NewLogBatch {
  return {
    header: { ...request, rows: scored.predictions.length },
    columns: {
      inputNames,
      inputs,
      predictions: logColumn(scored.predictions),
      probabilities: scored.probabilities,
      probabilityWidth: scored.probabilities ? classes : 0,
      ...flagColumns(flags),
    },
  };
}

/**
 * The batch of rows `start … start + n − 1` of one request to the model `spec` describes: its
 * inputs read from the columns `column` gives (undefined: not sent), with what the model made of them.
 */
export function requestBatch(spec: ServingSpec, request: LoggedRequest, column: (name: string) => ArrayLike<unknown> | undefined, start: number, scored: ScoredRows, flags: readonly (readonly string[])[]): NewLogBatch {
  const rows = scored.predictions.length;
  const names = spec.inputs.map((i) => i.name);
  return servedBatch(request, names, names.map((name) => loggedColumn(column(name), start, rows)), scored, spec.classes.length, flags);
}
