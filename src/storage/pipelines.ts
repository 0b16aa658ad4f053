/**
 * Each dataset's pipeline record: its cleaning recipe, validation rules and split. One small
 * put per edit, so the raw chunks are never rewritten when a recipe changes.
 */
import type { IDBPDatabase } from 'idb';
import { attempt, StorageError } from './errors';
import type { PipelineRecord, StudioSchema } from './schema';
import { inTransaction } from './transaction';

type DB = IDBPDatabase<StudioSchema>;

/** The dataset's pipeline, or an empty one (no steps, rules or split) when none was saved yet. */
export async function getPipeline(db: DB, datasetId: string, projectId: string): Promise<PipelineRecord> {
  const stored = await attempt('reading the cleaning recipe', () => db.get('pipelines', datasetId));
  return stored ?? { datasetId, projectId, recipe: [], rules: [], split: null, updatedAt: 0 };
}

/** Saves the pipeline in one transaction; refused when its dataset no longer exists. */
export async function savePipeline(db: DB, record: PipelineRecord): Promise<PipelineRecord> {
  const saved: PipelineRecord = { ...record, updatedAt: Date.now() };
  const tx = db.transaction(['datasets', 'pipelines'], 'readwrite');
  await inTransaction(tx, 'saving the cleaning recipe', async (track) => {
    const dataset = await track(tx.objectStore('datasets').get(record.datasetId));
    if (!dataset) {
      throw new StorageError('This dataset is no longer stored (it may have been deleted in another tab). Reload the page.', 'not-found');
    }
    track(tx.objectStore('pipelines').put(saved));
  });
  return saved;
}
