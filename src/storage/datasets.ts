/**
 * Datasets: a small record (name, source, columns, warnings) plus the rows as chunks of Arrow IPC
 * bytes. A save writes the record, every chunk and the project's pointer in one transaction, so
 * after a crash, a full disk or a closed tab the previous version is still there, whole.
 */
import type { IDBPDatabase } from 'idb';
import { attempt, notEnoughSpace, StorageError } from './errors';
import { newId } from './ids';
import type { DatasetRecord, NewDataset, StudioSchema } from './schema';
import { estimateSpace, type StorageAccess } from './space';
import { inTransaction } from './transaction';
import { creationTime, oldestFirst } from './clock';

type DB = IDBPDatabase<StudioSchema>;

/** Chunk keys `[datasetId, from]` … `[datasetId, ∞]`: every chunk of a dataset from index `from` on. */
export function allChunksOf(datasetId: string, from = 0): IDBKeyRange {
  return IDBKeyRange.bound([datasetId, from], [datasetId, Infinity]);
}

/**
 * IndexedDB stores a typed array's whole underlying buffer, so a small view into a big buffer
 * (e.g. `subarray` of one IPC stream) would store the big buffer every time. Such views are copied.
 */
function ownBytes(chunk: Uint8Array): Uint8Array {
  return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
}

/**
 * A dataset's rows as chunks made one at a time: the saver asks for each chunk just before it
 * writes it and lets it go after, so a big table is never held a second time as a whole set of
 * chunks (at millions of rows that copy alone is hundreds of megabytes).
 */
export interface ChunkSource {
  count: number;
  chunk(index: number): Uint8Array;
}

function chunkSource(chunks: readonly Uint8Array[] | ChunkSource): ChunkSource {
  return Array.isArray(chunks) ? { count: chunks.length, chunk: (index) => chunks[index] } : (chunks as ChunkSource);
}

function datasetGone(): StorageError {
  return new StorageError(
    'That dataset is no longer stored in this browser (it may have been deleted in another tab). Load the data again.',
    'not-found',
  );
}

/**
 * Saves a dataset and its chunks, and makes it the project's active dataset — all in one
 * transaction. Passing the id of an existing dataset replaces it: its chunks beyond the new
 * count are removed, and it keeps its creation time.
 * Refuses up front when the browser says there is not enough space.
 */
export async function saveDataset(
  db: DB,
  storage: StorageAccess | null,
  input: NewDataset,
  chunks: readonly Uint8Array[] | ChunkSource,
): Promise<DatasetRecord> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) throw new StorageError('A dataset needs a name.', 'invalid');
  const source = chunkSource(chunks);
  const what = `the dataset "${name}"`;
  const stored = (index: number): Uint8Array => {
    const chunk = source.chunk(index);
    if (!(chunk instanceof Uint8Array)) {
      throw new StorageError(`The rows of "${name}" are not in a form that can be stored. Load the data again.`, 'invalid');
    }
    return ownBytes(chunk);
  };
  // The first chunk is made before the transaction opens: its size stands for the others in
  // the space check (chunks hold equal row counts, the last one fewer).
  const first = source.count > 0 ? stored(0) : null;
  const expected = (first?.byteLength ?? 0) * source.count;

  const space = await estimateSpace(storage);
  if (space && space.usage + expected > space.quota) {
    throw notEnoughSpace(what, expected, space.quota - space.usage);
  }

  const id = input.id ?? newId();
  const { projectId } = input;
  const now = creationTime();
  // Everything below is issued without awaiting anything but this transaction's own requests;
  // making the chunks is synchronous work between the writes, which keeps the transaction open.
  const tx = db.transaction(['datasets', 'chunks', 'projects'], 'readwrite');
  return inTransaction(tx, `saving ${what}`, async (track) => {
    const datasets = tx.objectStore('datasets');
    const chunkStore = tx.objectStore('chunks');
    const previous = input.id ? track(datasets.get(id)) : Promise.resolve(undefined);
    const project = track(tx.objectStore('projects').get(projectId));
    let byteLength = 0;
    for (let index = 0; index < source.count; index++) {
      const bytes = index === 0 ? first! : stored(index);
      byteLength += bytes.byteLength;
      track(chunkStore.put({ datasetId: id, index, bytes }));
    }
    track(chunkStore.delete(allChunksOf(id, source.count)));

    const [old, owner] = await Promise.all([previous, project]);
    if (!owner) {
      throw new StorageError(
        `The project for ${what} no longer exists (it may have been deleted in another tab). Nothing was saved.`,
        'not-found',
      );
    }
    if (old && old.projectId !== projectId) {
      throw new StorageError(`The dataset "${name}" belongs to another project, so it was not replaced.`, 'invalid');
    }
    // Built field by field: a wider object passed in (a whole old record) must not smuggle in
    // a stale chunkCount or byteLength.
    const record: DatasetRecord = {
      id,
      projectId,
      name,
      source: input.source,
      rowCount: input.rowCount,
      columns: input.columns,
      warnings: input.warnings,
      description: input.description,
      createdAt: old?.createdAt ?? now,
      chunkCount: source.count,
      chunkRows: input.chunkRows,
      byteLength,
      formatVersion: 1,
    };
    track(datasets.put(record));
    track(tx.objectStore('projects').put({ ...owner, activeDatasetId: id, updatedAt: now }));
    return record;
  });
}

/** Oldest first. */
export function listDatasets(db: DB, projectId: string): Promise<DatasetRecord[]> {
  return attempt('reading the list of datasets', async () => oldestFirst(await db.getAllFromIndex('datasets', 'byProject', projectId)));
}

export function getDataset(db: DB, id: string): Promise<DatasetRecord | undefined> {
  return attempt('reading a dataset', () => db.get('datasets', id));
}

/** The dataset's chunks in row order; throws when any is missing rather than return fewer rows. */
export async function loadDatasetChunks(db: DB, id: string): Promise<Uint8Array[]> {
  const tx = db.transaction(['datasets', 'chunks'], 'readonly');
  return inTransaction(tx, 'reading a dataset', async (track) => {
    const recordRequest = track(tx.objectStore('datasets').get(id));
    const chunksRequest = track(tx.objectStore('chunks').getAll(allChunksOf(id)));
    const [record, chunks] = await Promise.all([recordRequest, chunksRequest]);
    if (!record) throw datasetGone();
    const complete = chunks.length === record.chunkCount && chunks.every((chunk, i) => chunk.index === i);
    if (!complete) {
      const found = chunks.filter((chunk) => chunk.index < record.chunkCount).length;
      throw new StorageError(
        `The stored dataset "${record.name}" is incomplete: ${found} of its ${record.chunkCount} parts are in this browser. Delete it and load the data again.`,
        'incomplete',
      );
    }
    return chunks.map((chunk) => chunk.bytes);
  });
}

/**
 * Reads a dataset's chunks one at a time, in order, handing each to `onChunk` before the next is
 * read: the caller can decode and drop it, so a stored table is never in memory twice (its
 * chunks and the columns made from them). Checks, as `loadDatasetChunks` does, that no chunk is
 * missing; `onChunk` must not await anything.
 */
export async function readDatasetChunks(db: DB, id: string, onChunk: (bytes: Uint8Array, index: number) => void): Promise<DatasetRecord> {
  const tx = db.transaction(['datasets', 'chunks'], 'readonly');
  return inTransaction(tx, 'reading a dataset', async (track) => {
    const record = await track(tx.objectStore('datasets').get(id));
    if (!record) throw datasetGone();
    let index = 0;
    let cursor = await track(tx.objectStore('chunks').openCursor(allChunksOf(id)));
    while (cursor && cursor.value.index === index && index < record.chunkCount) {
      onChunk(cursor.value.bytes, index);
      index++;
      cursor = await track(cursor.continue());
    }
    if (index !== record.chunkCount) {
      throw new StorageError(
        `The stored dataset "${record.name}" is incomplete: part ${index + 1} of its ${record.chunkCount} parts is not in this browser. Delete it and load the data again.`,
        'incomplete',
      );
    }
    return record;
  });
}

/**
 * Deletes a dataset and its chunks. If it was its project's active dataset, the newest
 * remaining one becomes active (or none). Deleting a dataset that is already gone is not an error.
 */
export async function deleteDataset(db: DB, id: string): Promise<void> {
  const tx = db.transaction(['datasets', 'chunks', 'projects', 'pipelines'], 'readwrite');
  await inTransaction(tx, 'deleting the dataset', async (track) => {
    const datasets = tx.objectStore('datasets');
    const projects = tx.objectStore('projects');
    const record = await track(datasets.get(id));
    if (!record) return;
    track(datasets.delete(id));
    track(tx.objectStore('chunks').delete(allChunksOf(id)));
    track(tx.objectStore('pipelines').delete(id));
    const [project, siblings] = await Promise.all([
      track(projects.get(record.projectId)),
      track(datasets.index('byProject').getAll(record.projectId)),
    ]);
    if (!project) return;
    let { activeDatasetId } = project;
    if (activeDatasetId === id) {
      const newest = siblings
        .filter((dataset) => dataset.id !== id)
        .reduce<DatasetRecord | null>((best, d) => (!best || d.createdAt >= best.createdAt ? d : best), null);
      activeDatasetId = newest?.id ?? null;
    }
    track(projects.put({ ...project, activeDatasetId, updatedAt: Date.now() }));
  });
}
