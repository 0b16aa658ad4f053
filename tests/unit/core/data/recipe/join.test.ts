import { describe, expect, it } from 'vitest';
import { analyseJoin, joinNotes, joinStep } from '$src/core/data/recipe/join';
import { RecipeError } from '$src/core/data/recipe/handler';
import { rowIds, takeRows } from '$src/core/data/recipe/frame-ops';
import type { Frame } from '$src/core/data/frame';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'join'>;

const people = makeFrame({
  id: [1, 2, 3, null, 2, 7],
  name: ['Ann', 'Bob', 'Cid', 'Dee', 'Bob2', 'Eve'],
});
const cities = makeFrame({
  person: [2, 1, 2, 9, 3],
  name: ['Rome', 'Paris', 'Oslo', 'Lima', null],
  size: [2.8, 2.1, 0.7, 10, 1],
});
const left: Step = { kind: 'join', datasetId: 'c', datasetName: 'cities.csv', leftKey: 'id', rightKey: 'person', how: 'left' };

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('join', () => {
  it('adds the other columns by key, first matching row, keeping every row and its id (left)', () => {
    const before = snapshot(people);
    const ctx = context(null, { c: cities });
    expect(joinStep.check(left, people, ctx)).toBeNull();
    const out = joinStep.apply(left, people, ctx);
    expect(out.columns.map((c) => c.name)).toEqual(['id', 'name', 'name (right)', 'size']);
    expect(cells(out, 'name (right)')).toEqual(['Paris', 'Rome', null, null, 'Rome', null]);
    expect(cells(out, 'size')).toEqual([2.1, 2.8, 1, null, 2.8, null]);
    expect(Array.from(rowIds(out))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(info(out, 'name (right)')).toEqual({ name: 'name (right)', type: 'text', missing: 3 });
    expect(info(out, 'size')).toEqual({ name: 'size', type: 'number', missing: 2 });
    expect(snapshot(people)).toEqual(before);
  });

  it('keeps only matched rows for an inner join, with their ids and recounted missing values', () => {
    const out = joinStep.apply({ ...left, how: 'inner' }, people, context(null, { c: cities }));
    expect(cells(out, 'id')).toEqual([1, 2, 3, 2]);
    expect(cells(out, 'name')).toEqual(['Ann', 'Bob', 'Cid', 'Bob2']);
    expect(Array.from(rowIds(out))).toEqual([0, 1, 2, 4]);
    expect(info(out, 'id').missing).toBe(0);
    expect(info(out, 'name (right)').missing).toBe(1);
  });

  it('keeps the row ids of an already filtered frame', () => {
    const some = takeRows(people, [5, 2, 0]);
    const out = joinStep.apply({ ...left, how: 'inner' }, some, context(null, { c: cities }));
    expect(Array.from(rowIds(out))).toEqual([2, 0]);
    expect(cells(out, 'size')).toEqual([1, 2.1]);
  });

  it('analyses unmatched keys and repeated keys before applying', () => {
    const analysis = analyseJoin(people, cities, 'id', 'person');
    expect(analysis).toEqual({ unmatchedLeftRows: 2, unmatchedKeys: 1, duplicateRightKeys: 1, rowsAfter: 6 });
    expect(joinNotes(left, analysis)).toEqual([
      '1 value of id has no match in cities.csv: 2 rows will have missing values in the added columns.',
      '1 value of person appears in more than one row of cities.csv; only the first of those rows is used.',
    ]);
    expect(joinNotes({ ...left, how: 'inner' }, analysis)[0]).toBe('1 value of id has no match in cities.csv: 2 rows will be removed.');
    expect(joinNotes(left, { unmatchedLeftRows: 0, unmatchedKeys: 0, duplicateRightKeys: 0, rowsAfter: 6 })).toEqual([]);
    expect(() => analyseJoin(people, cities, 'id', 'name')).toThrow(RecipeError);
  });

  it('matches integer keys with number keys, text exactly, dates by time', () => {
    const integers = makeFrame({ k: [1, 2, 3] });
    const numbers = makeFrame({ k: [2, 1, 2.5], v: ['two', 'one', 'two and a half'] }, { k: 'number' });
    expect(info(integers, 'k').type).toBe('integer');
    expect(cells(joinStep.apply({ ...left, leftKey: 'k', rightKey: 'k' }, integers, context(null, { c: numbers })), 'v')).toEqual(['one', 'two', null]);

    const codes = makeFrame({ code: ['a', 'A', 'a '] });
    const names = makeFrame({ code: ['A', 'a'], label: ['upper', 'lower'] });
    const joined = joinStep.apply({ ...left, leftKey: 'code', rightKey: 'code' }, codes, context(null, { c: names }));
    expect(joined.columns.map((c) => c.name)).toEqual(['code', 'label']);
    expect(cells(joined, 'label')).toEqual(['lower', 'upper', null]);

    const days = makeFrame({ day: ['2024-01-01', '2024-01-02'] }, { day: 'date' });
    const events = makeFrame({ when: ['2024-01-02', '2024-01-01'], what: ['b', 'a'] }, { when: 'date' });
    expect(cells(joinStep.apply({ ...left, leftKey: 'day', rightKey: 'when' }, days, context(null, { c: events })), 'what')).toEqual(['a', 'b']);
  });

  it('suffixes clashing names until free', () => {
    const l = makeFrame({ k: [1], v: ['x'], 'v (right)': ['y'] });
    const r = makeFrame({ k: [1], v: ['z'] });
    const out = joinStep.apply({ ...left, leftKey: 'k', rightKey: 'k' }, l, context(null, { c: r }));
    expect(out.columns.map((c) => c.name)).toEqual(['k', 'v', 'v (right)', 'v (right 2)']);
    expect(cells(out, 'v (right 2)')).toEqual(['z']);
  });

  it('refuses unknown keys, keys of different kinds, a gone dataset and an inner join that keeps nothing', () => {
    const ctx = context(null, { c: cities });
    expect(joinStep.check({ ...left, leftKey: 'nope' }, people, ctx)).toBe('There is no column nope (any more).');
    expect(joinStep.check({ ...left, rightKey: 'nope' }, people, ctx)).toBe('cities.csv has no column nope.');
    expect(joinStep.check({ ...left, rightKey: 'name' }, people, ctx))
      .toBe('The keys hold different kinds of values: id holds whole numbers, name in cities.csv holds text. Cast one of them first (Clean → Cast).');
    expect(joinStep.check(left, people, context())).toBe('The dataset c is gone.');
    const strangers = makeFrame({ person: [100, 200], x: [1, 2] });
    const inner = { ...left, how: 'inner' as const };
    const reason = 'This join would remove every row: no value of id appears in person of cities.csv. Check the key columns, or keep rows without a match (left join).';
    expect(joinStep.check(inner, people, context(null, { c: strangers }))).toBe(reason);
    expect(() => joinStep.apply(inner, people, context(null, { c: strangers }))).toThrow(new RecipeError(reason));
    expect(joinStep.check(left, people, context(null, { c: strangers }))).toBeNull();
  });

  it('describes itself', () => {
    expect(joinStep.describe(left)).toBe('Join cities.csv on id = person (keep every row)');
    expect(joinStep.describe({ ...left, rightKey: 'id', how: 'inner' })).toBe('Join cities.csv on id (keep only rows with a match)');
  });
});
