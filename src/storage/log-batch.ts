/**
 * The inference log's batch form (one header and one record of columns per request) is plain
 * data with no IndexedDB in it, so it is declared in the core, where serving builds batches too.
 * The store's modules take it from here.
 */
export {
  LOG_BATCH_ROWS,
  batchesFromRecords,
  columnValue,
  flagColumns,
  logColumn,
  logRow,
  sameBatch,
  withoutOldest,
  type LogValue,
  type NewLogBatch,
  type StoredLogBatch,
} from '../core/deploy/log-batch';
