/**
 * The one IndexedDB schema of the studio. Every object store is declared here, so the
 * migrations in `migrations.ts` and every typed transaction agree on names, keys and values.
 * Records are plain structured-cloneable data: no classes, no Svelte `$state` proxies
 * (IndexedDB cannot clone a proxy), no functions.
 */
import type { DBSchema } from 'idb';
import type { DatasetRecord, ModelRecord, PipelineRecord, ProjectRecord } from '../core/records';
import type { LogBatchRecord, LogColumnsRecord } from '../core/deploy/log-batch';

// The records are declared in the core (which reads them too); stores and callers take them from here.
export type { AcceptanceRun, DatasetRecord, DatasetSource, MetricValues, ModelRecord, MonitorRun, PipelineRecord, ProjectRecord, StoredSplit } from '../core/records';
export type { InferenceRecord, LogBatchRecord, LogColumn, LogColumnsRecord } from '../core/deploy/log-batch';

/** The database every tab and worker of the studio opens. */
export const DB_NAME = 'ml-studio';

/** Meta key of the project the UI showed last, so a reload reopens it. */
export const META_CURRENT_PROJECT = 'currentProjectId';

/** Arrow IPC bytes of rows `index * chunkRows …` of one dataset. */
export interface ChunkRecord {
  datasetId: string;
  index: number;
  bytes: Uint8Array;
}

export interface StudioSchema extends DBSchema {
  projects: {
    key: string;
    value: ProjectRecord;
  };
  datasets: {
    key: string;
    value: DatasetRecord;
    indexes: { byProject: string };
  };
  chunks: {
    /** `[datasetId, index]`: one key range per dataset, ordered by index. */
    key: [string, number];
    value: ChunkRecord;
  };
  meta: {
    key: string;
    value: unknown;
  };
  pipelines: {
    key: string;
    value: PipelineRecord;
    indexes: { byProject: string };
  };
  models: {
    key: string;
    value: ModelRecord;
    indexes: { byProject: string };
  };
  logBatches: {
    key: number;
    value: LogBatchRecord;
    indexes: { byProjectTime: [string, number] };
  };
  logColumns: {
    key: number;
    value: LogColumnsRecord;
  };
}

/** What `saveDataset` takes: the store fills in the rest. */
export type NewDataset = Omit<DatasetRecord, 'id' | 'createdAt' | 'chunkCount' | 'byteLength' | 'formatVersion'> & {
  /** Give the id of an existing dataset to replace it (same project only). */
  id?: string;
};

/** The fields of a project other code may change directly. */
export type ProjectPatch = Partial<Pick<ProjectRecord, 'seed' | 'lastStep' | 'activeDatasetId' | 'selectedModelId'>>;
