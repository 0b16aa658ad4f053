/**
 * Statistics never come from the test part: steps that learn from data and were added before
 * the split are fitted again on its train part when the split is made (or made again after live
 * data is appended), and on all rows again when the split goes. The fitted medians and IQR bounds
 * are checked against numpy on the train set exactly as `Download train set` writes it.
 */
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { openStudioDB, type StudioDB, type DatasetRecord } from '$src/storage';
import { toArqueroTable, encodeChunks } from '$src/core/data/table';
import { ingestFile } from '$src/core/data/ingest';
import { frameToCsv } from '$src/core/data/csv-export';
import { PART, ROW_ID, UNASSIGNED } from '$src/core/data/frame';
import { createRandom } from '$src/core/random';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import { DataSession } from '$src/core/data/session';

const PYTHON = '/usr/bin/python3';
const hasNumpy = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!hasNumpy) console.log(`session-refit: numpy comparison skipped, ${PYTHON} cannot import numpy (apt-get install python3-numpy).`);

const SPEC = { train: 60, validation: 20, test: 20, seed: 5, stratify: null, group: null, timeColumn: null };

/** 300 rows: `x` with missing values and outliers (the test part's outliers must not move a bound), `y` plain. */
function csv(rows = 300, seed = 1): string {
  const random = createRandom(seed);
  const lines = ['id,x,y'];
  for (let i = 0; i < rows; i++) {
    const r = random.next();
    const x = r < 0.15 ? '' : r > 0.95 ? String(Math.round(500 + 1000 * random.next()) / 4) : String(Math.round(4000 * random.next()) / 100);
    lines.push(`${i},${x},${Math.round(random.next() * 1000) / 10}`);
  }
  return lines.join('\n') + '\n';
}

async function store(db: StudioDB, projectId: string, name: string, text: string): Promise<DatasetRecord> {
  const parsed = await ingestFile(new Blob([text]), { fileName: name });
  return db.saveDataset(
    { projectId, name, source: { kind: 'file', fileName: name, size: text.length }, rowCount: parsed.rowCount, columns: parsed.columns.map((c) => c.info), warnings: [], description: '', chunkRows: 1000 },
    encodeChunks(toArqueroTable(parsed)),
  );
}

async function setUp(text = csv()) {
  const db = await openStudioDB({ name: `refit-${Math.random()}`, storage: null });
  const project = await db.createProject('P');
  const dataset = await store(db, project.id, 'data.csv', text);
  return { db, dataset, projectId: project.id };
}

const descriptions = (s: DataSession) => s.summary().recipe.map((r) => r.description);
const fittedOf = (step: RecipeStep) => ('fitted' in step ? step.fitted : undefined) as Record<string, number | string> | undefined;

/** The train-part values of a raw column, by the stored split. */
function trainValues(session: DataSession, column: string): number[] {
  const ids = session.raw.table.array(ROW_ID) as ArrayLike<number>;
  const values = session.raw.table.array(column) as ArrayLike<number>;
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) if (session.pipeline.split!.byRowId[ids[i]] === PART.train && !Number.isNaN(values[i])) out.push(values[i]);
  return out;
}

describe('refitting on the train part when the data is split', () => {
  it('refits steps added before the split on its train part, in order, and says so', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
    await session.apply({ kind: 'clip', column: 'x', method: 'iqr' });
    const allRows = session.pipeline.recipe.map((s) => fittedOf(s));
    expect(allRows.map((f) => f?.from)).toEqual(['all', 'all']);
    expect(descriptions(session)[0]).toMatch(/from \d+ rows; refitted on the train part when the data is split\)$/);

    await session.split(SPEC);
    const split = session.pipeline.split!;
    const [impute, clip] = session.pipeline.recipe.map((s) => fittedOf(s)!);
    expect(impute.from).toBe('train');
    expect(impute.rows).toBe(trainValues(session, 'x').length);
    expect(clip).toMatchObject({ from: 'train', rows: split.counts.train });
    expect(impute.value).not.toBe(allRows[0]!.value);
    expect(descriptions(session)).toEqual([
      `Impute x with the median (${impute.value}, from ${impute.rows} train rows)`,
      expect.stringMatching(new RegExp(`^Clip x to \\[.*\\] \\(IQR rule, k = 1.5, from ${split.counts.train} train rows\\)$`)),
    ]);
    // Stored at once with the split, so a reopened session shows the same.
    const reopened = await DataSession.open(db, dataset);
    expect(descriptions(reopened)).toEqual(descriptions(session));
    expect(reopened.pipeline.split!.counts).toEqual(split.counts);
  });

  it.skipIf(!hasNumpy)('fits the median and the IQR bounds numpy computes on the downloaded train set', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
    await session.apply({ kind: 'clip', column: 'x', method: 'iqr' });
    await session.apply({ kind: 'clip', column: 'y', method: 'percentile', lowerPercentile: 5, upperPercentile: 95 });
    await session.split(SPEC);
    const [impute, clipX, clipY] = session.pipeline.recipe.map((s) => fittedOf(s)!);

    // What the Split step's `Download train set` writes (the worker's downloadPart).
    const file = join(mkdtempSync(join(tmpdir(), 'refit-')), 'train.csv');
    writeFileSync(file, await frameToCsv(session.prepared, { rows: session.partRows('train') }).text());
    const script = [
      'import csv, json, sys, numpy as np',
      'rows = list(csv.DictReader(open(sys.argv[1], newline="")))',
      'x = np.array([float(r["x"]) for r in rows]); y = np.array([float(r["y"]) for r in rows])',
      'q1, q3 = np.percentile(x, [25, 75])',
      // Imputing with the median and clipping outside the quartiles leave the median and the
      // quartiles where they were, so numpy finds the fitted statistics in the cleaned train set.
      'print(json.dumps({"rows": len(rows), "median": float(np.median(x)), "lower": float(q1 - 1.5 * (q3 - q1)), "upper": float(q3 + 1.5 * (q3 - q1)),',
      // Clipped at its 5th and 95th percentiles, y's smallest and largest values are the bounds.
      '  "ylow": float(y.min()), "yhigh": float(y.max())}))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const numpy = JSON.parse(run.stdout) as Record<string, number>;
    expect(numpy.rows).toBe(session.pipeline.split!.counts.train);
    expect(impute.value as number).toBeCloseTo(numpy.median, 12);
    expect(clipX.lower as number).toBeCloseTo(numpy.lower, 9);
    expect(clipX.upper as number).toBeCloseTo(numpy.upper, 9);
    expect(clipY.lower).toBe(numpy.ylow);
    expect(clipY.upper).toBe(numpy.yhigh);
  });

  it('fits on all rows again when undo removes the split', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'mean' });
    await session.apply({ kind: 'clip', column: 'x', method: 'percentile' });
    const before = session.pipeline.recipe;
    await session.split(SPEC);
    expect(fittedOf(session.pipeline.recipe[0])!.from).toBe('train');
    expect((await session.undo()).removedSplit).toBe(true);
    expect(session.pipeline.split).toBeNull();
    expect(session.pipeline.recipe).toEqual([before[0]]);
    expect(descriptions(await DataSession.open(db, dataset))).toEqual(descriptions(session));
  });

  it('a split made again gives the same parts and fits for the same seed, whatever was split before', async () => {
    const { db, dataset } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
    await session.split(SPEC);
    const first = { recipe: session.pipeline.recipe, byRowId: Array.from(session.pipeline.split!.byRowId) };
    await session.split({ ...SPEC, seed: 6 });
    expect(session.pipeline.recipe).not.toEqual(first.recipe);
    await session.split(SPEC);
    expect({ recipe: session.pipeline.recipe, byRowId: Array.from(session.pipeline.split!.byRowId) }).toEqual(first);
  });

  it('counts the rows a filter keeps once the imputation before it is refitted', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { db, dataset } = await setUp(csv(300, seed));
      const session = await DataSession.open(db, dataset);
      await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
      const median = fittedOf(session.pipeline.recipe[0])!.value as number;
      // Imputed rows sit exactly on the all-rows median: whether they pass depends on the refit.
      await session.apply({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'x', op: 'greater-or-equal', value: median }] } });
      await session.split({ ...SPEC, seed });
      const { counts } = session.pipeline.split!;
      const parts = session.parts();
      const tally = [0, 0, 0];
      let none = 0;
      for (const p of parts) if (p === UNASSIGNED) none++; else tally[p]++;
      expect({ train: tally[0], validation: tally[1], test: tally[2] }).toEqual(counts);
      expect(none).toBe(session.summary().unsplitRows);
      expect(counts.train + counts.validation + counts.test + none).toBe(session.prepared.table.numRows());
      expect(session.summary().sealedRows).toBe(counts.test);
    }
  });

  it('keeps appended live rows in their parts after a reload (their row ids are pinned)', async () => {
    const { db, dataset, projectId } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
    await session.split(SPEC);
    const live = await store(db, projectId, 'live.csv', csv(40, 9));
    // Monitor's retraining path: append the live rows, then split again with the same settings.
    await session.apply({ kind: 'append', datasetId: live.id, datasetName: live.name });
    await session.split(SPEC);
    const parts = Array.from(session.parts());
    expect(parts.slice(300).every((p) => p !== UNASSIGNED)).toBe(true);
    expect(session.summary().unsplitRows).toBe(0);
    const reopened = await DataSession.open(db, dataset);
    expect(Array.from(reopened.parts())).toEqual(parts);
    expect(descriptions(reopened)).toEqual(descriptions(session));
    expect(fittedOf(reopened.pipeline.recipe[0])!.from).toBe('train');
  });

  it('appends a dataset and splits again with the same settings, so its rows join the parts', async () => {
    const { db, dataset, projectId } = await setUp();
    const session = await DataSession.open(db, dataset);
    await session.split(SPEC);
    const live = await store(db, projectId, 'live.csv', csv(40, 9));
    await session.appendDataset(live);
    expect(session.pipeline.recipe.map((s) => s.kind)).toEqual(['append']);
    expect(session.pipeline.split!.spec).toEqual(SPEC);
    expect(session.prepared.table.numRows()).toBe(340);
    expect(Array.from(session.parts()).every((p) => p !== UNASSIGNED)).toBe(true);
    expect(session.summary().unsplitRows).toBe(0);
  });

  it('appends a dataset without splitting where there is no split', async () => {
    const { db, dataset, projectId } = await setUp();
    const session = await DataSession.open(db, dataset);
    const live = await store(db, projectId, 'live.csv', csv(40, 9));
    await session.appendDataset(live);
    expect(session.pipeline.split).toBeNull();
    expect(session.prepared.table.numRows()).toBe(340);
  });
});


describe('a split that cannot be refitted', () => {
  it('is refused in plain words, naming the step, and leaves the recipe and split as they were', async () => {
    // x has values on three rows only: some seed puts none of them in the train part.
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i < 3 ? i + 0.5 : ''},${i}`);
    const { db, dataset } = await setUp(`id,x,y\n${rows.join('\n')}\n`);
    const session = await DataSession.open(db, dataset);
    await session.apply({ kind: 'impute', column: 'x', strategy: 'median' });
    let refused: Error | null = null;
    for (let seed = 0; seed < 50 && refused === null; seed++) {
      const { split, recipe } = session.pipeline;
      await session.split({ ...SPEC, train: 10, validation: 10, test: 80, seed }).catch((e: Error) => { refused = e; });
      if (refused) {
        expect(session.pipeline.split).toBe(split);
        expect(session.pipeline.recipe).toBe(recipe);
      }
    }
    expect(refused).not.toBeNull();
    expect(refused!.message).toMatch(/^The split was not changed: step 1 \(Impute x with the median \(.*\)\) cannot be fitted on the train part: x has no values on the train rows to compute the median from\. Try another seed/);
    expect((await db.getPipeline(dataset.id, dataset.projectId)).recipe).toEqual(session.pipeline.recipe);
  });
});
