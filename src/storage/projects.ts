/** Projects: the unit a person works in. Deleting one removes everything it owns. */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { attempt, StorageError } from './errors';
import { newId, randomSeed } from './ids';
import { META_CURRENT_PROJECT, type ProjectPatch, type ProjectRecord, type StudioSchema } from './schema';
import { inTransaction, type Track } from './transaction';
import { allChunksOf } from './datasets';
import { creationTime, oldestFirst } from './clock';
import { deleteLogOf } from './inference-log';

type DB = IDBPDatabase<StudioSchema>;

/** The step a new project opens on. */
const FIRST_STEP = 'data';

function requireName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) throw new StorageError('A project needs a name.', 'invalid');
  return trimmed;
}

function requireSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new StorageError(`The seed must be a whole number; ${String(seed)} is not.`, 'invalid');
  }
  return seed;
}

function projectGone(): StorageError {
  return new StorageError(
    'That project no longer exists (it may have been deleted in another tab). Choose another project or make a new one.',
    'not-found',
  );
}

/** Oldest first, so new projects appear at the end of the project list. */
export function listProjects(db: DB): Promise<ProjectRecord[]> {
  return attempt('reading the list of projects', async () => oldestFirst(await db.getAll('projects')));
}

export function getProject(db: DB, id: string): Promise<ProjectRecord | undefined> {
  return attempt('reading a project', () => db.get('projects', id));
}

export async function createProject(db: DB, name: string, seed: number = randomSeed()): Promise<ProjectRecord> {
  const now = creationTime();
  const project: ProjectRecord = {
    id: newId(),
    name: requireName(name),
    createdAt: now,
    updatedAt: now,
    seed: requireSeed(seed),
    lastStep: FIRST_STEP,
    activeDatasetId: null,
  };
  await attempt(`creating the project "${project.name}"`, () => db.add('projects', project));
  return project;
}

type ProjectTransaction = IDBPTransaction<StudioSchema, ('projects' | 'datasets')[], 'readwrite'>;

/** Reads, changes and writes one project in one transaction, so concurrent edits do not interleave. */
async function changeProject(
  db: DB,
  id: string,
  action: string,
  change: (project: ProjectRecord, tx: ProjectTransaction, track: Track) => ProjectRecord | Promise<ProjectRecord>,
): Promise<ProjectRecord> {
  const tx = db.transaction(['projects', 'datasets'], 'readwrite');
  return inTransaction(tx, action, async (track) => {
    const project = await track(tx.objectStore('projects').get(id));
    if (!project) throw projectGone();
    const changed = { ...(await change(project, tx, track)), id, updatedAt: Date.now() };
    track(tx.objectStore('projects').put(changed));
    return changed;
  });
}

export async function renameProject(db: DB, id: string, name: string): Promise<ProjectRecord> {
  const trimmed = requireName(name);
  return changeProject(db, id, `renaming the project to "${trimmed}"`, (project) => ({ ...project, name: trimmed }));
}

export async function updateProject(db: DB, id: string, patch: ProjectPatch): Promise<ProjectRecord> {
  // Copy only the fields a patch may change: a wider object passed in must not overwrite the rest.
  const { seed, lastStep, activeDatasetId, selectedModelId } = patch;
  if (seed !== undefined) requireSeed(seed);
  return changeProject(db, id, 'saving the project', async (project, tx, track) => {
    if (activeDatasetId) {
      const dataset = await track(tx.objectStore('datasets').get(activeDatasetId));
      if (!dataset || dataset.projectId !== id) {
        throw new StorageError('That dataset is not part of this project any more. Load the data again.', 'not-found');
      }
    }
    return {
      ...project,
      ...(seed !== undefined && { seed }),
      ...(lastStep !== undefined && { lastStep }),
      ...(activeDatasetId !== undefined && { activeDatasetId }),
      ...(selectedModelId !== undefined && { selectedModelId }),
    };
  });
}

/**
 * Deletes a project, its datasets and their chunks in one transaction: a failure leaves the
 * project whole, never half-deleted. Forgets it as the current project too. Deleting a project
 * that is already gone is not an error (another tab may have done it).
 * Stores added by later migrations that hang off a project must be cleared here as well.
 */
export async function deleteProject(db: DB, id: string): Promise<void> {
  const tx = db.transaction(['projects', 'datasets', 'chunks', 'meta', 'pipelines', 'models', 'logBatches', 'logColumns'], 'readwrite');
  await inTransaction(tx, 'deleting the project', async (track) => {
    deleteLogOf({ batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') }, track, id);
    const models = tx.objectStore('models');
    for (const modelId of await track(models.index('byProject').getAllKeys(id))) track(models.delete(modelId));
    const datasets = tx.objectStore('datasets');
    const chunks = tx.objectStore('chunks');
    const pipelines = tx.objectStore('pipelines');
    const meta = tx.objectStore('meta');
    const currentProject = track(meta.get(META_CURRENT_PROJECT));
    const datasetIds = await track(datasets.index('byProject').getAllKeys(id));
    for (const datasetId of datasetIds) {
      track(datasets.delete(datasetId));
      track(chunks.delete(allChunksOf(datasetId)));
      track(pipelines.delete(datasetId));
    }
    track(tx.objectStore('projects').delete(id));
    if ((await currentProject) === id) track(meta.delete(META_CURRENT_PROJECT));
  });
}
