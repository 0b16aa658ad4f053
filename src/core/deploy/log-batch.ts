/**
 * The inference log's stored form. Rows that share a request are kept together as one batch: a
 * small header (`LogBatchRecord`: what the rows share, and how many there are) and one record of
 * columns (`LogColumnsRecord`). A scored file of 100,000 rows is then ten records of typed arrays
 * and plain lists, not 100,000 objects, which IndexedDB writes, clones and counts far faster.
 * Everything here is plain data in, plain data out; `src/storage` does the storing.
 */

/**
 * One row a deployed model scored: what came in, what went out, how long it took. The log is
 * stored as batches (`LogBatchRecord` + `LogColumnsRecord`); this is how a row reads back.
 */
export interface InferenceRecord {
  /** Where the row is stored (`batch id:row`); absent on rows not stored yet. */
  id?: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** One request (a single prediction, or one scored file) may hold many rows. */
  requestId: string;
  /** Milliseconds since the epoch. */
  time: number;
  inputs: Record<string, string | number | boolean | null>;
  prediction: string | number | null;
  probabilities: number[] | null;
  /** The request's latency divided over its rows, in milliseconds. */
  latencyMs: number;
  /** Validation rules the row broke, and input problems, in plain words. */
  flags: string[];
}

/** Logged values of one field: numbers as a Float64Array (NaN = null), anything else as they are. */
export type LogColumn = Float64Array | (string | number | boolean | null)[];

/**
 * What the rows of one logged batch share: a request (a single prediction, or part of a scored
 * file) logged as one record instead of one record per row, so a 100,000-row file is a few
 * writes. Small, so counting, paging and trimming read only these.
 */
export interface LogBatchRecord {
  /** Auto-increment key: the order batches were written in; the batch's columns share it. */
  id?: number;
  projectId: string;
  modelId: string;
  modelName: string;
  requestId: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Per row, in milliseconds. */
  latencyMs: number;
  rows: number;
}

/** The rows of one batch, field by field, oldest row first. */
export interface LogColumnsRecord {
  /** The id of its `LogBatchRecord`. */
  id: number;
  inputNames: string[];
  /** One column per input name. */
  inputs: LogColumn[];
  predictions: LogColumn;
  /** Rows × `probabilityWidth`, row by row; null where the rows have none. */
  probabilities: Float32Array | Float64Array | null;
  probabilityWidth: number;
  /** Row r's flags are `flagTexts[flagIds[i]]` for i in `flagStarts[r] … flagStarts[r + 1]`. */
  flagTexts: string[];
  flagStarts: Uint32Array;
  flagIds: Uint32Array;
}


/** Rows per stored batch at most, so a page of the log never reads a whole large file's columns. */
export const LOG_BATCH_ROWS = 10_000;

export type LogValue = string | number | boolean | null;

/** A batch before it is stored: the store gives it its id. */
export interface NewLogBatch {
  header: Omit<LogBatchRecord, 'id'>;
  columns: Omit<LogColumnsRecord, 'id'>;
}

/** A stored batch, read back. */
export interface StoredLogBatch {
  header: LogBatchRecord & { id: number };
  columns: LogColumnsRecord;
}

/**
 * Values as a column: a Float64Array when every value is a number or null (null as NaN), else
 * the values as they are — so a NaN number, which would read back as null, keeps the plain form.
 */
export function logColumn(values: LogValue[]): LogColumn {
  for (const v of values) if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) return values;
  return Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
}

export function columnValue(column: LogColumn, row: number): LogValue {
  if (ArrayBuffer.isView(column)) {
    const v = column[row];
    return Number.isNaN(v) ? null : v;
  }
  return column[row];
}

/** Each row's flags, stored once per distinct text (most rows share the same few). */
export function flagColumns(flags: readonly (readonly string[])[]): Pick<LogColumnsRecord, 'flagTexts' | 'flagStarts' | 'flagIds'> {
  const flagTexts: string[] = [];
  const index = new Map<string, number>();
  const ids: number[] = [];
  const flagStarts = new Uint32Array(flags.length + 1);
  for (let r = 0; r < flags.length; r++) {
    for (const text of flags[r]) {
      let id = index.get(text);
      if (id === undefined) {
        id = flagTexts.length;
        flagTexts.push(text);
        index.set(text, id);
      }
      ids.push(id);
    }
    flagStarts[r + 1] = ids.length;
  }
  return { flagTexts, flagStarts, flagIds: Uint32Array.from(ids) };
}

function flagsOf(columns: LogColumnsRecord, row: number): string[] {
  const flags: string[] = [];
  for (let i = columns.flagStarts[row]; i < columns.flagStarts[row + 1]; i++) flags.push(columns.flagTexts[columns.flagIds[i]]);
  return flags;
}

/** Row `row` of a stored batch as a record. */
export function logRow(batch: StoredLogBatch, row: number): InferenceRecord {
  const { header, columns } = batch;
  const w = columns.probabilityWidth;
  return {
    id: `${header.id}:${row}`,
    projectId: header.projectId,
    modelId: header.modelId,
    modelName: header.modelName,
    requestId: header.requestId,
    time: header.time,
    // fromEntries defines own properties, so an input called "__proto__" stays an input.
    inputs: Object.fromEntries(columns.inputNames.map((name, k) => [name, columnValue(columns.inputs[k], row)])),
    prediction: columnValue(columns.predictions, row) as string | number | null,
    probabilities: columns.probabilities ? Array.from(columns.probabilities.subarray(row * w, (row + 1) * w)) : null,
    latencyMs: header.latencyMs,
    flags: flagsOf(columns, row),
  };
}

function sameKeys(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** Whether two rows can share a batch: everything a header holds, and the same column layout. */
export function sameBatch(a: InferenceRecord, b: InferenceRecord): boolean {
  return a.projectId === b.projectId && a.modelId === b.modelId && a.modelName === b.modelName && a.requestId === b.requestId
    && a.time === b.time && Object.is(a.latencyMs, b.latencyMs)
    && (a.probabilities?.length ?? -1) === (b.probabilities?.length ?? -1) && sameKeys(a.inputs, b.inputs);
}

/** One batch of rows that `sameBatch` groups together. */
function batchOf(rows: readonly InferenceRecord[]): NewLogBatch {
  const first = rows[0];
  const inputNames = Object.keys(first.inputs);
  const width = first.probabilities?.length ?? 0;
  let probabilities: Float64Array | null = null;
  if (first.probabilities) {
    probabilities = new Float64Array(rows.length * width);
    rows.forEach((r, i) => probabilities!.set(r.probabilities!, i * width));
  }
  return {
    header: { projectId: first.projectId, modelId: first.modelId, modelName: first.modelName, requestId: first.requestId, time: first.time, latencyMs: first.latencyMs, rows: rows.length },
    columns: {
      inputNames,
      inputs: inputNames.map((name) => logColumn(rows.map((r) => r.inputs[name] ?? null))),
      predictions: logColumn(rows.map((r) => r.prediction)),
      probabilities,
      probabilityWidth: width,
      ...flagColumns(rows.map((r) => r.flags)),
    },
  };
}

/** Rows (in the order written) as batches: runs of rows that can share one, at most `LOG_BATCH_ROWS` each. */
export function batchesFromRecords(records: readonly InferenceRecord[]): NewLogBatch[] {
  const batches: NewLogBatch[] = [];
  let start = 0;
  for (let r = 1; r <= records.length; r++) {
    if (r === records.length || r - start === LOG_BATCH_ROWS || !sameBatch(records[start], records[r])) {
      if (r > start) batches.push(batchOf(records.slice(start, r)));
      start = r;
    }
  }
  return batches;
}

/** The batch without its `count` oldest rows (for the retention limit). */
export function withoutOldest(batch: StoredLogBatch, count: number): StoredLogBatch {
  const { header, columns } = batch;
  const w = columns.probabilityWidth;
  const firstFlag = columns.flagStarts[count];
  return {
    header: { ...header, rows: header.rows - count },
    columns: {
      ...columns,
      inputs: columns.inputs.map((c) => c.slice(count)),
      predictions: columns.predictions.slice(count),
      probabilities: columns.probabilities && columns.probabilities.slice(count * w),
      flagStarts: columns.flagStarts.slice(count).map((s) => s - firstFlag),
      flagIds: columns.flagIds.slice(firstFlag),
    },
  };
}
