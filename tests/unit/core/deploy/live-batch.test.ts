import { describe, expect, it } from 'vitest';
import { fileBatch, logWindowBatch } from '$src/core/deploy/live-batch';
import { batchesFromRecords, type InferenceRecord, type StoredLogBatch } from '$src/core/deploy/log-batch';
import type { ParsedTable } from '$src/core/data/columns';

function row(requestId: string, inputs: InferenceRecord['inputs']): InferenceRecord {
  return { projectId: 'p', modelId: 'm', modelName: 'M', requestId, time: 1, inputs, prediction: 1, probabilities: null, latencyMs: 1, flags: [] };
}

/** Batches as the store reads them back, with ids. */
function stored(records: InferenceRecord[]): StoredLogBatch[] {
  return batchesFromRecords(records).map((b, i) => ({ header: { ...b.header, id: i + 1 }, columns: { ...b.columns, id: i + 1 } }));
}

describe('live batches', () => {
  it('takes a file\'s columns as read, labelled with its name', () => {
    const table: ParsedTable = {
      rowCount: 2,
      columns: [{ info: { name: 'x', type: 'number', missing: 0 }, values: Float64Array.from([1, 2]) }],
      warnings: [],
      description: '',
    };
    const batch = fileBatch(table, 'live.csv');
    expect(batch).toEqual({ columns: { x: table.columns[0].values }, rows: 2, label: 'live.csv' });
  });

  it('reads the features from every logged row, batch after batch, null where a row lacks one', () => {
    const batches = stored([row('a', { x: 1, c: 'u' }), row('a', { x: 2, c: null }), row('b', { x: 3 })]);
    const batch = logWindowBatch(batches, ['x', 'c', 'gone'], {});
    expect(batch.rows).toBe(3);
    expect(batch.columns).toEqual({ x: [1, 2, 3], c: ['u', null, null], gone: [null, null, null] });
    expect(batch.label).toBe('inference log');
  });

  it('names the time window it read', () => {
    const from = Date.UTC(2025, 0, 1);
    const to = Date.UTC(2025, 0, 2);
    expect(logWindowBatch([], ['x'], { from }).label).toBe('inference log from 2025-01-01T00:00:00.000Z');
    expect(logWindowBatch([], ['x'], { from, to }).label).toBe('inference log from 2025-01-01T00:00:00.000Z to 2025-01-02T00:00:00.000Z');
    expect(logWindowBatch([], ['x'], { to })).toEqual({ columns: { x: [] }, rows: 0, label: 'inference log to 2025-01-02T00:00:00.000Z' });
  });
});
