import { describe, it, expect } from 'vitest';
import type { InferenceRecord } from '../../../src/storage';
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
});
