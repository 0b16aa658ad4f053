import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import type { ColumnInfo } from '$src/core/data/columns';
import type { Frame } from '$src/core/data/frame';
import { ROW_ID } from '$src/core/data/frame';
import { RecipeError } from '$src/core/data/recipe/handler';
import { columnValues, rowIds } from '$src/core/data/recipe/frame-ops';
import { STEP_KINDS, stepHandlers } from '$src/core/data/recipe/registry';
import {
  StaleStepError, applyNewStep, baseFrame, checkStep, describeStep, measureEffect, previewStep, replayRecipe, stepLabel,
} from '$src/core/data/recipe/replay';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

/** Everything about a frame, as plain data, for toEqual. */
function snapshot(frame: Frame) {
  return {
    columns: frame.columns,
    names: frame.table.columnNames(),
    ids: Array.from(rowIds(frame)),
    cells: Object.fromEntries(frame.columns.map((c) => [c.name, cells(frame, c.name)])),
  };
}

function raw(): { table: aq.ColumnTable; columns: ColumnInfo[] } {
  const columns: ColumnInfo[] = [
    { name: 'age', type: 'integer', missing: 2 },
    { name: 'income', type: 'number', missing: 1 },
    { name: 'city', type: 'text', missing: 1 },
    { name: 'code', type: 'text', missing: 0 },
    { name: 'joined', type: 'date', missing: 1 },
  ];
  const table = aq.table({
    age: Float64Array.from([30, NaN, 45, 30, 52, NaN, 23, 30]),
    income: Float64Array.from([40, 52, NaN, 40, 1000, 38, 41, 40]),
    city: [' Paris', 'Rome ', null, ' Paris', 'Oslo', 'Rome ', 'Oslo', ' Paris'],
    code: ['1', '2', '3', '1', 'x', '6', '7', '1'],
    joined: [new Date('2024-01-01'), new Date('2024-02-01'), null, new Date('2024-01-01'), new Date('2024-03-01'), new Date('2024-02-01'), new Date('2024-04-01'), new Date('2024-01-01')],
  }, columns.map((c) => c.name));
  return { table, columns };
}

const NEW_STEPS: RecipeStep[] = [
  { kind: 'impute', column: 'age', strategy: 'median' },
  { kind: 'clip', column: 'income', method: 'iqr' },
  { kind: 'cast', column: 'code', to: 'integer' },
  { kind: 'trim', column: 'city' },
  { kind: 'dedupe', columns: [] },
];

/** Applies new steps one by one, as the Clean step does, keeping what would be stored. */
function build(base: Frame, steps: RecipeStep[], ctx = context()) {
  let frame = base;
  const stored: RecipeStep[] = [];
  const frames: Frame[] = [base];
  for (const step of steps) {
    const result = applyNewStep(frame, step, ctx);
    stored.push(result.step);
    frame = result.frame;
    frames.push(frame);
  }
  return { frame, stored, frames };
}

describe('baseFrame', () => {
  it('adds row ids 0..n−1 and recounts missing values', () => {
    const { table, columns } = raw();
    const base = baseFrame(table, columns.map((c) => ({ ...c, missing: 0 })));
    expect(base.table.columnNames()).toEqual(['age', 'income', 'city', 'code', 'joined', ROW_ID]);
    expect(Array.from(rowIds(base))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(base.columns.map((c) => c.missing)).toEqual([2, 1, 1, 0, 1]);
  });

  it('reads a table that came through Arrow IPC (as stored) into the same frame', () => {
    const { table, columns } = raw();
    const fromArrow = baseFrame(aq.fromArrow(table.toArrowIPC()), columns);
    expect(snapshot(fromArrow)).toEqual(snapshot(baseFrame(table, columns)));
    expect(columnValues(fromArrow, 'age')).toBeInstanceOf(Float64Array);
  });
});

describe('replayRecipe', () => {
  const { table, columns } = raw();
  const base = baseFrame(table, columns);

  it('replays stored steps deterministically, to the frame the steps were built on', () => {
    const { frame, stored } = build(base, NEW_STEPS);
    const once = replayRecipe(base, stored, context());
    const twice = replayRecipe(base, stored, context());
    expect(snapshot(once)).toEqual(snapshot(frame));
    expect(snapshot(twice)).toEqual(snapshot(once));
    // The median of 30, 45, 30, 52, 23, 30 is 30; the duplicate rows 3 and 7 of row 0 are gone.
    expect(stored[0]).toMatchObject({ fitted: { value: 30, from: 'all', rows: 6 } });
    expect(Array.from(rowIds(once))).toEqual([0, 1, 2, 4, 5, 6]);
    expect(cells(once, 'city')).toEqual(['Paris', 'Rome', null, 'Oslo', 'Rome', 'Oslo']);
  });

  it('gives the same frame after a JSON round trip of the steps (a reload)', () => {
    const { frame, stored } = build(base, NEW_STEPS);
    const reloaded = JSON.parse(JSON.stringify(stored)) as RecipeStep[];
    expect(reloaded).toEqual(stored);
    expect(snapshot(replayRecipe(base, reloaded, context()))).toEqual(snapshot(frame));
  });

  it('undoes the last step by replaying the others', () => {
    const { stored, frames } = build(base, NEW_STEPS);
    for (let k = stored.length; k >= 0; k--) {
      expect(snapshot(replayRecipe(base, stored.slice(0, k), context()))).toEqual(snapshot(frames[k]));
    }
  });

  it('never refits: a stored value is replayed even when the data would give another', () => {
    const stored: RecipeStep[] = [{ kind: 'impute', column: 'age', strategy: 'median', fitted: { value: 99, from: 'train', rows: 3 } }];
    expect(cells(replayRecipe(base, stored, context()), 'age')).toEqual([30, 99, 45, 30, 52, 99, 23, 30]);
  });

  it('refuses a step made stale by an upstream rename, naming the step and the reason', () => {
    const { stored } = build(base, NEW_STEPS);
    const edited: RecipeStep[] = [{ kind: 'rename-column', column: 'age', to: 'years' }, ...stored];
    let error: unknown;
    try {
      replayRecipe(base, edited, context());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StaleStepError);
    expect(error).toBeInstanceOf(RecipeError);
    const stale = error as StaleStepError;
    expect(stale.message).toBe('Step 2 (Impute age with the median (30, from 6 rows; refitted on the train part when the data is split)) no longer applies: There is no column age (any more).');
    expect(stale.index).toBe(1);
    expect(stale.reason).toBe('There is no column age (any more).');
    // The frame of the steps before it is handed back.
    expect(stale.frame.columns.map((c) => c.name)).toEqual(['years', 'income', 'city', 'code', 'joined']);
  });

  it('refuses a step whose column changed type upstream', () => {
    const steps: RecipeStep[] = [{ kind: 'cast', column: 'city', to: 'boolean' }, { kind: 'trim', column: 'city' }];
    expect(() => replayRecipe(base, steps, context())).toThrow('Step 2 (Trim white space in city) no longer applies: Trimming works on text; city holds true/false values.');
  });

  it('reports progress and stops when cancelled', () => {
    const { stored } = build(base, NEW_STEPS);
    const seen: number[] = [];
    replayRecipe(base, stored, context(), { onStep: (i) => seen.push(i) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const controller = new AbortController();
    const partial: number[] = [];
    expect(() => replayRecipe(base, stored, context(), {
      signal: controller.signal,
      onStep: (i) => {
        partial.push(i);
        if (i === 1) controller.abort();
      },
    })).toThrow();
    expect(partial).toEqual([0, 1]);
  });

  it('refuses an unknown step kind', () => {
    const bogus = { kind: 'explode', column: 'age' } as unknown as RecipeStep;
    expect(() => replayRecipe(base, [bogus], context())).toThrow("Step 1 (Unknown step 'explode') no longer applies: Unknown recipe step 'explode'.");
    expect(checkStep(bogus, base, context())).toBe("Unknown recipe step 'explode'.");
    expect(describeStep(bogus)).toBe("Unknown step 'explode'");
  });
});

describe('applyNewStep and previewStep', () => {
  const { table, columns } = raw();
  const base = baseFrame(table, columns);
  const before = snapshot(base);

  it('fits on the train rows of the split only', () => {
    // Rows 2 and 4 (45 and 52) are test rows: the train mean is (30 + 30 + 23 + 30) / 4 = 28.25 → 28;
    // with the test rows it would be 35.
    const split = context([1, 1, 0, 1, 0, 1, 1, 1]);
    const { step } = applyNewStep(base, { kind: 'impute', column: 'age', strategy: 'mean' }, split);
    expect(step).toMatchObject({ fitted: { value: 28, from: 'train', rows: 4 } });
    expect(applyNewStep(base, { kind: 'impute', column: 'age', strategy: 'mean' }, context()).step).toMatchObject({ fitted: { value: 35, from: 'all', rows: 6 } });
  });

  it('refuses a step that does not apply, with the handler\'s words', () => {
    expect(() => applyNewStep(base, { kind: 'impute', column: 'city', strategy: 'mean' }, context())).toThrow(new RecipeError('The mean needs numbers; city holds text.'));
    expect(() => previewStep(base, { kind: 'drop-column', column: 'nope' }, context())).toThrow('There is no column nope (any more).');
  });

  it('counts changed cells and rows of an impute, with what was fitted', () => {
    const step: RecipeStep = { kind: 'impute', column: 'age', strategy: 'constant', constant: 0 };
    const effect = previewStep(base, step, context());
    expect(effect).toEqual({
      rowsBefore: 8, rowsAfter: 8, rowsRemoved: 0, rowsAdded: 0, rowsChanged: 2, cellsChanged: 2,
      columnsChanged: ['age'], columnsAdded: [], columnsRemoved: [],
    });
    expect(previewStep(base, { kind: 'impute', column: 'age', strategy: 'median' }, context()).fitted).toEqual({ value: 30, from: 'all', rows: 6 });
    // Nothing stored, nothing modified.
    expect(step).toEqual({ kind: 'impute', column: 'age', strategy: 'constant', constant: 0 });
    expect(snapshot(base)).toEqual(before);
  });

  it('counts removed rows (by row id) and changed cells of surviving rows only', () => {
    const dedupe = previewStep(base, { kind: 'dedupe', columns: ['age', 'income'] }, context());
    expect(dedupe).toMatchObject({ rowsBefore: 8, rowsAfter: 6, rowsRemoved: 2, rowsChanged: 0, cellsChanged: 0 });
    const drop = previewStep(base, { kind: 'drop-missing', columns: [] }, context());
    expect(drop).toMatchObject({ rowsBefore: 8, rowsAfter: 5, rowsRemoved: 3, rowsAdded: 0, cellsChanged: 0 });
    const clip = applyNewStep(base, { kind: 'clip', column: 'income', method: 'iqr' }, context());
    expect(clip.effect).toMatchObject({ rowsChanged: 1, cellsChanged: 1, columnsChanged: ['income'] });
    expect(clip.effect.fitted).toEqual((clip.step as { fitted?: unknown }).fitted);
    expect(snapshot(base)).toEqual(before);
  });

  it('says how many values a cast loses', () => {
    const effect = previewStep(base, { kind: 'cast', column: 'code', to: 'integer' }, context());
    expect(effect.castFailures).toBe(1);
    // Every present value changes type ('1' → 1), so every cell counts as changed.
    expect(effect).toMatchObject({ cellsChanged: 8, rowsChanged: 8, columnsChanged: ['code'] });
  });

  it('reports renamed and dropped columns by name', () => {
    expect(previewStep(base, { kind: 'rename-column', column: 'age', to: 'years' }, context()))
      .toMatchObject({ columnsAdded: ['years'], columnsRemoved: ['age'], cellsChanged: 0 });
    expect(previewStep(base, { kind: 'drop-column', column: 'city' }, context()))
      .toMatchObject({ columnsAdded: [], columnsRemoved: ['city'], cellsChanged: 0, rowsChanged: 0 });
  });

  it('matches rows by id when rows are reordered, added or repeated', () => {
    const a = makeFrame({ x: [1, 2, 3] });
    const b = makeFrame({ x: [3, 20, 1, 9] });
    // Give b the row ids [2, 1, 0, 7]: 7 is new, rows keep their values except row 1 (2 → 20).
    const ids = Float64Array.from([2, 1, 0, 7]);
    const reordered: Frame = { ...b, table: aq.table({ x: columnValues(b, 'x'), [ROW_ID]: ids }, ['x', ROW_ID]) };
    expect(measureEffect(a, reordered)).toMatchObject({ rowsRemoved: 0, rowsAdded: 1, rowsChanged: 1, cellsChanged: 1 });
  });
});

describe('the row id survives every step kind', () => {
  const { table, columns } = raw();
  const base = baseFrame(table, columns);
  const other = makeFrame({ code: ['1', '2', '9'], region: ['north', 'south', 'east'] });
  const ctx = context(null, { other });
  const examples: RecipeStep[] = [
    { kind: 'impute', column: 'age', strategy: 'mean' },
    { kind: 'drop-missing', columns: ['age'] },
    { kind: 'drop-column', column: 'city' },
    { kind: 'rename-column', column: 'city', to: 'town' },
    { kind: 'dedupe', columns: ['city'] },
    { kind: 'cast', column: 'code', to: 'integer' },
    { kind: 'clip', column: 'income', method: 'percentile' },
    { kind: 'filter', where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 25 }] }, keep: true },
    { kind: 'derive', name: 'double', expression: { op: 'multiply', left: { column: 'income' }, right: { constant: 2 } } },
    { kind: 'trim', column: 'city' },
    { kind: 'replace', column: 'city', from: 'Oslo', to: 'Bergen' },
    { kind: 'append', datasetId: 'other', datasetName: 'Other' },
    { kind: 'join', datasetId: 'other', datasetName: 'Other', leftKey: 'code', rightKey: 'code', how: 'left' },
    { kind: 'label-rule', column: 'label', where: { match: 'all', conditions: [{ column: 'age', op: 'is-missing' }] }, label: 'unknown' },
    { kind: 'label-manual', column: 'label', labels: { 0: 'a', 3: 'b' } },
  ];

  it('has an example of every kind', () => {
    expect(new Set(examples.map((s) => s.kind))).toEqual(new Set(STEP_KINDS));
    for (const kind of STEP_KINDS) {
      expect(stepLabel(kind)).toBe(stepHandlers[kind].label);
      expect(stepLabel(kind).length).toBeGreaterThan(0);
    }
  });

  for (const step of examples) {
    it(step.kind, () => {
      const { frame, step: stored } = applyNewStep(base, step, ctx);
      expect(frame.table.columnNames().at(-1)).toBe(ROW_ID);
      expect(frame.columns.some((c) => c.name === ROW_ID)).toBe(false);
      const ids = Array.from(rowIds(frame));
      const known = new Set(Array.from(rowIds(base)));
      // Rows that were there keep their ids; appended rows get new ones.
      if (step.kind !== 'append') for (const id of ids) expect(known.has(id)).toBe(true);
      else expect(ids.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(describeStep(stored).length).toBeGreaterThan(0);
      // Replaying the stored step gives the same frame.
      expect(snapshot(replayRecipe(base, [JSON.parse(JSON.stringify(stored)) as RecipeStep], ctx))).toEqual(snapshot(frame));
      for (const column of frame.columns) {
        const values = columnValues(frame, column.name);
        expect(values.length).toBe(frame.table.numRows());
      }
      expect(info(frame, frame.columns[0].name)).toBeDefined();
    });
  }
});

describe('at scale', () => {
  it('replays impute, clip, cast, trim and dedupe on 1,000,000 rows × 10 columns', () => {
    const n = 1_000_000;
    const data: Record<string, unknown> = {};
    const columns: ColumnInfo[] = [];
    for (let c = 0; c < 6; c++) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = i % 97 === c ? NaN : ((i * 7919 + c * 131) % 100_003) / 7;
      data[`n${c}`] = x;
      columns.push({ name: `n${c}`, type: 'number', missing: 0 });
    }
    for (let c = 0; c < 3; c++) {
      const s: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) s[i] = i % 50 === 0 ? null : ` v${(i * 31 + c) % 5000} `;
      data[`s${c}`] = s;
      columns.push({ name: `s${c}`, type: 'text', missing: 0 });
    }
    const t: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) t[i] = i % 1000 === 0 ? 'x' : String(i % 1234);
    data.t = t;
    columns.push({ name: 't', type: 'text', missing: 0 });
    const base = baseFrame(aq.table(data, columns.map((c) => c.name)), columns);
    const steps: RecipeStep[] = [
      { kind: 'impute', column: 'n0', strategy: 'median', fitted: { value: 7143, from: 'all', rows: 989_690 } },
      { kind: 'clip', column: 'n1', method: 'iqr', fitted: { lower: 100, upper: 10_000, from: 'all', rows: 989_690 } },
      { kind: 'cast', column: 't', to: 'integer' },
      { kind: 'trim', column: 's0' },
      { kind: 'dedupe', columns: [] },
    ];
    const out = replayRecipe(base, steps, context());
    expect(out.table.numRows()).toBe(n);
    expect(info(out, 't')).toMatchObject({ type: 'integer', missing: 1000 });
  }, 60_000);
});
