/**
 * The studio's one store: every IndexedDB access of the app goes through here
 * (one store: one schema, numbered migrations, a transaction per logical save).
 */
export { openStudioDB, StudioDB, type OpenStudioOptions } from './db';
export { lazyStudioDB } from './connection';
export { saveTable } from './dataset-table';
export { StorageError, type StorageErrorReason } from './errors';
export { MIGRATIONS, DB_VERSION, type Migration, type UpgradeTransaction } from './migrations';
export {
  DB_NAME,
  META_CURRENT_PROJECT,
  type ChunkRecord,
  type DatasetRecord,
  type DatasetSource,
  type NewDataset,
  type PipelineRecord,
  type ModelRecord,
  type AcceptanceRun,
  type MetricValues,
  type InferenceRecord,
  type LogBatchRecord,
  type LogColumn,
  type LogColumnsRecord,
  type MonitorRun,
  type StoredSplit,
  type ProjectPatch,
  type ProjectRecord,
  type StudioSchema,
} from './schema';
export type { StorageAccess } from './space';
export type { NewModel } from './models';
export { LOG_RETENTION, type LogQuery } from './inference-log';
export { LOG_BATCH_ROWS, columnValue, flagColumns, logColumn, logRow, type LogValue, type NewLogBatch, type StoredLogBatch } from '../core/deploy/log-batch';
export {
  readProjectFile,
  PROJECT_FILE_EXTENSION,
  PROJECT_FILE_TYPE,
  PROJECT_FILE_VERSION,
  MAX_PROJECT_FILE_BYTES,
  type ExportProjectOptions,
  type ProjectFileContents,
  type ProjectFileDataset,
} from './project-file';
