/**
 * The inference log: written in batched transactions (a 100,000-row scored file is a few dozen
 * transactions, not 100,000), read newest first, trimmed to a retention limit per project.
 */
import type { IDBPDatabase } from 'idb';
import { toStorageError } from './errors';
import type { InferenceRecord, StudioSchema } from './schema';
import { inTransaction } from './transaction';

type DB = IDBPDatabase<StudioSchema>;

/** Records per write transaction: large enough to be fast, small enough not to stall the store. */
const BATCH = 5000;
/** Records kept per project; older ones are trimmed, and the caller is told how many. */
export const LOG_RETENTION = 200_000;

function projectRange(projectId: string, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([projectId, from], [projectId, to]);
}

/** Appends records; returns how many old records were trimmed to stay within the retention limit. */
export async function appendLog(db: DB, records: InferenceRecord[], retention = LOG_RETENTION, batch = BATCH): Promise<number> {
  for (let start = 0; start < records.length; start += batch) {
    const tx = db.transaction('inference', 'readwrite');
    await inTransaction(tx, 'writing the inference log', async (track) => {
      const store = tx.objectStore('inference');
      for (const record of records.slice(start, start + batch)) track(store.add(record));
    });
  }
  const projectId = records[0]?.projectId;
  return projectId ? trimLog(db, projectId, retention) : 0;
}

/** Deletes the oldest records beyond `retention`. */
export async function trimLog(db: DB, projectId: string, retention: number): Promise<number> {
  const total = await countLog(db, projectId);
  const excess = total - retention;
  if (excess <= 0) return 0;
  const tx = db.transaction('inference', 'readwrite');
  await inTransaction(tx, 'trimming the inference log', async (track) => {
    let cursor = await track(tx.objectStore('inference').index('byProjectTime').openCursor(projectRange(projectId)));
    let removed = 0;
    while (cursor && removed < excess) {
      track(cursor.delete());
      removed++;
      cursor = await track(cursor.continue());
    }
  });
  return excess;
}

export async function countLog(db: DB, projectId: string, from?: number, to?: number): Promise<number> {
  try {
    return await db.countFromIndex('inference', 'byProjectTime', projectRange(projectId, from, to));
  } catch (error) {
    throw toStorageError(error, 'counting the inference log');
  }
}

export interface LogQuery {
  projectId: string;
  modelId?: string | null;
  from?: number;
  to?: number;
  offset?: number;
  limit?: number;
}

/** Records newest first, filtered by model and time window. */
export async function readLog(db: DB, query: LogQuery): Promise<InferenceRecord[]> {
  const { projectId, modelId, from, to, offset = 0, limit = Infinity } = query;
  const tx = db.transaction('inference', 'readonly');
  return inTransaction(tx, 'reading the inference log', async (track) => {
    const out: InferenceRecord[] = [];
    let skipped = 0;
    let cursor = await track(tx.objectStore('inference').index('byProjectTime').openCursor(projectRange(projectId, from, to), 'prev'));
    while (cursor && out.length < limit) {
      const record = cursor.value;
      if (!modelId || record.modelId === modelId) {
        if (skipped < offset) skipped++;
        else out.push(record);
      }
      cursor = await track(cursor.continue());
    }
    return out;
  });
}

export async function clearLog(db: DB, projectId: string): Promise<void> {
  const tx = db.transaction('inference', 'readwrite');
  await inTransaction(tx, 'clearing the inference log', async (track) => {
    const index = tx.objectStore('inference').index('byProjectTime');
    let cursor = await track(index.openCursor(projectRange(projectId)));
    while (cursor) {
      track(cursor.delete());
      cursor = await track(cursor.continue());
    }
  });
}
