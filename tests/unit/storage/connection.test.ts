import 'fake-indexeddb/auto';
import { describe, it, expect, vi } from 'vitest';
import { lazyStudioDB } from '$src/storage';

const uniqueName = () => `connection-${Math.random()}`;

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe('lazy connection', () => {
  it('opens once, on the first call, and answers every later call with that connection', async () => {
    const db = lazyStudioDB({ name: uniqueName(), storage: null });
    const first = await db();
    expect(await db()).toBe(first);
    const project = await first.createProject('P');
    expect(await (await db()).getProject(project.id)).toEqual(project);
  });

  it('opens a new connection after another tab closed the old one, and passes the news on', async () => {
    const name = uniqueName();
    const onVersionChange = vi.fn();
    const db = lazyStudioDB({ name, storage: null, onVersionChange });
    const old = await db();
    await deleteDatabase(name);
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(old.closedBecause).toBe('version');
    const fresh = await db();
    expect(fresh).not.toBe(old);
    expect(fresh.closedBecause).toBeNull();
    expect(await fresh.listProjects()).toEqual([]);
  });
});
