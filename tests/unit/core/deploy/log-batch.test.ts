import { describe, expect, it } from 'vitest';
import { LOG_BATCH_ROWS, batchesFromRecords, logColumn, logRow, withoutOldest, type NewLogBatch, type StoredLogBatch } from '$src/core/deploy/log-batch';
import type { InferenceRecord } from '$src/storage';

function stored(batch: NewLogBatch, id = 1): StoredLogBatch {
  return { header: { ...batch.header, id }, columns: { ...batch.columns, id } };
}

function row(i: number, overrides: Partial<InferenceRecord> = {}): InferenceRecord {
  return {
    projectId: 'p', modelId: 'm', modelName: 'M', requestId: 'r', time: 1_000, latencyMs: 0.5,
    inputs: { x: i % 4 === 0 ? null : i, island: i % 3 === 0 ? null : 'Dream', ok: i % 2 === 0, n: i % 5 === 0 ? NaN : -0 },
    prediction: i % 2 ? 'Adelie' : null, probabilities: [0.25, i / 100], flags: i % 3 === 0 ? ['island is missing.', 'x is odd.'] : [],
    ...overrides,
  };
}

describe('the log batch format', () => {
  it('reads back every row exactly as written', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(i));
    const batches = batchesFromRecords(rows);
    expect(batches).toHaveLength(1);
    const batch = stored(batches[0], 7);
    expect(batch.header.rows).toBe(12);
    // Distinct flag texts are stored once.
    expect(batch.columns.flagTexts).toEqual(['island is missing.', 'x is odd.']);
    const back = rows.map((_, r) => logRow(batch, r));
    expect(back.map(({ id: _id, ...rest }) => rest)).toEqual(rows);
    expect(back[3].id).toBe('7:3');
    // A NaN input stays a number, apart from null.
    expect(back[5].inputs.n).toBeNaN();
    expect(Object.is(back[1].inputs.n, -0)).toBe(true);
  });

  it('keeps numbers typed and anything else as it is', () => {
    expect(logColumn([1, null, 2.5])).toBeInstanceOf(Float64Array);
    expect(logColumn([1, NaN])).toEqual([1, NaN]);
    expect(logColumn(['a', null])).toEqual(['a', null]);
  });

  it('starts a new batch when what rows share changes, and after LOG_BATCH_ROWS rows', () => {
    const rows = [row(0), row(1), row(2, { requestId: 'other' }), row(3, { probabilities: null }), row(4, { inputs: { x: 1 } }), row(5, { inputs: { x: 2 } })];
    expect(batchesFromRecords(rows).map((b) => b.header.rows)).toEqual([2, 1, 1, 2]);
    const many = Array.from({ length: LOG_BATCH_ROWS + 3 }, () => row(1));
    expect(batchesFromRecords(many).map((b) => b.header.rows)).toEqual([LOG_BATCH_ROWS, 3]);
  });

  it('keeps an input called __proto__ as an input', () => {
    const inputs = JSON.parse('{"__proto__": "row 1", "x": 1}') as InferenceRecord['inputs'];
    const back = logRow(stored(batchesFromRecords([row(1, { inputs })])[0]), 0);
    expect(Object.getOwnPropertyDescriptor(back.inputs, '__proto__')?.value).toBe('row 1');
    expect(Object.getPrototypeOf(back.inputs)).toBe(Object.prototype);
  });

  it('drops the oldest rows of a batch, flags and probabilities included', () => {
    const rows = Array.from({ length: 9 }, (_, i) => row(i));
    const batch = stored(batchesFromRecords(rows)[0]);
    const kept = withoutOldest(batch, 4);
    expect(kept.header.rows).toBe(5);
    expect(Array.from({ length: 5 }, (_, r) => logRow(kept, r)).map(({ id: _id, ...rest }) => rest)).toEqual(rows.slice(4));
  });
});
