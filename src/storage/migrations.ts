/**
 * Numbered schema migrations. Entry i upgrades the database from version i to i + 1, so the
 * database version is always `MIGRATIONS.length`: adding version 2 is one new entry at the end.
 * Never edit or reorder an entry that has shipped — browsers out there hold data at its version.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { LOG_BATCH_ROWS, batchesFromRecords, sameBatch } from '../core/deploy/log-batch';
import type { InferenceRecord, StudioSchema } from './schema';

export type UpgradeTransaction = IDBPTransaction<StudioSchema, StoreNames<StudioSchema>[], 'versionchange'>;

/**
 * One schema step. It may return a promise when it rewrites records (cursor over `tx`), but it
 * must only await requests of `tx`: the upgrade transaction commits as soon as it is idle.
 * `db` and `tx` are typed with today's schema; a migration that reads an older record shape
 * should say so with its own local type.
 */
export type Migration = (db: IDBPDatabase<StudioSchema>, tx: UpgradeTransaction) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the first schema.
  (db) => {
    db.createObjectStore('projects', { keyPath: 'id' });
    const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
    datasets.createIndex('byProject', 'projectId');
    // A compound key keeps one dataset's chunks contiguous and ordered, so one key range
    // reads, replaces or deletes them all.
    db.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] });
    db.createObjectStore('meta');
  },
  // 1 → 2: each dataset's recipe, rules and split (the data steps of the workflow).
  (db) => {
    const pipelines = db.createObjectStore('pipelines', { keyPath: 'datasetId' });
    pipelines.createIndex('byProject', 'projectId');
  },
  // 2 → 3: trained models, with their preprocessing, parameters, curves and test verdicts.
  (db) => {
    const models = db.createObjectStore('models', { keyPath: 'id' });
    models.createIndex('byProject', 'projectId');
  },
  // 3 → 4: the inference log, ordered by time within a project (one record per row; see 4 → 5).
  (db) => {
    const log = (db as unknown as IDBPDatabase<Version4Log>).createObjectStore('inference', { keyPath: 'id', autoIncrement: true });
    log.createIndex('byProjectTime', ['projectId', 'time']);
  },
  // 4 → 5: the inference log as batches stored column by column (one record per request, or per
  // 10,000 of its rows, instead of one per row), so scoring a file is a few writes. The
  // version-4 rows are regrouped, in the order they were written, and their store removed.
  async (db, tx) => {
    const batches = db.createObjectStore('logBatches', { keyPath: 'id', autoIncrement: true });
    batches.createIndex('byProjectTime', ['projectId', 'time']);
    const columns = db.createObjectStore('logColumns', { keyPath: 'id' });
    const write = async (rows: InferenceRecord[]) => {
      for (const batch of batchesFromRecords(rows)) {
        const id = await batches.add(batch.header);
        await columns.add({ ...batch.columns, id });
      }
    };
    let group: InferenceRecord[] = [];
    let cursor = await (tx as unknown as IDBPTransaction<Version4Log, ['inference'], 'versionchange'>).objectStore('inference').openCursor();
    while (cursor) {
      const { id: _id, ...row } = cursor.value;
      if (group.length > 0 && (group.length === LOG_BATCH_ROWS || !sameBatch(group[0], row))) {
        await write(group);
        group = [];
      }
      group.push(row);
      cursor = await cursor.continue();
    }
    await write(group);
    (db as unknown as IDBPDatabase<Version4Log>).deleteObjectStore('inference');
  },
];

/** The version-4 log: one record per row. */
interface Version4Log extends DBSchema {
  inference: {
    key: number;
    value: Omit<InferenceRecord, 'id'> & { id: number };
    indexes: { byProjectTime: [string, number] };
  };
}

/** The schema version this code expects. */
export const DB_VERSION = MIGRATIONS.length;

/** Runs the migrations from `oldVersion` up to `migrations.length`, in order, inside `tx`. */
export async function runMigrations(
  migrations: readonly Migration[],
  db: IDBPDatabase<StudioSchema>,
  tx: UpgradeTransaction,
  oldVersion: number,
): Promise<void> {
  for (let version = oldVersion; version < migrations.length; version += 1) {
    // Only wait when a migration asks for it: synchronous steps then all run inside the
    // `upgradeneeded` event itself, where the transaction is certainly active.
    const pending = migrations[version](db, tx);
    if (pending) await pending;
  }
}
