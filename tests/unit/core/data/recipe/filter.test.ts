import { describe, expect, it } from 'vitest';
import { filterStep, previewFilter } from '$src/core/data/recipe/filter';
import { RecipeError } from '$src/core/data/recipe/handler';
import { frameFromColumns, rowIds } from '$src/core/data/recipe/frame-ops';
import * as aq from 'arquero';
import type { Frame } from '$src/core/data/frame';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'filter'>;

const frame = makeFrame({
  age: [70, 30, null, 65, 80],
  sex: ['F', 'M', 'F', null, 'F'],
});

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('filter', () => {
  const senior: Step = { kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }] } };

  it('keeps the rows where the condition holds, with their row ids and fresh missing counts', () => {
    const before = snapshot(frame);
    expect(filterStep.check(senior, frame, context())).toBeNull();
    const out = filterStep.apply(senior, frame, context());
    expect(cells(out, 'age')).toEqual([70, 80]);
    expect(cells(out, 'sex')).toEqual(['F', 'F']);
    expect(Array.from(rowIds(out))).toEqual([0, 4]);
    expect(info(out, 'age')).toEqual({ name: 'age', type: 'integer', missing: 0 });
    expect(snapshot(frame)).toEqual(before);
  });

  it('drops the rows where the condition holds (missing cells do not satisfy it, so they stay)', () => {
    const out = filterStep.apply({ ...senior, keep: false }, frame, context());
    expect(cells(out, 'age')).toEqual([30, null, 65]);
    expect(Array.from(rowIds(out))).toEqual([1, 2, 3]);
    expect(info(out, 'age').missing).toBe(1);
    expect(info(out, 'sex').missing).toBe(1);
  });

  it('drops rows with a missing value through is-missing, with any', () => {
    const step: Step = { kind: 'filter', keep: false, where: { match: 'any', conditions: [{ column: 'age', op: 'is-missing' }, { column: 'sex', op: 'is-missing' }] } };
    const out = filterStep.apply(step, frame, context());
    expect(Array.from(rowIds(out))).toEqual([0, 1, 4]);
    expect(out.columns.map((c) => c.missing)).toEqual([0, 0]);
  });

  it('keeps row ids through two filters', () => {
    const once = filterStep.apply({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'sex', op: 'equals', value: 'F' }] } }, frame, context());
    const twice = filterStep.apply({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'age', op: 'is-not-missing' }] } }, once, context());
    expect(Array.from(rowIds(twice))).toEqual([0, 4]);
  });

  it('refuses a filter that would remove every row', () => {
    const none: Step = { kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 100 }] } };
    const reason = 'This filter would remove every row: none of the 5 rows has age > 100. Change the condition or drop rows instead of keeping them.';
    expect(filterStep.check(none, frame, context())).toBe(reason);
    expect(() => filterStep.apply(none, frame, context())).toThrow(new RecipeError(reason));
    const all: Step = { kind: 'filter', keep: false, where: { match: 'all', conditions: [{ column: 'age', op: 'less', value: 1000 }, { column: 'sex', op: 'is-not-missing' }] } };
    const everyRow = { ...all, where: { match: 'any' as const, conditions: all.where.conditions.concat({ column: 'age', op: 'is-missing' }) } };
    expect(filterStep.check(all, frame, context())).toBeNull();
    expect(filterStep.check(everyRow, frame, context())).toMatch(/^This filter would remove every row: all 5 rows have /);
  });

  it('refuses conditions that do not fit, with where.ts messages', () => {
    expect(filterStep.check({ kind: 'filter', keep: true, where: { match: 'all', conditions: [] } }, frame, context())).toBe('Add at least one condition.');
    expect(filterStep.check({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 'old' }] } }, frame, context()))
      .toBe("'old' is not a number; age holds whole numbers.");
    expect(() => filterStep.apply({ kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'height', op: 'is-missing' }] } }, frame, context()))
      .toThrow(RecipeError);
  });

  it('describes itself and previews its effect', () => {
    expect(filterStep.describe(senior)).toBe('Keep rows where age > 65');
    expect(filterStep.describe({ kind: 'filter', keep: false, where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }, { column: 'sex', op: 'equals', value: 'F' }] } }))
      .toBe('Drop rows where age > 65 and sex = "F"');
    expect(previewFilter(senior, frame)).toEqual({ kept: 2, removed: 3 });
  });

  it('works on a frame read back from Arrow IPC, as stored datasets are', () => {
    const source = makeFrame({
      n: [1, null, 3, 4],
      s: ['a', 'b', null, 'A'],
      d: ['2024-01-01', null, '2024-05-01', '2023-01-01'],
      b: [true, false, null, true],
    }, { d: 'date' });
    const stored: Frame = { table: aq.fromArrow(source.table.toArrowIPC()), columns: source.columns };
    const step: Step = {
      kind: 'filter', keep: true,
      where: { match: 'all', conditions: [{ column: 's', op: 'contains', value: 'a' }, { column: 'd', op: 'less', value: '2024-02-01' }, { column: 'b', op: 'equals', value: true }] },
    };
    const out = filterStep.apply(step, stored, context());
    expect(Array.from(rowIds(out))).toEqual([0, 3]);
    expect(cells(out, 'd')).toEqual(['2024-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z']);
    expect(cells(out, 'n')).toEqual([1, 4]);
  });

  it('filters a million rows well under a second', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const s: (string | null)[] = new Array(n);
    const words = ['alpha', 'beta', 'gamma', null];
    for (let i = 0; i < n; i++) {
      x[i] = i % 97 === 0 ? NaN : (i * 7919) % 1000;
      y[i] = i / 3;
      s[i] = words[i % 4];
    }
    const big = frameFromColumns([
      { info: { name: 'x', type: 'number', missing: 0 }, values: x },
      { info: { name: 'y', type: 'number', missing: 0 }, values: y },
      { info: { name: 's', type: 'text', missing: 0 }, values: s },
    ], Float64Array.from({ length: n }, (_, i) => i));
    const step: Step = { kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'x', op: 'greater', value: 500 }, { column: 's', op: 'contains', value: 'A' }] } };
    filterStep.apply(step, big, context()); // warm-up
    const start = performance.now();
    expect(filterStep.check(step, big, context())).toBeNull();
    const out = filterStep.apply(step, big, context());
    const ms = performance.now() - start;
    expect(out.table.numRows()).toBeGreaterThan(200_000);
    expect(ms).toBeLessThan(1000);
  });
});
