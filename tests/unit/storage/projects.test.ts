import { describe, expect, it } from 'vitest';
import { META_CURRENT_PROJECT, StorageError } from '$src/storage';
import { bytes, countChunks, datasetInput, openFresh, steppingClock } from './helpers';

steppingClock();

describe('projects', () => {
  it('creates, reads, lists (oldest first), renames and updates projects', async () => {
    const { db } = await openFresh();
    expect(await db.listProjects()).toEqual([]);

    const first = await db.createProject('  Churn study  ', 42);
    const second = await db.createProject('Housing');
    expect(first).toMatchObject({ name: 'Churn study', seed: 42, lastStep: 'data', activeDatasetId: null });
    expect(first.createdAt).toBe(first.updatedAt);
    expect(Number.isSafeInteger(second.seed) && second.seed >= 0 && second.seed < 2 ** 31).toBe(true);
    expect(first.id).not.toBe(second.id);

    expect(await db.getProject(first.id)).toEqual(first);
    expect(await db.getProject('no-such-id')).toBeUndefined();
    expect((await db.listProjects()).map((p) => p.name)).toEqual(['Churn study', 'Housing']);

    const renamed = await db.renameProject(first.id, ' Churn, v2 ');
    expect(renamed.name).toBe('Churn, v2');
    expect(renamed.updatedAt).toBeGreaterThan(first.updatedAt);
    expect(renamed.createdAt).toBe(first.createdAt);

    const updated = await db.updateProject(first.id, { seed: 7, lastStep: 'explore' });
    expect(updated).toMatchObject({ name: 'Churn, v2', seed: 7, lastStep: 'explore', activeDatasetId: null });
    expect(await db.getProject(first.id)).toEqual(updated);
    db.close();
  });

  it('refuses empty names, bad seeds and unknown projects in plain words', async () => {
    const { db } = await openFresh();
    await expect(db.createProject('   ')).rejects.toThrow(new StorageError('A project needs a name.', 'invalid'));
    await expect(db.createProject('x', 1.5)).rejects.toMatchObject({ name: 'StorageError', reason: 'invalid' });
    const project = await db.createProject('Kept');
    await expect(db.renameProject(project.id, '')).rejects.toThrow('A project needs a name.');
    await expect(db.renameProject('gone', 'New')).rejects.toMatchObject({ reason: 'not-found' });
    await expect(db.updateProject('gone', { lastStep: 'train' })).rejects.toMatchObject({ reason: 'not-found' });
    await expect(db.updateProject(project.id, { seed: Number.NaN })).rejects.toMatchObject({ reason: 'invalid' });
    expect(await db.listProjects()).toEqual([project]);
    db.close();
  });

  it('only lets a patch change seed, last step and active dataset, and only to a dataset of the project', async () => {
    const { db } = await openFresh();
    const mine = await db.createProject('Mine');
    const other = await db.createProject('Other');
    const foreign = await db.saveDataset(datasetInput(other.id), [bytes(4)]);

    await expect(db.updateProject(mine.id, { activeDatasetId: foreign.id })).rejects.toMatchObject({ reason: 'not-found' });
    // A wider object (as a caller might pass a whole record) must not overwrite the rest.
    const wide = { lastStep: 'clean', name: 'Hijacked', id: 'other-id' } as unknown as { lastStep: string };
    const updated = await db.updateProject(mine.id, wide);
    expect(updated).toMatchObject({ id: mine.id, name: 'Mine', lastStep: 'clean' });

    const own = await db.saveDataset(datasetInput(mine.id), [bytes(4)]);
    await db.updateProject(mine.id, { activeDatasetId: null });
    expect((await db.getProject(mine.id))?.activeDatasetId).toBeNull();
    await db.updateProject(mine.id, { activeDatasetId: own.id });
    expect((await db.getProject(mine.id))?.activeDatasetId).toBe(own.id);
    db.close();
  });

  it('deletes a project with its datasets and their chunks, and nothing else', async () => {
    const { db, name } = await openFresh();
    const doomed = await db.createProject('Doomed');
    const kept = await db.createProject('Kept');
    const a = await db.saveDataset(datasetInput(doomed.id, { name: 'a' }), [bytes(8), bytes(8, 8)]);
    const b = await db.saveDataset(datasetInput(doomed.id, { name: 'b' }), [bytes(3)]);
    const c = await db.saveDataset(datasetInput(kept.id, { name: 'c' }), [bytes(5), bytes(5, 5)]);
    await db.setMeta(META_CURRENT_PROJECT, doomed.id);

    await db.deleteProject(doomed.id);

    expect(await db.getProject(doomed.id)).toBeUndefined();
    expect(await db.listDatasets(doomed.id)).toEqual([]);
    expect(await db.getDataset(a.id)).toBeUndefined();
    expect(await countChunks(name, a.id)).toBe(0);
    expect(await countChunks(name, b.id)).toBe(0);
    expect(await db.getMeta(META_CURRENT_PROJECT)).toBeUndefined();

    expect((await db.listProjects()).map((p) => p.id)).toEqual([kept.id]);
    expect(await db.listDatasets(kept.id)).toEqual([c]);
    expect(await db.loadDatasetChunks(c.id)).toEqual([bytes(5), bytes(5, 5)]);

    // Gone already (e.g. deleted in another tab): not an error.
    await expect(db.deleteProject(doomed.id)).resolves.toBeUndefined();
    db.close();
  });

  it('keeps the current project when another one is deleted', async () => {
    const { db } = await openFresh();
    const current = await db.createProject('Current');
    const other = await db.createProject('Other');
    await db.setMeta(META_CURRENT_PROJECT, current.id);
    await db.deleteProject(other.id);
    expect(await db.getMeta<string>(META_CURRENT_PROJECT)).toBe(current.id);
    db.close();
  });
});

describe('meta', () => {
  it('stores, overwrites and deletes small values', async () => {
    const { db } = await openFresh();
    expect(await db.getMeta('theme')).toBeUndefined();
    await db.setMeta('theme', 'dark');
    await db.setMeta('layout', { panels: [1, 2], open: true });
    expect(await db.getMeta<string>('theme')).toBe('dark');
    expect(await db.getMeta('layout')).toEqual({ panels: [1, 2], open: true });
    await db.setMeta('theme', 'light');
    expect(await db.getMeta('theme')).toBe('light');
    await db.deleteMeta('theme');
    expect(await db.getMeta('theme')).toBeUndefined();
    db.close();
  });
});
