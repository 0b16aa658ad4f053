/**
 * Access to the browser's storage manager (`navigator.storage`): how much space is used and
 * free, and whether the data is safe from eviction. It is absent in Node, in old browsers and in
 * some insecure contexts, so everything here copes with `null`. Tests inject a fake.
 */

/** The part of `StorageManager` the studio uses; every method is optional. */
export interface StorageAccess {
  estimate?(): Promise<StorageEstimate>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

/** `navigator.storage` of this window or worker, or null where there is none. */
export function browserStorage(): StorageAccess | null {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
}

export interface SpaceEstimate {
  usage: number;
  quota: number;
}

/** The browser's estimate, or null when it cannot give one (then saving simply tries). */
export async function estimateSpace(storage: StorageAccess | null): Promise<SpaceEstimate | null> {
  if (!storage?.estimate) return null;
  try {
    const { usage, quota } = await storage.estimate();
    return typeof usage === 'number' && typeof quota === 'number' ? { usage, quota } : null;
  } catch {
    return null;
  }
}

export async function isPersisted(storage: StorageAccess | null): Promise<boolean> {
  if (!storage?.persisted) return false;
  try {
    return await storage.persisted();
  } catch {
    return false;
  }
}
