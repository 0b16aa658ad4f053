/**
 * The data worker's session against a real (fake-indexeddb) store: every pipeline change is
 * saved before it shows, a reopened session replays to the same rows, and undo past the split
 * removes the split.
 */
import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { openStudioDB } from '$src/storage';
import { toArqueroTable, encodeChunks, formatRows } from '$src/core/data/table';
import { generateSynthetic } from '$src/core/data/synthetic';
import { splitFrame } from '$src/core/data/split/assign';
import { PART, ROW_ID } from '$src/core/data/frame';
import { DataSession } from '$src/core/data/session';

async function setUp() {
  const db = await openStudioDB({ name: `session-${Math.random()}`, storage: null });
  const project = await db.createProject('P');
  const parsed = generateSynthetic('regression', { rows: 400, features: 4, seed: 3, missingShare: 0.1 });
  const table = toArqueroTable(parsed);
  const dataset = await db.saveDataset(
    { projectId: project.id, name: 'synthetic', source: { kind: 'synthetic', generator: 'regression', options: {} }, rowCount: parsed.rowCount, columns: parsed.columns.map((c) => c.info), warnings: [], description: '', chunkRows: 400 },
    encodeChunks(table),
  );
  return { db, dataset };
}

function allRows(session: DataSession) {
  const frame = session.prepared;
  return formatRows(frame.table, frame.columns, 0, frame.table.numRows());
}

describe('data session', () => {
  it('saves each step, and a reopened session replays to the same rows', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    expect(session.prepared.columns.find((c) => c.name === 'x1')!.missing).toBeGreaterThan(0);
    await session.apply({ kind: 'impute', column: 'x1', strategy: 'median' });
    await session.apply({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'y', op: 'greater', value: 0 }] } });
    expect(session.prepared.columns.find((c) => c.name === 'x1')!.missing).toBe(0);
    const stored = await db.getPipeline(dataset.id, dataset.projectId);
    expect(stored.recipe.map((s) => s.kind)).toEqual(['impute', 'filter']);
    expect(stored.recipe[0]).toMatchObject({ fitted: { from: 'all', rows: expect.any(Number) } });

    const reopened = await DataSession.open(db, dataset);
    expect(allRows(reopened)).toEqual(allRows(session));
    expect(reopened.summary().recipe.map((r) => r.description)).toEqual(session.summary().recipe.map((r) => r.description));
  });

  it('fits later steps on the train part only, hides the test part, and drops the split on undo past it', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'drop-column', column: 'x3' });
    const spec = { train: 60, validation: 20, test: 20, seed: 9, stratify: null, group: null, timeColumn: null };
    const result = splitFrame(session.prepared, spec);
    await session.setSplit({ spec, atStep: 1, counts: result.counts, byRowId: result.byRowId, createdAt: 1 });
    expect(session.summary().sealedRows).toBe(result.counts.test);
    const visibleIds = Array.from(session.visible.table.array(ROW_ID) as ArrayLike<number>);
    expect(visibleIds.every((id) => result.byRowId[id] !== PART.test)).toBe(true);

    await session.apply({ kind: 'impute', column: 'x1', strategy: 'mean' });
    const impute = session.pipeline.recipe[1];
    expect(impute).toMatchObject({ fitted: { from: 'train' } });
    // The fitted mean is the mean of the train rows' present values.
    const ids = session.raw.table.array(ROW_ID) as ArrayLike<number>;
    const x1 = session.raw.table.array('x1') as ArrayLike<number>;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < ids.length; i++) if (result.byRowId[ids[i]] === PART.train && !Number.isNaN(x1[i])) { sum += x1[i]; n++; }
    expect(impute.kind === 'impute' && impute.fitted?.rows).toBe(n);
    expect(impute.kind === 'impute' && (impute.fitted?.value as number)).toBeCloseTo(sum / n, 9);

    expect((await session.undo()).removedSplit).toBe(false);
    expect((await session.undo()).removedSplit).toBe(true);
    expect(session.pipeline.split).toBeNull();
    expect((await db.getPipeline(dataset.id, dataset.projectId)).split).toBeNull();
  });

  it('keeps the steps before a stale one and says which step to undo', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'trim', column: 'segment' });
    // A recipe edited elsewhere (another version, another tab) that no longer fits the data.
    const pipeline = await db.getPipeline(dataset.id, dataset.projectId);
    await db.savePipeline({ ...pipeline, recipe: [...pipeline.recipe, { kind: 'drop-column', column: 'no such column' }] });
    const reopened = await DataSession.open(db, dataset);
    expect(reopened.summary().replayError).toMatch(/Step 2 .* no longer applies/);
    await expect(reopened.apply({ kind: 'drop-column', column: 'x1' })).rejects.toThrow('no longer applies');
    await reopened.undo();
    expect(reopened.summary().replayError).toBeNull();
  });

  it('grows one manual-labelling step per column while labels are saved by hand', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.saveLabel('label', 0, 'a');
    await session.saveLabel('label', 5, 'b');
    expect(session.pipeline.recipe).toEqual([{ kind: 'label-manual', column: 'label', labels: { 0: 'a', 5: 'b' } }]);
    await session.saveLabel('other', 1, 'c');
    await session.saveLabel('label', 2, 'a');
    expect(session.pipeline.recipe.map((s) => s.kind === 'label-manual' && [s.column, Object.keys(s.labels).length])).toEqual([['label', 2], ['other', 1], ['label', 1]]);
    expect((await db.getPipeline(dataset.id, dataset.projectId)).recipe).toEqual(session.pipeline.recipe);
    const labels = session.prepared.table.array('label') as ArrayLike<unknown>;
    const ids = session.prepared.table.array(ROW_ID) as ArrayLike<number>;
    const at = (id: number) => labels[Array.from(ids).indexOf(id)];
    expect([at(0), at(5), at(2)]).toEqual(['a', 'b', 'a']);
  });
});
