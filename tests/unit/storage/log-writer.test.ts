import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOG_FLUSH_MS, LogWriter } from '$src/storage/log-writer';
import type { NewLogBatch } from '$src/core/deploy/log-batch';

function batch(requestId: string): NewLogBatch {
  return {
    header: { projectId: 'p', modelId: 'm', modelName: 'M', requestId, time: 1, latencyMs: 0.1, rows: 1 },
    columns: { inputNames: [], inputs: [], predictions: [1], probabilities: null, probabilityWidth: 0, flagTexts: [], flagStarts: new Uint32Array(2), flagIds: new Uint32Array(0) },
  };
}

/** A store that records each write (one transaction) and can be made to fail or to hold on. */
function fakeStore() {
  const writes: string[][] = [];
  let fail: Error | null = null;
  let hold: Promise<void> | null = null;
  const write = vi.fn(async (batches: NewLogBatch[]) => {
    if (hold) await hold;
    if (fail) throw fail;
    writes.push(batches.map((b) => b.header.requestId));
    return batches.length === 3 ? 2 : 0;
  });
  return { writes, write, failWith: (e: Error | null) => (fail = e), holdUntil: (p: Promise<void> | null) => (hold = p) };
}

describe('write-behind of the inference log', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a queued batch within the delay, without being asked', async () => {
    const store = fakeStore();
    const writer = new LogWriter(store.write);
    writer.add(batch('a'));
    expect(store.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS);
    expect(store.writes).toEqual([['a']]);
  });

  it('writes everything queued when flushed, and the record is there once flush resolves', async () => {
    const store = fakeStore();
    const writer = new LogWriter(store.write);
    writer.add(batch('a'));
    await writer.flush();
    expect(store.writes).toEqual([['a']]);
    // The timer was cancelled: nothing is written twice.
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS * 2);
    expect(store.write).toHaveBeenCalledTimes(1);
  });

  it('loses nothing when several predictions arrive together or during a write', async () => {
    const store = fakeStore();
    const writer = new LogWriter(store.write);
    let release!: () => void;
    store.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    writer.add(batch('a'));
    const first = writer.flush();
    // These arrive while the first write is still going on.
    writer.add(batch('b'));
    writer.add(batch('c'));
    writer.add(batch('d'));
    const second = writer.flush();
    store.holdUntil(null);
    release();
    expect(await first).toBe(0);
    // The second write held three batches in one transaction; the store trimmed 2 rows then.
    expect(await second).toBe(2);
    expect(store.writes).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('reports a failed write to the next flush, once, and goes on writing', async () => {
    const store = fakeStore();
    const writer = new LogWriter(store.write);
    store.failWith(new Error('disk full'));
    writer.add(batch('a'));
    await vi.advanceTimersByTimeAsync(LOG_FLUSH_MS);
    await expect(writer.flush()).rejects.toThrow('disk full');
    store.failWith(null);
    writer.add(batch('b'));
    expect(await writer.flush()).toBe(0);
    expect(store.writes).toEqual([['b']]);
  });
});
