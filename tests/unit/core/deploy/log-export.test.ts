import { describe, expect, it } from 'vitest';
import { logExport } from '$src/core/deploy/log-export';
import { batchesFromRecords, type InferenceRecord, type StoredLogBatch } from '$src/core/deploy/log-batch';

const older: InferenceRecord = {
  projectId: 'p', modelId: 'm', modelName: '=Model', requestId: 'r1', time: Date.UTC(2025, 0, 1),
  inputs: { x: -3, c: '=1+1' }, prediction: 'yes', probabilities: [0.25, 0.75], latencyMs: 2, flags: ['c is odd.', 'x is low.'],
};
const newer: InferenceRecord = {
  projectId: 'p', modelId: 'm', modelName: '=Model', requestId: 'r2', time: Date.UTC(2025, 0, 2),
  inputs: { x: null, d: true }, prediction: -1.5, probabilities: null, latencyMs: 0.5, flags: [],
};

/** The store's batches newest first, with their ids. */
function newestFirst(records: InferenceRecord[]): StoredLogBatch[] {
  return batchesFromRecords(records).map((b, i) => ({ header: { ...b.header, id: i + 1 }, columns: { ...b.columns, id: i + 1 } })).reverse();
}

describe('the log export', () => {
  it('writes CSV newest first: one column per input, text escaped, numbers left as numbers', async () => {
    const blob = logExport(newestFirst([older, newer]), 'csv');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect((await blob.text()).split('\r\n')).toEqual([
      // Inputs in the order the rows, newest first, name them.
      'time,model,request,input x,input d,input c,prediction,probabilities,latency_ms,flags',
      "2025-01-02T00:00:00.000Z,'=Model,r2,,true,,-1.5,,0.5,",
      `2025-01-01T00:00:00.000Z,'=Model,r1,-3,,'=1+1,yes,"[0.25,0.75]",2,c is odd. x is low.`,
      '',
    ]);
  });

  it('writes JSON Lines newest first, without the storage keys', async () => {
    const blob = logExport(newestFirst([older, newer]), 'jsonl');
    expect(blob.type).toBe('application/x-ndjson');
    const lines = (await blob.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([newer, older]);
  });

  it('writes only the header for an empty log', async () => {
    expect(await logExport([], 'csv').text()).toBe('time,model,request,prediction,probabilities,latency_ms,flags\r\n');
    expect(await logExport([], 'jsonl').text()).toBe('');
  });
});
