import { describe, it, expect } from 'vitest';
import type { PipelineRecord } from '$src/storage';
import { openFresh } from './helpers';

async function fresh() {
  const { db } = await openFresh();
  const project = await db.createProject('P');
  const dataset = await db.saveDataset(
    { projectId: project.id, name: 'd', source: { kind: 'sample', sample: 'x' }, rowCount: 1, columns: [], warnings: [], description: '', chunkRows: 1 },
    [new Uint8Array([1, 2, 3])],
  );
  return { db, project, dataset };
}

describe('pipelines', () => {
  it('gives an empty pipeline for a dataset without one, then stores recipe, rules and split', async () => {
    const { db, project, dataset } = await fresh();
    const empty = await db.getPipeline(dataset.id, project.id);
    expect(empty).toMatchObject({ recipe: [], rules: [], split: null });
    const record: PipelineRecord = {
      ...empty,
      recipe: [{ kind: 'drop-column', column: 'a' }],
      rules: [{ id: 'r1', column: 'b', kind: 'not-missing' }],
      split: {
        spec: { train: 70, validation: 15, test: 15, seed: 1, stratify: null, group: null, timeColumn: null },
        atStep: 1,
        counts: { train: 1, validation: 0, test: 0 },
        byRowId: new Uint8Array([0]),
        createdAt: 1,
      },
    };
    await db.savePipeline(record);
    const stored = await db.getPipeline(dataset.id, project.id);
    expect(stored.recipe).toEqual(record.recipe);
    expect(stored.rules).toEqual(record.rules);
    expect(Array.from(stored.split!.byRowId)).toEqual([0]);
    expect(stored.updatedAt).toBeGreaterThan(0);
  });

  it('is deleted with its dataset and with its project', async () => {
    const { db, project, dataset } = await fresh();
    await db.savePipeline({ ...(await db.getPipeline(dataset.id, project.id)), recipe: [{ kind: 'trim', column: 'a' }] });
    await db.deleteDataset(dataset.id);
    expect((await db.getPipeline(dataset.id, project.id)).recipe).toEqual([]);
    await expect(db.savePipeline({ datasetId: dataset.id, projectId: project.id, recipe: [], rules: [], split: null, updatedAt: 0 })).rejects.toThrow('no longer stored');

    const again = await fresh();
    await again.db.savePipeline({ ...(await again.db.getPipeline(again.dataset.id, again.project.id)), recipe: [{ kind: 'trim', column: 'a' }] });
    await again.db.deleteProject(again.project.id);
    expect((await again.db.getPipeline(again.dataset.id, again.project.id)).recipe).toEqual([]);
  });
});
