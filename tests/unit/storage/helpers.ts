/** Shared set-up for the storage tests: a fresh database per test, sample records, raw access. */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, vi } from 'vitest';
import { openStudioDB, type NewDataset, type OpenStudioOptions, type StudioDB } from '$src/storage';

let counter = 0;

/** A database name no other test uses, so tests never see each other's data. */
export function uniqueName(): string {
  counter += 1;
  return `ml-studio-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

/** Opens a fresh studio database; no storage manager unless the test gives one. */
export async function openFresh(options: OpenStudioOptions = {}): Promise<{ db: StudioDB; name: string }> {
  const name = options.name ?? uniqueName();
  const db = await openStudioDB({ storage: null, ...options, name });
  return { db, name };
}

/** `Date.now()` that moves forward a second per call, so "oldest first" and "newest" are well defined. */
export function steppingClock(): void {
  let now = 1_700_000_000_000;
  beforeEach(() => {
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** `length` bytes counting up from `start`: easy to tell apart byte by byte. */
export function bytes(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) % 256);
}

export function datasetInput(projectId: string, overrides: Partial<NewDataset> = {}): NewDataset {
  return {
    projectId,
    name: 'iris',
    source: { kind: 'sample', sample: 'iris' },
    rowCount: 150,
    columns: [
      { name: 'sepal_length', type: 'number', missing: 0 },
      { name: 'species', type: 'text', missing: 0 },
    ],
    warnings: [{ code: 'renamed-column', message: 'Column 3 had no name; it is called "column_3".', column: 'column_3' }],
    description: 'CSV, comma-separated, UTF-8',
    chunkRows: 64,
    ...overrides,
  };
}

/** How many chunk records of `datasetId` exist, read around the store's API. */
export async function countChunks(name: string, datasetId: string): Promise<number> {
  const raw = await openDB(name);
  try {
    return await raw.count('chunks', IDBKeyRange.bound([datasetId, 0], [datasetId, Infinity]));
  } finally {
    raw.close();
  }
}
