import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import type { StorageAccess } from '$src/storage';
import { bytes, countChunks, datasetInput, openFresh, steppingClock } from './helpers';

steppingClock();

/** A Uint8Array whose buffer was transferred away (as after `postMessage(…, [buffer])`): it cannot be cloned. */
function detachedChunk(): Uint8Array {
  const chunk = bytes(16);
  structuredClone(chunk.buffer, { transfer: [chunk.buffer] });
  return chunk;
}

describe('saving and loading datasets', () => {
  it('round-trips the record and the chunks byte for byte, and makes the dataset active', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    const chunks = [bytes(1000), bytes(1000, 7), bytes(13, 200)];

    const saved = await db.saveDataset(datasetInput(project.id), chunks);

    expect(saved).toMatchObject({ ...datasetInput(project.id), chunkCount: 3, byteLength: 2013, formatVersion: 1 });
    expect(typeof saved.id).toBe('string');
    expect(await db.getDataset(saved.id)).toEqual(saved);
    expect(await db.listDatasets(project.id)).toEqual([saved]);

    const loaded = await db.loadDatasetChunks(saved.id);
    expect(loaded).toHaveLength(3);
    loaded.forEach((chunk, i) => {
      expect(chunk).toBeInstanceOf(Uint8Array);
      expect(Array.from(chunk)).toEqual(Array.from(chunks[i]));
    });

    const after = await db.getProject(project.id);
    expect(after?.activeDatasetId).toBe(saved.id);
    expect(after?.updatedAt).toBeGreaterThan(project.updatedAt);
    db.close();
  });

  it('asks a chunk source for each chunk once, in order, and stores them as an array would be', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    const made = [bytes(10), bytes(10, 3), bytes(4, 9)];
    const asked: number[] = [];
    const saved = await db.saveDataset(datasetInput(project.id), {
      count: made.length,
      chunk: (index) => {
        asked.push(index);
        return made[index].slice();
      },
    });
    expect(asked).toEqual([0, 1, 2]);
    expect(saved).toMatchObject({ chunkCount: 3, byteLength: 24 });
    expect(await db.loadDatasetChunks(saved.id)).toEqual(made);
    db.close();
  });

  it('stores only the viewed bytes of a chunk that is a view into a larger buffer', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    const big = bytes(4096);
    const saved = await db.saveDataset(datasetInput(project.id), [big.subarray(100, 110)]);
    const [chunk] = await db.loadDatasetChunks(saved.id);
    expect(saved.byteLength).toBe(10);
    expect(chunk.buffer.byteLength).toBe(10);
    expect(Array.from(chunk)).toEqual(Array.from(big.subarray(100, 110)));
    db.close();
  });

  it('replaces a dataset saved again under its id and removes the chunks it no longer has', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('P');
    const first = await db.saveDataset(datasetInput(project.id), [bytes(4), bytes(4, 4), bytes(4, 8), bytes(4, 12)]);
    expect(await countChunks(name, first.id)).toBe(4);

    const second = await db.saveDataset(datasetInput(project.id, { id: first.id, name: 'iris, cleaned', rowCount: 100 }), [
      bytes(6, 50),
      bytes(2, 60),
    ]);

    expect(second).toMatchObject({ id: first.id, name: 'iris, cleaned', rowCount: 100, chunkCount: 2, byteLength: 8 });
    expect(second.createdAt).toBe(first.createdAt);
    expect(await countChunks(name, first.id)).toBe(2);
    expect(await db.loadDatasetChunks(first.id)).toEqual([bytes(6, 50), bytes(2, 60)]);
    expect(await db.listDatasets(project.id)).toEqual([second]);
    db.close();
  });

  it('refuses to replace a dataset of another project, or to save into a project that is gone', async () => {
    const { db, name } = await openFresh();
    const a = await db.createProject('A');
    const b = await db.createProject('B');
    const inA = await db.saveDataset(datasetInput(a.id), [bytes(4)]);

    await expect(db.saveDataset(datasetInput(b.id, { id: inA.id }), [bytes(9)])).rejects.toMatchObject({
      name: 'StorageError',
      reason: 'invalid',
    });
    expect(await db.loadDatasetChunks(inA.id)).toEqual([bytes(4)]);

    await expect(db.saveDataset(datasetInput('deleted-project', { id: 'orphan' }), [bytes(4)])).rejects.toMatchObject({
      reason: 'not-found',
    });
    expect(await db.getDataset('orphan')).toBeUndefined();
    expect(await countChunks(name, 'orphan')).toBe(0);
    db.close();
  });

  it('refuses a dataset without a name', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    await expect(db.saveDataset(datasetInput(project.id, { name: ' ' }), [bytes(1)])).rejects.toThrow('A dataset needs a name.');
    db.close();
  });
});

describe('a save is all or nothing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps the previous dataset and project when a chunk cannot be written halfway through', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('P');
    const original = await db.saveDataset(datasetInput(project.id), [bytes(5), bytes(5, 5)]);
    const projectBefore = await db.getProject(project.id);

    // Replacing it: the first two chunks are written, the third cannot be cloned.
    const replacing = datasetInput(project.id, { id: original.id, name: 'broken' });
    const error = await db.saveDataset(replacing, [bytes(7, 100), bytes(7, 110), detachedChunk()]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'failed' });
    expect((error as Error).message).toMatch(/while saving the dataset "broken".*nothing was changed/);

    expect(await db.getDataset(original.id)).toEqual(original);
    expect(await db.loadDatasetChunks(original.id)).toEqual([bytes(5), bytes(5, 5)]);
    expect(await countChunks(name, original.id)).toBe(2);
    expect(await db.getProject(project.id)).toEqual(projectBefore);

    // A new dataset failing the same way leaves no trace at all.
    const fresh = datasetInput(project.id, { id: 'new-one', name: 'new' });
    await expect(db.saveDataset(fresh, [bytes(3), detachedChunk()])).rejects.toMatchObject({ reason: 'failed' });
    expect(await db.getDataset('new-one')).toBeUndefined();
    expect(await countChunks(name, 'new-one')).toBe(0);
    expect(await db.getProject(project.id)).toEqual(projectBefore);
    db.close();
  });

  it('turns a QuotaExceededError during the transaction into a plain message and keeps the previous state', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('P');
    const original = await db.saveDataset(datasetInput(project.id), [bytes(5), bytes(5, 5)]);
    const projectBefore = await db.getProject(project.id);

    // What a full disk looks like to IndexedDB: the second chunk's write succeeds, then the
    // browser aborts the whole transaction with a QuotaExceededError. fake-indexeddb aborts
    // through its internal `_abort(errorName)`, the same path a failed request takes.
    const realPut = IDBObjectStore.prototype.put;
    let chunkWrites = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = realPut.apply(this, args);
      if (this.name === 'chunks' && ++chunkWrites === 2) {
        const tx = this.transaction as IDBTransaction & { _abort(errorName: string): void };
        request.addEventListener('success', () => tx._abort('QuotaExceededError'));
      }
      return request;
    });

    const replacing = datasetInput(project.id, { id: original.id, name: 'bigger' });
    const error = await db.saveDataset(replacing, [bytes(9), bytes(9, 9), bytes(9, 18)]).catch((e: unknown) => e);
    expect(chunkWrites).toBe(3);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'quota' });
    expect((error as Error).message).toBe(
      'The browser ran out of storage space while saving the dataset "bigger". Nothing was changed. Delete a project or a dataset you no longer need, then try again.',
    );
    expect((error as Error).cause).toMatchObject({ name: 'QuotaExceededError' });

    vi.restoreAllMocks();
    expect(await db.getDataset(original.id)).toEqual(original);
    expect(await db.loadDatasetChunks(original.id)).toEqual([bytes(5), bytes(5, 5)]);
    expect(await countChunks(name, original.id)).toBe(2);
    expect(await db.getProject(project.id)).toEqual(projectBefore);
    db.close();
  });
});

describe('space', () => {
  function fakeStorage(usage: number, quota: number, persisted = false, grant = true) {
    const state = { persisted, persistCalls: 0 };
    const storage: StorageAccess = {
      estimate: async () => ({ usage, quota }),
      persisted: async () => state.persisted,
      persist: async () => {
        state.persistCalls += 1;
        state.persisted = grant;
        return grant;
      },
    };
    return { storage, state };
  }

  it('refuses a save that the browser says will not fit, before writing anything', async () => {
    const { storage } = fakeStorage(5 * 1024 * 1024 - 1000, 5 * 1024 * 1024);
    const { db, name } = await openFresh({ storage });
    const project = await db.createProject('P');

    const error = await db
      .saveDataset(datasetInput(project.id, { id: 'too-big', name: 'census' }), [bytes(3000), bytes(3000)])
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'StorageError', reason: 'quota' });
    expect((error as Error).message).toBe(
      'Saving the dataset "census" needs about 5.9 KB, but only 1000 bytes of browser storage is free. Delete a project or a dataset you no longer need, then try again.',
    );
    expect(await db.getDataset('too-big')).toBeUndefined();
    expect(await countChunks(name, 'too-big')).toBe(0);
    expect((await db.getProject(project.id))?.activeDatasetId).toBeNull();

    // Exactly fitting is fine.
    const fits = await db.saveDataset(datasetInput(project.id), [bytes(1000)]);
    expect(fits.byteLength).toBe(1000);
    db.close();
  });

  it('saves when the browser gives no estimate', async () => {
    const { db } = await openFresh({ storage: { estimate: async () => ({}) } });
    const project = await db.createProject('P');
    await expect(db.saveDataset(datasetInput(project.id), [bytes(10)])).resolves.toMatchObject({ byteLength: 10 });
    db.close();
  });

  it('reports the estimate with the persistence state, or null without a storage manager', async () => {
    const { storage } = fakeStorage(100, 2000, true);
    const { db } = await openFresh({ storage });
    expect(await db.storageEstimate()).toEqual({ usage: 100, quota: 2000, persisted: true });
    db.close();

    const { db: bare } = await openFresh({ storage: null });
    expect(await bare.storageEstimate()).toBeNull();
    expect(await bare.requestPersistence()).toBe(false);
    bare.close();
  });

  it('asks for persistence once, and not at all when already persisted', async () => {
    const granted = fakeStorage(0, 1, false, true);
    const { db } = await openFresh({ storage: granted.storage });
    expect(await db.requestPersistence()).toBe(true);
    expect(await db.requestPersistence()).toBe(true);
    expect(granted.state.persistCalls).toBe(1);
    db.close();

    const denied = fakeStorage(0, 1, false, false);
    const { db: other } = await openFresh({ storage: denied.storage });
    expect(await other.requestPersistence()).toBe(false);
    expect(await other.requestPersistence()).toBe(false);
    expect(denied.state.persistCalls).toBe(1);
    other.close();

    const already = fakeStorage(0, 1, true);
    const { db: third } = await openFresh({ storage: already.storage });
    expect(await third.requestPersistence()).toBe(true);
    expect(already.state.persistCalls).toBe(0);
    third.close();
  });
});

describe('loading and deleting datasets', () => {
  it('refuses to load a dataset with a missing chunk, and one that is gone', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('P');
    const saved = await db.saveDataset(datasetInput(project.id, { name: 'sales' }), [bytes(2), bytes(2, 2), bytes(2, 4)]);

    const raw = await openDB(name);
    await raw.delete('chunks', [saved.id, 1]);
    raw.close();

    const error = await db.loadDatasetChunks(saved.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'incomplete' });
    expect((error as Error).message).toBe(
      'The stored dataset "sales" is incomplete: 2 of its 3 parts are in this browser. Delete it and load the data again.',
    );

    await expect(db.loadDatasetChunks('never-saved')).rejects.toMatchObject({ reason: 'not-found' });

    // Read one chunk at a time: the chunks before the gap arrive, then the same refusal.
    const seen: number[] = [];
    const streamed = await db.readDatasetChunks(saved.id, (_bytes, index) => seen.push(index)).catch((e: unknown) => e);
    expect(seen).toEqual([0]);
    expect(streamed).toMatchObject({ name: 'StorageError', reason: 'incomplete' });
    expect((streamed as Error).message).toBe(
      'The stored dataset "sales" is incomplete: part 2 of its 3 parts is not in this browser. Delete it and load the data again.',
    );
    await expect(db.readDatasetChunks('never-saved', () => {})).rejects.toMatchObject({ reason: 'not-found' });
    db.close();
  });

  it('reads a dataset one chunk at a time, in order, with its record', async () => {
    const { db } = await openFresh();
    const project = await db.createProject('P');
    const chunks = Array.from({ length: 12 }, (_, i) => bytes(3, i * 3));
    const saved = await db.saveDataset(datasetInput(project.id), chunks);
    const seen: [number, number[]][] = [];
    const record = await db.readDatasetChunks(saved.id, (chunk, index) => seen.push([index, Array.from(chunk)]));
    expect(record).toEqual(saved);
    expect(seen).toEqual(chunks.map((chunk, i) => [i, Array.from(chunk)]));
    db.close();
  });

  it('deletes a dataset with its chunks and moves the active pointer to the newest remaining one', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('P');
    const d1 = await db.saveDataset(datasetInput(project.id, { name: 'one' }), [bytes(1)]);
    const d2 = await db.saveDataset(datasetInput(project.id, { name: 'two' }), [bytes(2)]);
    const d3 = await db.saveDataset(datasetInput(project.id, { name: 'three' }), [bytes(3)]);
    expect((await db.listDatasets(project.id)).map((d) => d.name)).toEqual(['one', 'two', 'three']);
    await db.updateProject(project.id, { activeDatasetId: d1.id });

    await db.deleteDataset(d2.id);
    expect(await db.getDataset(d2.id)).toBeUndefined();
    expect(await countChunks(name, d2.id)).toBe(0);
    expect((await db.getProject(project.id))?.activeDatasetId).toBe(d1.id);

    await db.deleteDataset(d1.id);
    expect((await db.getProject(project.id))?.activeDatasetId).toBe(d3.id);

    await db.deleteDataset(d3.id);
    expect((await db.getProject(project.id))?.activeDatasetId).toBeNull();
    expect(await db.listDatasets(project.id)).toEqual([]);

    await expect(db.deleteDataset(d3.id)).resolves.toBeUndefined();
    db.close();
  });
});
