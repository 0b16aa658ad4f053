/** Trained models: one record each, listed per project, newest last. */
import type { IDBPDatabase } from 'idb';
import { attempt, StorageError } from './errors';
import { newId } from './ids';
import type { AcceptanceRun, ModelRecord, MonitorRun, StudioSchema } from './schema';
import { inTransaction } from './transaction';
import { creationTime, oldestFirst } from './clock';

type DB = IDBPDatabase<StudioSchema>;

export type NewModel = Omit<ModelRecord, 'id' | 'createdAt' | 'formatVersion' | 'acceptance' | 'monitoring'>;

/** Saves a new model and makes it the project's selected model, in one transaction. */
export async function saveModel(db: DB, input: NewModel): Promise<ModelRecord> {
  const record: ModelRecord = { ...input, id: newId(), createdAt: creationTime(), formatVersion: 1, acceptance: [] };
  const tx = db.transaction(['projects', 'models'], 'readwrite');
  await inTransaction(tx, `saving the model "${input.name}"`, async (track) => {
    const project = await track(tx.objectStore('projects').get(input.projectId));
    if (!project) throw new StorageError('This project no longer exists (it may have been deleted in another tab). Reload the page.', 'not-found');
    track(tx.objectStore('models').put(record));
    track(tx.objectStore('projects').put({ ...project, selectedModelId: record.id, updatedAt: Date.now() }));
  });
  return record;
}

export function listModels(db: DB, projectId: string): Promise<ModelRecord[]> {
  return attempt('reading the list of models', async () => oldestFirst(await db.getAllFromIndex('models', 'byProject', projectId)));
}

export function getModel(db: DB, id: string): Promise<ModelRecord | undefined> {
  return attempt('reading a model', () => db.get('models', id));
}

/** Records one acceptance-test run with the model. */
export async function addAcceptanceRun(db: DB, id: string, run: AcceptanceRun): Promise<ModelRecord> {
  const tx = db.transaction(['models'], 'readwrite');
  return inTransaction(tx, 'saving the acceptance test', async (track) => {
    const model = await track(tx.objectStore('models').get(id));
    if (!model) throw new StorageError('This model is no longer stored (it may have been deleted in another tab). Reload the page.', 'not-found');
    const updated = { ...model, acceptance: [...model.acceptance, run] };
    track(tx.objectStore('models').put(updated));
    return updated;
  });
}

export async function renameModel(db: DB, id: string, name: string): Promise<ModelRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new StorageError('A model needs a name.', 'invalid');
  const tx = db.transaction(['models'], 'readwrite');
  return inTransaction(tx, 'renaming the model', async (track) => {
    const model = await track(tx.objectStore('models').get(id));
    if (!model) throw new StorageError('This model is no longer stored. Reload the page.', 'not-found');
    const updated = { ...model, name: trimmed };
    track(tx.objectStore('models').put(updated));
    return updated;
  });
}

/** Deletes a model; if it was the selected one, the newest remaining model is selected instead. */
export async function deleteModel(db: DB, id: string): Promise<void> {
  const tx = db.transaction(['projects', 'models'], 'readwrite');
  await inTransaction(tx, 'deleting the model', async (track) => {
    const models = tx.objectStore('models');
    const model = await track(models.get(id));
    if (!model) return;
    track(models.delete(id));
    const project = await track(tx.objectStore('projects').get(model.projectId));
    if (project?.selectedModelId === id) {
      const rest = (await track(models.index('byProject').getAll(model.projectId))).filter((m) => m.id !== id);
      const newest = rest.sort((a, b) => b.createdAt - a.createdAt)[0];
      track(tx.objectStore('projects').put({ ...project, selectedModelId: newest?.id ?? null }));
    }
  });
}

/** Records one monitoring check with the model. */
export async function addMonitorRun(db: DB, id: string, run: MonitorRun): Promise<ModelRecord> {
  const tx = db.transaction(['models'], 'readwrite');
  return inTransaction(tx, 'saving the monitoring check', async (track) => {
    const model = await track(tx.objectStore('models').get(id));
    if (!model) throw new StorageError('This model is no longer stored (it may have been deleted in another tab). Reload the page.', 'not-found');
    const updated = { ...model, monitoring: [...(model.monitoring ?? []), run] };
    track(tx.objectStore('models').put(updated));
    return updated;
  });
}
