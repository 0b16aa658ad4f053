/**
 * Opening the studio's database and the handle everything else goes through. The main thread
 * uses it for projects and meta, the data worker for dataset chunks; both open their own
 * connection with `openStudioDB`.
 */
import { openDB, type IDBPDatabase } from 'idb';
import * as datasets from './datasets';
import { attempt, errorName, StorageError, toStorageError } from './errors';
import { MIGRATIONS, runMigrations, type Migration } from './migrations';
import * as inferenceLog from './inference-log';
import type { NewLogBatch, StoredLogBatch } from '../core/deploy/log-batch';
import * as models from './models';
import * as pipelines from './pipelines';
import * as projectFile from './project-file';
import * as projects from './projects';
import { DB_NAME, type AcceptanceRun, type MonitorRun, type InferenceRecord, type DatasetRecord, type ModelRecord, type NewDataset, type PipelineRecord, type ProjectPatch, type ProjectRecord, type StudioSchema } from './schema';
import { browserStorage, estimateSpace, isPersisted, type StorageAccess } from './space';

export interface OpenStudioOptions {
  /** Database name; tests give each test its own. Default `'ml-studio'`. */
  name?: string;
  /**
   * Another tab opened a newer version of the studio (or deleted the data). This connection has
   * already been closed so the other tab can upgrade; the page should ask the user to reload.
   */
  onVersionChange?: () => void;
  /** This tab wants to upgrade but an older tab keeps the database open; ask the user to close it. */
  onBlocked?: () => void;
  /** Replaces the migration list (its length is the version opened). For tests of upgrades. */
  migrations?: readonly Migration[];
  /** Replaces `navigator.storage` (null: none). For tests of quota and persistence. */
  storage?: StorageAccess | null;
}

const CLOSED_MESSAGES = {
  closed: 'The studio has closed its storage in this tab. Reload the page to go on.',
  version: 'The studio was updated in another tab. Reload this page to go on with the new version.',
  terminated: 'The browser closed the studio\'s storage (perhaps its data was cleared). Reload the page to go on.',
} as const;

type ClosedBecause = keyof typeof CLOSED_MESSAGES;

/**
 * An open connection to the studio's database. Every method is async and fails only with a
 * StorageError, also once the connection is closed.
 */
export class StudioDB {
  readonly #db: IDBPDatabase<StudioSchema>;
  readonly #storage: StorageAccess | null;
  #closed: ClosedBecause | null = null;
  #askedForPersistence = false;

  constructor(db: IDBPDatabase<StudioSchema>, storage: StorageAccess | null) {
    this.#db = db;
    this.#storage = storage;
  }

  /** The connection, or a plain-words error once it is closed (instead of the browser's InvalidStateError). */
  get #open(): IDBPDatabase<StudioSchema> {
    if (this.#closed) throw new StorageError(CLOSED_MESSAGES[this.#closed], 'closed');
    return this.#db;
  }

  /** Why the connection is closed, or null while it is open. */
  get closedBecause(): ClosedBecause | null {
    return this.#closed;
  }

  /** @internal Called by `openStudioDB` when the browser or another tab ends the connection. */
  closeBecause(reason: ClosedBecause): void {
    if (this.#closed) return;
    this.#closed = reason;
    this.#db.close();
  }

  close(): void {
    this.closeBecause('closed');
  }

  // Every method below is async so that a closed connection (`#open` throws) rejects like
  // any other failure instead of throwing at the call.

  // Projects

  async listProjects(): Promise<ProjectRecord[]> {
    return projects.listProjects(this.#open);
  }
  async getProject(id: string): Promise<ProjectRecord | undefined> {
    return projects.getProject(this.#open, id);
  }
  async createProject(name: string, seed?: number): Promise<ProjectRecord> {
    return projects.createProject(this.#open, name, seed);
  }
  async renameProject(id: string, name: string): Promise<ProjectRecord> {
    return projects.renameProject(this.#open, id, name);
  }
  async updateProject(id: string, patch: ProjectPatch): Promise<ProjectRecord> {
    return projects.updateProject(this.#open, id, patch);
  }
  /** Deletes the project with its datasets and their chunks, in one transaction. */
  async deleteProject(id: string): Promise<void> {
    return projects.deleteProject(this.#open, id);
  }

  // Meta: small values such as the current project's id

  /** The value stored under `key`; the caller states its type, the store does not check it. */
  async getMeta<T>(key: string): Promise<T | undefined> {
    const db = this.#open;
    return (await attempt('reading the studio settings', () => db.get('meta', key))) as T | undefined;
  }
  async setMeta(key: string, value: unknown): Promise<void> {
    const db = this.#open;
    await attempt('saving the studio settings', () => db.put('meta', value, key));
  }
  async deleteMeta(key: string): Promise<void> {
    const db = this.#open;
    await attempt('saving the studio settings', () => db.delete('meta', key));
  }

  // Datasets

  /** Saves the record and all chunks and makes it the project's active dataset, all or nothing. */
  async saveDataset(record: NewDataset, chunks: readonly Uint8Array[] | datasets.ChunkSource): Promise<DatasetRecord> {
    return datasets.saveDataset(this.#open, this.#storage, record, chunks);
  }
  async readDatasetChunks(id: string, onChunk: (bytes: Uint8Array, index: number) => void): Promise<DatasetRecord> {
    return datasets.readDatasetChunks(this.#open, id, onChunk);
  }
  async listDatasets(projectId: string): Promise<DatasetRecord[]> {
    return datasets.listDatasets(this.#open, projectId);
  }
  async getDataset(id: string): Promise<DatasetRecord | undefined> {
    return datasets.getDataset(this.#open, id);
  }
  /** The Arrow IPC chunks in row order; a StorageError (reason 'incomplete') if any is missing. */
  async loadDatasetChunks(id: string): Promise<Uint8Array[]> {
    return datasets.loadDatasetChunks(this.#open, id);
  }
  async deleteDataset(id: string): Promise<void> {
    return datasets.deleteDataset(this.#open, id);
  }

  // Pipelines: a dataset's recipe, rules and split.
  /** The dataset's pipeline, or an empty one when nothing was saved for it yet. */
  async getPipeline(datasetId: string, projectId: string): Promise<PipelineRecord> {
    return pipelines.getPipeline(this.#open, datasetId, projectId);
  }
  async savePipeline(record: PipelineRecord): Promise<PipelineRecord> {
    return pipelines.savePipeline(this.#open, record);
  }

  // Models.
  /** Saves a trained model and makes it the project's selected model. */
  async saveModel(input: models.NewModel): Promise<ModelRecord> {
    return models.saveModel(this.#open, input);
  }
  async listModels(projectId: string): Promise<ModelRecord[]> {
    return models.listModels(this.#open, projectId);
  }
  async getModel(id: string): Promise<ModelRecord | undefined> {
    return models.getModel(this.#open, id);
  }
  async addAcceptanceRun(id: string, run: AcceptanceRun): Promise<ModelRecord> {
    return models.addAcceptanceRun(this.#open, id, run);
  }
  async addMonitorRun(id: string, run: MonitorRun): Promise<ModelRecord> {
    return models.addMonitorRun(this.#open, id, run);
  }
  async renameModel(id: string, name: string): Promise<ModelRecord> {
    return models.renameModel(this.#open, id, name);
  }
  async deleteModel(id: string): Promise<void> {
    return models.deleteModel(this.#open, id);
  }

  // The inference log.
  /** Appends rows in one transaction; returns how many old ones the retention limit trimmed. */
  async appendLog(records: readonly InferenceRecord[], retention?: number): Promise<number> {
    return inferenceLog.appendLog(this.#open, records, retention);
  }
  /** Appends batches already in the stored form (see log-batch.ts): the fast path for serving. */
  async appendLogBatches(batches: readonly NewLogBatch[], retention?: number): Promise<number> {
    return inferenceLog.appendLogBatches(this.#open, batches, retention);
  }
  /** Rows newest first. */
  async readLog(query: inferenceLog.LogQuery): Promise<InferenceRecord[]> {
    return inferenceLog.readLog(this.#open, query);
  }
  /** Whole batches newest first, for reading many rows column by column (monitoring, export). */
  async readLogBatches(query: Omit<inferenceLog.LogQuery, 'offset' | 'limit'>): Promise<StoredLogBatch[]> {
    return inferenceLog.readLogBatches(this.#open, query);
  }
  async countLog(projectId: string, from?: number, to?: number): Promise<number> {
    return inferenceLog.countLog(this.#open, projectId, from, to);
  }
  async clearLog(projectId: string): Promise<void> {
    return inferenceLog.clearLog(this.#open, projectId);
  }

  // Project files (see project-file/format.ts for the format)

  /** The whole project as one file; the inference log only with `includeLog`. */
  async exportProject(projectId: string, options: projectFile.ExportProjectOptions): Promise<Blob> {
    return projectFile.exportProjectFile(this.#open, projectId, options);
  }
  /**
   * Checks a project file, then stores it as a new project (new ids, " (imported)" added to a
   * name already in use) in one transaction. A refused file changes nothing; the error says why.
   */
  async importProject(file: Uint8Array | Blob): Promise<ProjectRecord> {
    const contents = await projectFile.readProjectFile(file);
    return projectFile.importProjectFile(this.#open, contents, this.#storage);
  }

  // Space

  /** Bytes used and available to this site, and whether the browser promised to keep them; null if unknown. */
  async storageEstimate(): Promise<{ usage: number; quota: number; persisted: boolean } | null> {
    const space = await estimateSpace(this.#storage);
    return space && { ...space, persisted: await isPersisted(this.#storage) };
  }

  /**
   * Asks the browser to keep the studio's data even when the disk runs low. Browsers may show a
   * prompt, so it asks at most once per connection; afterwards it only reports the state.
   */
  async requestPersistence(): Promise<boolean> {
    const storage = this.#storage;
    if (await isPersisted(storage)) return true;
    if (!storage?.persist || this.#askedForPersistence) return false;
    this.#askedForPersistence = true;
    try {
      return await storage.persist();
    } catch {
      return false;
    }
  }
}

/** Opens (creating or upgrading as needed) the studio's database. */
export async function openStudioDB(options: OpenStudioOptions = {}): Promise<StudioDB> {
  const migrations = options.migrations ?? MIGRATIONS;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  if (typeof indexedDB === 'undefined') {
    throw new StorageError(
      'This browser does not let the studio store data (IndexedDB is not available, as in some private windows). Open the studio in a normal window of a current browser.',
      'unavailable',
    );
  }
  let migrationError: unknown = null;
  let studio: StudioDB | null = null;
  try {
    const db = await openDB<StudioSchema>(options.name ?? DB_NAME, migrations.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        // A failed upgrade is reported by the rejected open below; its `done` must not also
        // surface as an unhandled rejection.
        tx.done.catch(() => undefined);
        runMigrations(migrations, db, tx, oldVersion).catch((error: unknown) => {
          migrationError = error;
          try {
            tx.abort();
          } catch {
            // The transaction already ended; opening fails either way.
          }
        });
      },
      blocked() {
        options.onBlocked?.();
      },
      // Another connection wants a newer version (or to delete the database): holding this one
      // open would block it forever, and this tab's code no longer matches the schema anyway.
      blocking() {
        studio?.closeBecause('version');
        options.onVersionChange?.();
      },
      terminated() {
        studio?.closeBecause('terminated');
      },
    });
    studio = new StudioDB(db, storage);
    return studio;
  } catch (error) {
    if (migrationError) {
      throw new StorageError(
        'The studio could not update the data saved in this browser to its new version; the data was left as it was. Reload the page to try again.',
        'failed',
        { cause: migrationError },
      );
    }
    if (errorName(error) === 'VersionError') {
      throw new StorageError(
        'The data in this browser was saved by a newer version of the studio. Reload the page to get the newest version.',
        'unavailable',
        { cause: error },
      );
    }
    throw toStorageError(error, "opening the studio's storage");
  }
}
