import { describe, expect, it } from 'vitest';
import { loggedColumn, loggedValue, requestBatch, servedBatch } from '$src/core/deploy/served-log';
import type { ServingSpec } from '$src/core/deploy/serving-spec';
import { readOutputs } from '$src/core/deploy/score';
import { logRow } from '$src/core/deploy/log-batch';

describe('what serving logs', () => {
  it('keeps raw values as the log shows them', () => {
    expect(loggedValue(undefined)).toBeNull();
    expect(loggedValue(NaN)).toBeNull();
    expect(loggedValue(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31T00:00:00.000Z');
    expect(loggedValue(10n)).toBe('10');
    expect(loggedValue('x')).toBe('x');
  });

  it('copies a numeric column once, as its own typed array', () => {
    const values = Float64Array.from([1, NaN, 3, 4]);
    const column = loggedColumn(values, 1, 2) as Float64Array;
    expect(Array.from(column)).toEqual([NaN, 3]);
    expect(column.buffer.byteLength).toBe(16);
    expect(loggedColumn(undefined, 0, 2)).toBeInstanceOf(Float64Array);
    expect(loggedColumn(['a', null, 'b'], 1, 2)).toEqual([null, 'b']);
  });

  it('makes one batch of a scored chunk that reads back row by row', () => {
    const scored = readOutputs({ label: ['a', 'b'], probabilities: Float32Array.from([0.75, 0.25, 0.5, 0.5]) }, 2, 2);
    const request = { projectId: 'p', modelId: 'm', modelName: 'M', requestId: 'r', time: 5, latencyMs: 0.25 };
    const batch = servedBatch(request, ['x', 'c'], [loggedColumn(Float64Array.from([1, 2]), 0, 2), loggedColumn(['u', null], 0, 2)], scored, 2, [[], ['c is missing.']]);
    const stored = { header: { ...batch.header, id: 1 }, columns: { ...batch.columns, id: 1 } };
    expect(logRow(stored, 1)).toEqual({ id: '1:1', ...request, inputs: { x: 2, c: null }, prediction: 'b', probabilities: [0.5, 0.5], flags: ['c is missing.'] });
  });

  it('reads regression outputs as numbers and int64 labels as numbers', () => {
    expect(readOutputs({ prediction: Float32Array.from([1.5, 2]) }, 2, 0)).toEqual({ predictions: [1.5, 2], probabilities: null });
    expect(readOutputs({ label: [1n, 0n] }, 2, 0).predictions).toEqual([1, 0]);
  });

  it('logs a request\'s rows with the inputs the spec names, read from its columns', () => {
    const spec: ServingSpec = {
      modelId: 'm', modelName: 'M', task: 'classification', classes: ['a', 'b'], rules: [], columns: [],
      inputs: [
        { name: 'x', type: 'float32', sourceType: 'number', categories: null, typical: null },
        { name: 'gone', type: 'string', sourceType: 'text', categories: null, typical: null },
      ],
    };
    const columns: Record<string, ArrayLike<unknown>> = { x: Float64Array.from([7, 8, 9]), other: ['not logged', '', ''] };
    const scored = readOutputs({ label: ['b', 'a'], probabilities: Float32Array.from([0.25, 0.75, 1, 0]) }, 2, 2);
    const request = { projectId: 'p', modelId: 'm', modelName: 'M', requestId: 'r', time: 5, latencyMs: 1 };
    const batch = requestBatch(spec, request, (name) => columns[name], 1, scored, [['odd'], []]);
    expect(batch.header).toEqual({ ...request, rows: 2 });
    expect(batch.columns.inputNames).toEqual(['x', 'gone']);
    const stored = { header: { ...batch.header, id: 3 }, columns: { ...batch.columns, id: 3 } };
    expect(logRow(stored, 0)).toEqual({ id: '3:0', ...request, inputs: { x: 8, gone: null }, prediction: 'b', probabilities: [0.25, 0.75], flags: ['odd'] });
    expect(logRow(stored, 1).inputs).toEqual({ x: 9, gone: null });
  });
});
