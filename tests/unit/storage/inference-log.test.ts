import { describe, it, expect } from 'vitest';
import { openDB } from 'idb';
import type { InferenceRecord } from '$src/storage';
import { openFresh } from './helpers';

function records(projectId: string, n: number, start = 0, modelId = 'm1'): InferenceRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    projectId, modelId, modelName: 'M', requestId: 'r', time: 1_000 + start + i,
    inputs: { x: start + i }, prediction: 'a', probabilities: [0.9, 0.1], latencyMs: 0.5, flags: [],
  }));
}

describe('inference log', () => {
  it('writes in batches, reads newest first with model and time filters, counts and clears', async () => {
    const { db } = await openFresh();
    const p = await db.createProject('P');
    expect(await db.appendLog([...records(p.id, 250), ...records(p.id, 5, 20_000, 'm2')])).toBe(0);
    expect(await db.countLog(p.id)).toBe(255);
    const newest = await db.readLog({ projectId: p.id, limit: 3 });
    expect(newest.map((r) => r.inputs.x)).toEqual([20_004, 20_003, 20_002]);
    expect((await db.readLog({ projectId: p.id, modelId: 'm1', limit: 2 })).map((r) => r.inputs.x)).toEqual([249, 248]);
    expect((await db.readLog({ projectId: p.id, from: 1_010, to: 1_012 })).map((r) => r.inputs.x)).toEqual([12, 11, 10]);
    expect((await db.readLog({ projectId: p.id, offset: 5, limit: 1 }))[0].inputs.x).toBe(249);
    await db.clearLog(p.id);
    expect(await db.countLog(p.id)).toBe(0);
  });

  it('trims the oldest records past the retention limit and says how many', async () => {
    const { db } = await openFresh();
    const p = await db.createProject('P');
    await db.appendLog(records(p.id, 8), 10);
    expect(await db.appendLog(records(p.id, 5, 100), 10)).toBe(3);
    expect(await db.countLog(p.id)).toBe(10);
    const oldest = (await db.readLog({ projectId: p.id })).at(-1)!;
    expect(oldest.inputs.x).toBe(3);
  });

  it('is deleted with its project, and other projects keep theirs', async () => {
    const { db } = await openFresh();
    const a = await db.createProject('A');
    const b = await db.createProject('B');
    await db.appendLog(records(a.id, 4));
    await db.appendLog(records(b.id, 2));
    await db.deleteProject(a.id);
    expect(await db.countLog(a.id)).toBe(0);
    expect(await db.countLog(b.id)).toBe(2);
  });

  it('stores one batch per request and pages newest first across batches', async () => {
    const { db, name } = await openFresh();
    const p = await db.createProject('P');
    // Three requests of 4, 3 and 5 rows, each at one time, as serving logs them.
    const request = (id: string, time: number, n: number, from: number) => records(p.id, n, from).map((r) => ({ ...r, requestId: id, time }));
    await db.appendLog([...request('a', 10, 4, 0), ...request('b', 20, 3, 100), ...request('c', 30, 5, 200)]);
    const raw = await openDB(name);
    expect(await raw.count('logBatches')).toBe(3);
    expect(await raw.count('logColumns')).toBe(3);
    raw.close();
    expect(await db.countLog(p.id)).toBe(12);
    expect(await db.countLog(p.id, 15, 30)).toBe(8);
    const all = (await db.readLog({ projectId: p.id })).map((r) => r.inputs.x);
    expect(all).toEqual([204, 203, 202, 201, 200, 102, 101, 100, 3, 2, 1, 0]);
    // Every page is the matching slice of the whole, whatever batches it spans.
    for (const [offset, limit] of [[0, 5], [3, 4], [4, 5], [7, 100], [11, 1], [12, 3]]) {
      expect((await db.readLog({ projectId: p.id, offset, limit })).map((r) => r.inputs.x), `offset ${offset}`).toEqual(all.slice(offset, offset + limit));
    }
    const batches = await db.readLogBatches({ projectId: p.id, from: 15 });
    expect(batches.map((b) => b.header.requestId)).toEqual(['c', 'b']);
  });

  it('trims part of the oldest batch, keeping its newest rows', async () => {
    const { db } = await openFresh();
    const p = await db.createProject('P');
    const one = (id: string, time: number, n: number, from: number) => records(p.id, n, from).map((r) => ({ ...r, requestId: id, time }));
    await db.appendLog(one('a', 10, 6, 0), 10);
    expect(await db.appendLog(one('b', 20, 7, 100), 10)).toBe(3);
    expect((await db.readLog({ projectId: p.id })).map((r) => r.inputs.x)).toEqual([106, 105, 104, 103, 102, 101, 100, 5, 4, 3]);
    // A whole batch and part of the next.
    expect(await db.appendLog(one('c', 30, 5, 200), 10)).toBe(5);
    expect((await db.readLog({ projectId: p.id })).map((r) => r.inputs.x)).toEqual([204, 203, 202, 201, 200, 106, 105, 104, 103, 102]);
  });
});
