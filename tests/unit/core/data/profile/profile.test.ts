import { describe, it, expect } from 'vitest';
import * as aq from 'arquero';
import { Cancelled } from '$src/core/cancellation';
import { profileFrame } from '$src/core/data/profile/index';
import type { NumericColumnProfile } from '$src/core/data/profile/index';
import { ROW_ID, type Frame } from '$src/core/data/frame';
import type { ColumnInfo } from '$src/core/data/columns';
import { columnNamed, frameOf, seeded } from './helpers';

const small = (): Frame =>
  frameOf({
    a: { type: 'number', values: [1, 2, 3] },
    b: { type: 'text', values: ['x', 'y', 'x'] },
    c: { type: 'integer', values: [3, 1, 2] },
  });

describe('profileFrame', () => {
  it('profiles the visible columns in frame order and never the row ids', async () => {
    const frame = small();
    expect(frame.table.columnNames()).toContain(ROW_ID);
    const profile = await profileFrame(frame);
    expect(profile.rows).toBe(3);
    expect(profile.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(profile.correlation?.columns).toEqual(['a', 'c']);
  });

  it('skips ROW_ID even when a caller lists it among the columns', async () => {
    const frame = small();
    const columns: ColumnInfo[] = [...frame.columns, { name: ROW_ID, type: 'integer', missing: 0 }];
    const profile = await profileFrame({ ...frame, columns }, { target: ROW_ID });
    expect(profile.columns.map((c) => c.name)).not.toContain(ROW_ID);
    expect(profile.target).toBeNull();
  });

  it('profiles an empty table', async () => {
    const frame = frameOf({ a: { type: 'number', values: [] }, b: { type: 'text', values: [] } });
    const profile = await profileFrame(frame, { target: 'b' });
    expect(columnNamed(profile.columns, 'a')).toMatchObject({ count: 0, missing: 0, missingShare: 0, mean: null, histogram: [] });
    expect(profile.target?.classes).toEqual([]);
  });

  it('returns plain data that survives structured cloning (worker to page)', async () => {
    const profile = await profileFrame(small(), { target: 'b' });
    expect(structuredClone(profile)).toEqual(profile);
  });

  it('reports progress one column at a time, ending at the total', async () => {
    const calls: [number, number][] = [];
    await profileFrame(small(), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('stops with IngestCancelled when the signal aborts, before or during the work', async () => {
    const before = new AbortController();
    before.abort();
    await expect(profileFrame(small(), { signal: before.signal })).rejects.toMatchObject({ name: 'IngestCancelled' });

    const during = new AbortController();
    const run = profileFrame(small(), {
      signal: during.signal,
      onProgress: (done) => {
        if (done === 1) during.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(Cancelled);
    await expect(run).rejects.toThrow('Profiling was cancelled.');
  });

  it('profiles 200,000 rows of every type correctly', async () => {
    const rows = 200_000;
    const random = seeded(42);
    const x = new Float64Array(rows);
    const k = new Float64Array(rows);
    const s: (string | null)[] = new Array(rows);
    const b: (boolean | null)[] = new Array(rows);
    const d: (Date | null)[] = new Array(rows);
    const y: string[] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i] = i % 10 === 0 ? NaN : random() * 100;
      k[i] = Math.floor(random() * 7);
      s[i] = i % 25 === 0 ? null : `c${Math.floor(random() * 30)}`;
      b[i] = i % 9 === 0 ? null : random() < 0.3;
      d[i] = new Date(Date.UTC(2015, 0, 1) + Math.floor(random() * 3e11));
      y[i] = x[i] > 50 ? 'high' : 'low';
    }
    const id = Int32Array.from({ length: rows }, (_, i) => i);
    const table = aq.table({ x, k, s, b, d, y, id: Float64Array.from(id), [ROW_ID]: id });
    const columns: ColumnInfo[] = [
      { name: 'x', type: 'number', missing: rows / 10 },
      { name: 'k', type: 'integer', missing: 0 },
      { name: 's', type: 'text', missing: rows / 25 },
      { name: 'b', type: 'boolean', missing: Math.ceil(rows / 9) },
      { name: 'd', type: 'date', missing: 0 },
      { name: 'y', type: 'text', missing: 0 },
      { name: 'id', type: 'integer', missing: 0 },
    ];
    const profile = await profileFrame({ table, columns }, { target: 'y' });
    const xp = columnNamed(profile.columns, 'x') as NumericColumnProfile;
    expect(xp.missing).toBe(rows / 10);
    expect(xp.min).toBeGreaterThanOrEqual(0);
    expect(xp.max).toBeLessThan(100);
    expect(xp.median).toBeCloseTo(50, 0);
    expect(xp.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(xp.count);
    expect(columnNamed(profile.columns, 'k')).toMatchObject({ distinct: 7, min: 0, max: 6 });
    expect(columnNamed(profile.columns, 's')).toMatchObject({ distinct: 30, missing: rows / 25 });
    expect(columnNamed(profile.columns, 'b').missing).toBe(Math.ceil(rows / 9));
    expect(columnNamed(profile.columns, 'd').count).toBe(rows);
    expect(profile.target?.classes.map((c) => c.value).sort()).toEqual(['high', 'low']);
    // x decides y (high above 50) but is not a perfect predictor of it by η
    const relation = profile.target!.relations.find((r) => r.column === 'x')!;
    expect(relation.measure).toBe('eta');
    expect(relation.value).toBeGreaterThan(0.8);
    expect(profile.warnings.map((w) => `${w.kind}:${w.columns.join(',')}`)).toEqual(['id-like:id']);
  }, 60_000);
});
