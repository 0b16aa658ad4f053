import { describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, MIGRATIONS, openStudioDB, type Migration } from '$src/storage';
import { openFresh, uniqueName } from './helpers';

/** A version-2 migration that only bumps the version, as a newer studio in another tab would. */
const bumpVersion: Migration = () => undefined;

describe('schema and migrations', () => {
  it('has one migration per version', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBe(5);
    expect(DB_NAME).toBe('ml-studio');
  });

  it('creates every store with its keys and indexes at the current version', async () => {
    const { db, name } = await openFresh();
    db.close();
    const raw = await openDB(name);
    expect(raw.version).toBe(5);
    expect([...raw.objectStoreNames].sort()).toEqual(['chunks', 'datasets', 'logBatches', 'logColumns', 'meta', 'models', 'pipelines', 'projects']);
    const tx = raw.transaction(['projects', 'datasets', 'chunks', 'meta', 'pipelines']);
    expect(tx.objectStore('pipelines').keyPath).toBe('datasetId');
    expect(tx.objectStore('pipelines').index('byProject').keyPath).toBe('projectId');
    expect(tx.objectStore('projects').keyPath).toBe('id');
    expect(tx.objectStore('datasets').keyPath).toBe('id');
    expect([...tx.objectStore('datasets').indexNames]).toEqual(['byProject']);
    expect(tx.objectStore('datasets').index('byProject').keyPath).toBe('projectId');
    expect(tx.objectStore('chunks').keyPath).toEqual(['datasetId', 'index']);
    expect(tx.objectStore('meta').keyPath).toBeNull();
    await tx.done;
    raw.close();
  });

  it('runs only the migrations past the stored version, keeping the data', async () => {
    const name = uniqueName();
    const v1 = await openStudioDB({ name, storage: null, migrations: MIGRATIONS.slice(0, 1) });
    const project = await v1.createProject('Old');
    v1.close();

    // A data-rewriting version 2: it may await requests of the upgrade transaction.
    const first = vi.fn(MIGRATIONS[0]);
    const rewrite: Migration = async (_db, tx) => {
      let cursor = await tx.objectStore('projects').openCursor();
      while (cursor) {
        await cursor.update({ ...cursor.value, lastStep: 'explore' });
        cursor = await cursor.continue();
      }
    };
    const v2 = await openStudioDB({ name, storage: null, migrations: [first, rewrite] });
    expect(first).not.toHaveBeenCalled();
    expect(await v2.getProject(project.id)).toEqual({ ...project, lastStep: 'explore' });
    v2.close();
  });

  it('upgrades a version-1 database to the current version with nothing lost', async () => {
    const name = uniqueName();
    const v1 = await openStudioDB({ name, storage: null, migrations: MIGRATIONS.slice(0, 1) });
    const project = await v1.createProject('Kept');
    const dataset = await v1.saveDataset(
      { projectId: project.id, name: 'rows', source: { kind: 'sample', sample: 'x' }, rowCount: 2, columns: [], warnings: [], description: '', chunkRows: 2 },
      [new Uint8Array([7, 8, 9])],
    );
    const before = await v1.getProject(project.id);
    v1.close();

    const current = await openStudioDB({ name, storage: null });
    expect(await current.listProjects()).toEqual([before]);
    expect(await current.getDataset(dataset.id)).toEqual(dataset);
    expect(Array.from((await current.loadDatasetChunks(dataset.id))[0])).toEqual([7, 8, 9]);
    expect((await current.getPipeline(dataset.id, project.id)).recipe).toEqual([]);
    current.close();
  });

  it('regroups a version-4 log, one record per row, into one batch per request in the order written', async () => {
    const name = uniqueName();
    (await openStudioDB({ name, storage: null, migrations: MIGRATIONS.slice(0, 4) })).close();
    const v4 = await openDB(name, 4);
    const row = (requestId: string, time: number, x: number | null, flags: string[] = []) => ({
      projectId: 'p', modelId: 'm', modelName: 'M', requestId, time, inputs: { x, island: 'Dream' }, prediction: 'Adelie', probabilities: [0.75, 0.25], latencyMs: 0.5, flags,
    });
    const rows = [row('file', 10, 1), row('file', 10, null, ['x is missing.']), row('file', 10, 3), row('one', 10, 4), row('two', 20, 5)];
    for (const r of rows) await v4.add('inference', r);
    v4.close();

    const db = await openStudioDB({ name, storage: null });
    db.close();
    const raw = await openDB(name);
    expect([...raw.objectStoreNames]).not.toContain('inference');
    expect((await raw.getAll('logBatches')).map((b: { requestId: string; rows: number }) => [b.requestId, b.rows])).toEqual([['file', 3], ['one', 1], ['two', 1]]);
    raw.close();
    const current = await openStudioDB({ name, storage: null });
    expect((await current.readLog({ projectId: 'p' })).map(({ id: _id, ...r }) => r)).toEqual([rows[4], rows[3], rows[2], rows[1], rows[0]]);
    current.close();
  });

  it('leaves the data as it was when a migration fails', async () => {
    const name = uniqueName();
    const v1 = await openStudioDB({ name, storage: null });
    const project = await v1.createProject('Precious');
    v1.close();

    const broken: Migration = (_db, tx) => {
      // Its request is undone by the abort that the throw causes.
      tx.objectStore('projects').clear().catch(() => undefined);
      throw new Error('bug in migration 2');
    };
    const error = await openStudioDB({ name, storage: null, migrations: [...MIGRATIONS, broken] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageError', reason: 'failed' });
    expect((error as Error).cause).toEqual(new Error('bug in migration 2'));

    const again = await openStudioDB({ name, storage: null });
    expect(await again.listProjects()).toEqual([project]);
    again.close();
  });

  it('says in plain words when the stored data is newer than this code', async () => {
    const name = uniqueName();
    (await openStudioDB({ name, storage: null, migrations: [...MIGRATIONS, bumpVersion] })).close();
    await expect(openStudioDB({ name, storage: null })).rejects.toMatchObject({
      name: 'StorageError',
      reason: 'unavailable',
      message: expect.stringContaining('newer version of the studio'),
    });
  });
});

describe('connections across tabs', () => {
  it('closes this connection and calls onVersionChange when another tab upgrades', async () => {
    const name = uniqueName();
    const onVersionChange = vi.fn();
    const older = await openStudioDB({ name, storage: null, onVersionChange });
    const project = await older.createProject('Shared');

    const newer = await openStudioDB({ name, storage: null, migrations: [...MIGRATIONS, bumpVersion] });

    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(older.closedBecause).toBe('version');
    await expect(older.listProjects()).rejects.toMatchObject({
      name: 'StorageError',
      reason: 'closed',
      message: 'The studio was updated in another tab. Reload this page to go on with the new version.',
    });
    expect(await newer.listProjects()).toEqual([project]);
    newer.close();
  });

  it('calls onBlocked while an older connection holds on, and opens once it lets go', async () => {
    const name = uniqueName();
    (await openStudioDB({ name, storage: null })).close();
    // A connection that ignores version changes, as a stuck older tab would.
    const stubborn = await openDB(name);

    const onBlocked = vi.fn();
    const opening = openStudioDB({ name, storage: null, migrations: [...MIGRATIONS, bumpVersion], onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    stubborn.close();
    const db = await opening;
    expect(await db.listProjects()).toEqual([]);
    db.close();
  });

  it('rejects with a StorageError after close()', async () => {
    const { db } = await openFresh();
    db.close();
    expect(db.closedBecause).toBe('closed');
    await expect(db.createProject('Late')).rejects.toMatchObject({ name: 'StorageError', reason: 'closed' });
    await expect(db.getMeta('x')).rejects.toMatchObject({ reason: 'closed' });
    await expect(db.loadDatasetChunks('x')).rejects.toMatchObject({ reason: 'closed' });
  });
});
