/**
 * Writing a project file: the manifest as tagged JSON, the data area, the header and the checksum;
 * and exporting a stored project as one, read in one transaction.
 */
import type { IDBPDatabase } from 'idb';
import { formatBytes } from '../../core/format';
import { oldestFirst } from '../clock';
import { allChunksOf } from '../datasets';
import { StorageError } from '../errors';
import { rowsInOrderWritten } from '../inference-log';
import { DB_VERSION } from '../migrations';
import type { StudioSchema } from '../schema';
import { inTransaction } from '../transaction';
import { sha256 } from './checksum';
import {
  CHECKSUM_BYTES,
  HEADER_BYTES,
  MAGIC_BYTES,
  MANIFEST_FORMAT,
  MAX_MANIFEST_BYTES,
  MAX_PROJECT_FILE_BYTES,
  PROJECT_FILE_TYPE,
  PROJECT_FILE_VERSION,
} from './format';
import type { ExportProjectOptions, Manifest, ProjectFileContents, ProjectFileDataset } from './format';
import { refused } from './messages';
import { DataArea, encodeValue } from './tagged-json';

type DB = IDBPDatabase<StudioSchema>;

/** Writes a project file (see format.ts) from the records of one project. */
export async function writeProjectFile(contents: Omit<ProjectFileContents, 'formatVersion' | 'schemaVersion' | 'byteLength'>): Promise<Uint8Array<ArrayBuffer>> {
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    schemaVersion: DB_VERSION,
    exportedAt: contents.exportedAt,
    project: contents.project,
    datasets: contents.datasets.map(({ record, chunks }) => ({ record, chunks })),
    pipelines: contents.pipelines,
    models: contents.models,
    log: contents.log && contents.log.map(({ id: _id, ...record }) => record),
  };
  const data = new DataArea();
  const json = JSON.stringify(encodeValue(manifest, data, ''));
  const manifestBytes = new TextEncoder().encode(json);
  const total = HEADER_BYTES + manifestBytes.length + data.length + CHECKSUM_BYTES;
  if (manifestBytes.length > MAX_MANIFEST_BYTES || total > MAX_PROJECT_FILE_BYTES) {
    throw refused(
      `The project "${contents.project.name}" is too large for one project file (about ${formatBytes(Math.max(total, manifestBytes.length))}; the limit is ${formatBytes(MAX_PROJECT_FILE_BYTES)}${manifestBytes.length > MAX_MANIFEST_BYTES ? `, and ${formatBytes(MAX_MANIFEST_BYTES)} for everything but the datasets' rows` : ''}). Export it without the inference log, or delete datasets and models it no longer needs.`,
    );
  }
  const file = new Uint8Array(total);
  const header = new DataView(file.buffer);
  file.set(MAGIC_BYTES, 0);
  header.setUint32(8, PROJECT_FILE_VERSION, true);
  header.setUint32(12, manifestBytes.length, true);
  header.setUint32(16, data.length % 2 ** 32, true);
  header.setUint32(20, Math.floor(data.length / 2 ** 32), true);
  file.set(manifestBytes, HEADER_BYTES);
  let at = HEADER_BYTES + manifestBytes.length;
  for (const part of data.parts) {
    file.set(part, at);
    at += part.byteLength;
  }
  file.set(await sha256(file.subarray(0, at)), at);
  return file;
}

function projectGone(): StorageError {
  return new StorageError(
    'That project no longer exists (it may have been deleted in another tab), so it cannot be exported. Choose another project.',
    'not-found',
  );
}

/**
 * The whole project as one project file: its datasets with their chunks, pipelines, models and,
 * with `includeLog`, its inference log — all read in one readonly transaction, so the file is
 * one consistent moment of the project even while another tab writes.
 */
export async function exportProjectFile(db: DB, projectId: string, options: ExportProjectOptions): Promise<Blob> {
  const tx = db.transaction(['projects', 'datasets', 'chunks', 'pipelines', 'models', 'logBatches', 'logColumns'], 'readonly');
  const snapshot = await inTransaction(tx, 'exporting the project', async (track) => {
    const projectRequest = track(tx.objectStore('projects').get(projectId));
    const datasetsRequest = track(tx.objectStore('datasets').index('byProject').getAll(projectId));
    const pipelinesRequest = track(tx.objectStore('pipelines').index('byProject').getAll(projectId));
    const modelsRequest = track(tx.objectStore('models').index('byProject').getAll(projectId));
    const logRequest = options.includeLog ? rowsInOrderWritten({ batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') }, track, projectId) : Promise.resolve(null);
    const [project, datasetRecords, pipelines, models, log] = await Promise.all([projectRequest, datasetsRequest, pipelinesRequest, modelsRequest, logRequest]);
    if (!project) throw projectGone();
    oldestFirst(datasetRecords);
    const chunkLists = await Promise.all(datasetRecords.map((d) => track(tx.objectStore('chunks').getAll(allChunksOf(d.id)))));
    const datasets = datasetRecords.map((record, i): ProjectFileDataset => {
      const chunks = chunkLists[i];
      if (chunks.length !== record.chunkCount || !chunks.every((chunk, index) => chunk.index === index)) {
        throw new StorageError(
          `The stored dataset "${record.name}" is incomplete (${chunks.length} of its ${record.chunkCount} parts are in this browser), so the project cannot be exported. Delete that dataset, or load its data again, then export.`,
          'incomplete',
        );
      }
      return { record, chunks: chunks.map((chunk) => chunk.bytes) };
    });
    const order = new Map(datasetRecords.map((d, i) => [d.id, i]));
    return {
      exportedAt: Date.now(),
      project,
      datasets,
      pipelines: pipelines.filter((p) => order.has(p.datasetId)).sort((a, b) => order.get(a.datasetId)! - order.get(b.datasetId)!),
      models: oldestFirst(models),
      log,
    };
  });
  return new Blob([await writeProjectFile(snapshot)], { type: PROJECT_FILE_TYPE });
}
