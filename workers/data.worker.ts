/**
 * The data worker: parses files, generates synthetic sets, stores datasets and serves pages of
 * rows. It holds the one loaded table between calls so the main thread never has to.
 */
import * as Comlink from 'comlink';
import type { ColumnTable } from 'arquero';
import { ingestFile } from '../src/core/data/ingest';
import { generateSynthetic, type SyntheticId } from '../src/core/data/synthetic';
import { findSample } from '../src/core/data/samples';
import { toArqueroTable, encodeChunks, decodeChunks, formatRows, CHUNK_ROWS, type DisplayCell } from '../src/core/data/table';
import { IngestCancelled, type ParsedTable } from '../src/core/data/columns';
import { openStudioDB, type StudioDB, type DatasetRecord, type DatasetSource } from '../src/storage';
import { sampleUrls } from './sample-urls';

type Progress = (done: number, total: number) => void;

let dbPromise: Promise<StudioDB> | null = null;
function db(): Promise<StudioDB> {
  // A schema upgrade from another tab closes our handle; the next call reopens it.
  dbPromise ??= openStudioDB({ onVersionChange: () => { dbPromise = null; } });
  return dbPromise;
}

let current: { record: DatasetRecord; table: ColumnTable } | null = null;
const jobs = new Map<string, AbortController>();

async function runJob<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  jobs.set(jobId, controller);
  try {
    return await work(controller.signal);
  } finally {
    jobs.delete(jobId);
  }
}

/** Stores a parsed table as the project's active dataset; the loaded table changes only once the save has committed. */
async function commit(parsed: ParsedTable, projectId: string, name: string, source: DatasetSource, signal: AbortSignal): Promise<DatasetRecord> {
  const table = toArqueroTable(parsed);
  const chunks = encodeChunks(table, CHUNK_ROWS);
  // The last moment Cancel can still stop a load; once the save starts it runs to its end.
  // Yield once so a cancel message that arrived during the synchronous work above is seen.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (signal.aborted) throw new IngestCancelled();
  const store = await db();
  const record = await store.saveDataset(
    {
      projectId,
      name,
      source,
      rowCount: parsed.rowCount,
      columns: parsed.columns.map((c) => c.info),
      warnings: parsed.warnings,
      description: parsed.description,
      chunkRows: CHUNK_ROWS,
    },
    chunks,
  );
  current = { record, table };
  return record;
}

const api = {
  /** Reads a user's file (streamed, never as one string), then stores it. */
  loadFile(jobId: string, file: File, projectId: string, onProgress: Progress): Promise<DatasetRecord> {
    return runJob(jobId, async (signal) => {
      const parsed = await ingestFile(file, { fileName: file.name, signal, onProgress });
      return commit(parsed, projectId, file.name, { kind: 'file', fileName: file.name, size: file.size }, signal);
    });
  },

  /** Loads a bundled sample through the same ingest path as a user's file. */
  loadSample(jobId: string, sampleId: string, projectId: string, onProgress: Progress): Promise<DatasetRecord> {
    return runJob(jobId, async (signal) => {
      const sample = findSample(sampleId);
      const url = sample && sampleUrls[sample.file];
      if (!sample || !url) throw new Error(`There is no bundled sample called "${sampleId}".`);
      const response = await fetch(new URL(url, self.location.href), { signal });
      if (!response.ok) throw new Error(`The sample "${sample.name}" could not be read (HTTP ${response.status}). Reload the page and try again.`);
      const blob = await response.blob();
      const parsed = await ingestFile(blob, { fileName: sample.file, signal, onProgress });
      return commit(parsed, projectId, sample.name, { kind: 'sample', sample: sample.id }, signal);
    });
  },

  generate(jobId: string, generator: SyntheticId, options: Record<string, number>, projectId: string): Promise<DatasetRecord> {
    return runJob(jobId, async (signal) => {
      const parsed = generateSynthetic(generator, options);
      return commit(parsed, projectId, `Synthetic ${generator} (seed ${options.seed})`, { kind: 'synthetic', generator, options }, signal);
    });
  },

  /** Makes a stored dataset the loaded one (after a reload, or on switching project). */
  async open(datasetId: string): Promise<DatasetRecord> {
    if (current?.record.id === datasetId) return current.record;
    const store = await db();
    const record = await store.getDataset(datasetId);
    if (!record) throw new Error('This dataset is no longer stored. Load it again in the Data step.');
    const table = decodeChunks(await store.loadDatasetChunks(datasetId));
    current = { record, table };
    return record;
  },

  /** Forgets the loaded table, e.g. when the project shown has no data. */
  close(): void {
    current = null;
  },

  /** A window of formatted rows for the preview. */
  rows(datasetId: string, offset: number, limit: number): DisplayCell[][] {
    if (!current || current.record.id !== datasetId) return [];
    return formatRows(current.table, current.record.columns, offset, limit);
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort();
  },
};

export type DataApi = typeof api;
Comlink.expose(api);
