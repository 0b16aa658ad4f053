/**
 * The inference log: stored as batches (see `log-batch.ts`), read newest first, trimmed to a
 * retention limit per project. Counting, paging and trimming read only the small batch headers;
 * the columns are read for the rows asked for.
 */
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { batchesFromRecords, logRow, withoutOldest, type NewLogBatch, type StoredLogBatch } from '../core/deploy/log-batch';
import type { InferenceRecord, LogBatchRecord, StudioSchema } from './schema';
import { StorageError } from './errors';
import { inTransaction, type Track } from './transaction';

type DB = IDBPDatabase<StudioSchema>;
type LogTransaction = IDBPTransaction<StudioSchema, ('logBatches' | 'logColumns')[], 'readwrite' | 'readonly'>;
type StoredHeader = LogBatchRecord & { id: number };

/** The log's two stores in a transaction that may span other stores too. */
export interface LogStores<Mode extends IDBTransactionMode = 'readwrite'> {
  batches: IDBPObjectStore<StudioSchema, ArrayLike<StoreNames<StudioSchema>>, 'logBatches', Mode>;
  columns: IDBPObjectStore<StudioSchema, ArrayLike<StoreNames<StudioSchema>>, 'logColumns', Mode>;
}

function logStores(tx: IDBPTransaction<StudioSchema, ('logBatches' | 'logColumns')[], 'readwrite'>): LogStores {
  return { batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') };
}

/** Rows kept per project; older ones are trimmed, and the caller is told how many. */
export const LOG_RETENTION = 200_000;

function projectRange(projectId: string, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([projectId, from], [projectId, to]);
}

/** A project's batch headers in a time window, oldest first (by time, then by the order written). */
function headers(tx: LogTransaction, track: Track, projectId: string, from?: number, to?: number): Promise<StoredHeader[]> {
  return track(tx.objectStore('logBatches').index('byProjectTime').getAll(projectRange(projectId, from, to))) as Promise<StoredHeader[]>;
}

/** A project's rows in the order they were written (batch by batch), without their ids: for project files. */
export async function rowsInOrderWritten(stores: LogStores<'readonly'>, track: Track, projectId: string): Promise<InferenceRecord[]> {
  const all = (await track(stores.batches.index('byProjectTime').getAll(projectRange(projectId)))) as StoredHeader[];
  all.sort((a, b) => a.id - b.id);
  const columns = await Promise.all(all.map((h) => track(stores.columns.get(h.id))));
  const rows: InferenceRecord[] = [];
  all.forEach((header, i) => {
    const stored = columns[i];
    if (!stored) throw missingColumns(header.id);
    for (let r = 0; r < header.rows; r++) {
      const { id: _id, ...row } = logRow({ header, columns: stored }, r);
      rows.push(row);
    }
  });
  return rows;
}

function missingColumns(id: number): StorageError {
  return new StorageError(`Part of the stored inference log (batch ${id}) is missing. Clear the log to go on logging.`, 'incomplete');
}

/** Adds batches inside `tx`, in order (their ids keep the order they were written in). */
export function addLogBatches(stores: LogStores, track: Track, batches: readonly NewLogBatch[]): void {
  for (const { header, columns } of batches) {
    // Tracked as one request, so a failure of the columns' write fails the transaction too.
    track(stores.batches.add(header).then((id) => stores.columns.add({ ...columns, id })));
  }
}

/** Deletes every batch of a project inside `tx` (clearing the log, deleting the project). */
export function deleteLogOf(stores: LogStores, track: Track, projectId: string): void {
  track(stores.batches.index('byProjectTime').getAllKeys(projectRange(projectId)).then((ids) =>
    Promise.all(ids.flatMap((id) => [stores.batches.delete(id), stores.columns.delete(id)])),
  ));
}

/** Drops the oldest rows of `projectId` beyond `retention` inside `tx`; returns how many. */
async function trimIn(tx: IDBPTransaction<StudioSchema, ('logBatches' | 'logColumns')[], 'readwrite'>, track: Track, projectId: string, retention: number): Promise<number> {
  const all = await headers(tx, track, projectId);
  const excess = all.reduce((n, h) => n + h.rows, 0) - retention;
  let left = excess;
  for (const header of all) {
    if (left <= 0) break;
    if (header.rows <= left) {
      track(tx.objectStore('logBatches').delete(header.id));
      track(tx.objectStore('logColumns').delete(header.id));
      left -= header.rows;
    } else {
      const columns = await track(tx.objectStore('logColumns').get(header.id));
      if (!columns) throw missingColumns(header.id);
      const kept = withoutOldest({ header, columns }, left);
      track(tx.objectStore('logBatches').put(kept.header));
      track(tx.objectStore('logColumns').put(kept.columns));
      left = 0;
    }
  }
  return Math.max(0, excess);
}

/**
 * Appends batches in one transaction and trims each project they belong to down to
 * `retention` rows in the same transaction; returns how many old rows were trimmed.
 */
export async function appendLogBatches(db: DB, batches: readonly NewLogBatch[], retention = LOG_RETENTION): Promise<number> {
  if (batches.length === 0) return 0;
  const tx = db.transaction(['logBatches', 'logColumns'], 'readwrite');
  return inTransaction(tx, 'writing the inference log', async (track) => {
    addLogBatches(logStores(tx), track, batches);
    let trimmed = 0;
    for (const projectId of new Set(batches.map((b) => b.header.projectId))) trimmed += await trimIn(tx, track, projectId, retention);
    return trimmed;
  });
}

/** Appends rows (in the order written); returns how many old rows the retention limit trimmed. */
export function appendLog(db: DB, records: readonly InferenceRecord[], retention = LOG_RETENTION): Promise<number> {
  return appendLogBatches(db, batchesFromRecords(records), retention);
}

/** Rows of a project in a time window. */
export async function countLog(db: DB, projectId: string, from?: number, to?: number): Promise<number> {
  const tx = db.transaction(['logBatches', 'logColumns'], 'readonly');
  return inTransaction(tx, 'counting the inference log', async (track) => (await headers(tx, track, projectId, from, to)).reduce((n, h) => n + h.rows, 0));
}

export interface LogQuery {
  projectId: string;
  modelId?: string | null;
  from?: number;
  to?: number;
  offset?: number;
  limit?: number;
}

/** Whole batches matching the query's project, model and time window, newest first. */
export async function readLogBatches(db: DB, query: Omit<LogQuery, 'offset' | 'limit'>): Promise<StoredLogBatch[]> {
  const tx = db.transaction(['logBatches', 'logColumns'], 'readonly');
  return inTransaction(tx, 'reading the inference log', async (track) => {
    const wanted = (await headers(tx, track, query.projectId, query.from, query.to)).filter((h) => !query.modelId || h.modelId === query.modelId).reverse();
    return withColumns(tx, track, wanted);
  });
}

async function withColumns(tx: LogTransaction, track: Track, wanted: readonly StoredHeader[]): Promise<StoredLogBatch[]> {
  const columns = await Promise.all(wanted.map((h) => track(tx.objectStore('logColumns').get(h.id))));
  return wanted.map((header, i) => {
    const stored = columns[i];
    if (!stored) throw missingColumns(header.id);
    return { header, columns: stored };
  });
}

/** Rows newest first, filtered by model and time window, `limit` of them after skipping `offset`. */
export async function readLog(db: DB, query: LogQuery): Promise<InferenceRecord[]> {
  const { projectId, modelId, from, to, offset = 0, limit = Infinity } = query;
  const tx = db.transaction(['logBatches', 'logColumns'], 'readonly');
  return inTransaction(tx, 'reading the inference log', async (track) => {
    const all = await headers(tx, track, projectId, from, to);
    // Newest first: the last batch first, and within a batch its last row first.
    const wanted: { header: StoredHeader; first: number; last: number }[] = [];
    let skip = offset;
    let take = limit;
    for (let i = all.length - 1; i >= 0 && take > 0; i--) {
      const header = all[i];
      if (modelId && header.modelId !== modelId) continue;
      if (skip >= header.rows) {
        skip -= header.rows;
        continue;
      }
      const first = header.rows - 1 - skip;
      const last = Math.max(0, first - take + 1);
      wanted.push({ header, first, last });
      take -= first - last + 1;
      skip = 0;
    }
    const batches = await withColumns(tx, track, wanted.map((w) => w.header));
    const out: InferenceRecord[] = [];
    batches.forEach((batch, i) => {
      for (let r = wanted[i].first; r >= wanted[i].last; r--) out.push(logRow(batch, r));
    });
    return out;
  });
}

export async function clearLog(db: DB, projectId: string): Promise<void> {
  const tx = db.transaction(['logBatches', 'logColumns'], 'readwrite');
  await inTransaction(tx, 'clearing the inference log', async (track) => deleteLogOf(logStores(tx), track, projectId));
}
