/**
 * Importing a checked project file as a new project, under new ids, in one transaction.
 */
import type { IDBPDatabase } from 'idb';
import { notEnoughSpace } from '../errors';
import { newId } from '../ids';
import { addLogBatches } from '../inference-log';
import { batchesFromRecords } from '../../core/deploy/log-batch';
import type { InferenceRecord, ModelRecord, PipelineRecord, ProjectRecord, StudioSchema } from '../schema';
import { estimateSpace, type StorageAccess } from '../space';
import { inTransaction } from '../transaction';
import type { ProjectFileContents } from './format';

type DB = IDBPDatabase<StudioSchema>;

/** IndexedDB stores a view's whole buffer: views are copied so each chunk stores only its own bytes. */
function ownBytes(chunk: Uint8Array): Uint8Array {
  return chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
}

/** `name`, or `name (imported)`, `name (imported 2)` … — the first no project has yet. */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Stores a checked project file as a new project, under new ids, in one transaction across
 * every store: all of it, or — on any failure, a full disk included — nothing.
 *
 * Every reference is carried over to the new ids: datasets, recipes (append and join steps),
 * models and log records point into the new project only. A reference the file itself left
 * dangling (a model of a dataset deleted before the export) gets a fresh id that matches
 * nothing, so it never points into another project; the project's active dataset and selected
 * model become null in that case. Times, names of datasets and models, and every value are kept
 * as they are; the project's name gets " (imported)" when a project of that name exists.
 */
export async function importProjectFile(db: DB, contents: ProjectFileContents, storage: StorageAccess | null = null): Promise<ProjectRecord> {
  const source = contents.project;
  const what = `the project "${source.name}"`;
  const needed = contents.byteLength;
  const space = await estimateSpace(storage);
  if (space && space.usage + needed > space.quota) throw notEnoughSpace(what, needed, space.quota - space.usage);

  const projectId = newId();
  const datasetIds = new Map(contents.datasets.map((d) => [d.record.id, newId()]));
  const modelIds = new Map(contents.models.map((m) => [m.id, newId()]));
  const remap = (ids: Map<string, string>, id: string): string => {
    let mapped = ids.get(id);
    if (mapped === undefined) {
      mapped = newId();
      ids.set(id, mapped);
    }
    return mapped;
  };
  const pointer = (ids: Map<string, string>, id: string | null | undefined): string | null | undefined =>
    id === null || id === undefined ? id : (ids.get(id) ?? null);

  const datasets = contents.datasets.map(({ record, chunks }) => ({
    record: { ...record, id: datasetIds.get(record.id)!, projectId },
    chunks: chunks.map(ownBytes),
  }));
  const pipelines = contents.pipelines.map(
    (pipeline): PipelineRecord => ({
      ...pipeline,
      datasetId: datasetIds.get(pipeline.datasetId)!,
      projectId,
      recipe: pipeline.recipe.map((step) => (step.kind === 'append' || step.kind === 'join' ? { ...step, datasetId: remap(datasetIds, step.datasetId) } : step)),
    }),
  );
  const models = contents.models.map((model): ModelRecord => ({ ...model, id: modelIds.get(model.id)!, projectId, datasetId: remap(datasetIds, model.datasetId) }));
  const log = (contents.log ?? []).map(({ id: _id, ...record }): InferenceRecord => ({ ...record, projectId, modelId: remap(modelIds, record.modelId) }));
  const project: ProjectRecord = { ...source, id: projectId, activeDatasetId: pointer(datasetIds, source.activeDatasetId) ?? null };
  if (Object.hasOwn(source, 'selectedModelId')) project.selectedModelId = pointer(modelIds, source.selectedModelId);

  const tx = db.transaction(['projects', 'datasets', 'chunks', 'pipelines', 'models', 'logBatches', 'logColumns'], 'readwrite');
  return inTransaction(tx, `importing ${what}`, async (track) => {
    const projects = await track(tx.objectStore('projects').getAll());
    project.name = freeName(source.name, new Set(projects.map((p) => p.name)));
    track(tx.objectStore('projects').add(project));
    for (const { record, chunks } of datasets) {
      track(tx.objectStore('datasets').add(record));
      chunks.forEach((bytes, index) => track(tx.objectStore('chunks').add({ datasetId: record.id, index, bytes })));
    }
    for (const pipeline of pipelines) track(tx.objectStore('pipelines').add(pipeline));
    for (const model of models) track(tx.objectStore('models').add(model));
    // In the file's order, so the new auto-increment ids keep the order the records were written in.
    addLogBatches({ batches: tx.objectStore('logBatches'), columns: tx.objectStore('logColumns') }, track, batchesFromRecords(log));
    return project;
  });
}
