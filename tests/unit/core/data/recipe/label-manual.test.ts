import { describe, expect, it } from 'vitest';
import { labelCounts, labelManualStep, unlabelledRows } from '$src/core/data/recipe/label-manual';
import { RecipeError } from '$src/core/data/recipe/handler';
import { rowIds, takeRows } from '$src/core/data/recipe/frame-ops';
import type { Frame } from '$src/core/data/frame';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'label-manual'>;

const frame = makeFrame({
  text: ['good', 'bad', 'meh', 'great', 'awful'],
  label: ['pos', null, null, 'pos', 'neg'],
  score: [1, null, 0, null, 0],
});

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('label by hand', () => {
  it('writes labels by row id into a new text column', () => {
    const before = snapshot(frame);
    const step: Step = { kind: 'label-manual', column: 'mood', labels: { 0: 'happy', 4: 'sad' } };
    expect(labelManualStep.check(step, frame, context())).toBeNull();
    const out = labelManualStep.apply(step, frame, context());
    expect(cells(out, 'mood')).toEqual(['happy', null, null, null, 'sad']);
    expect(info(out, 'mood')).toEqual({ name: 'mood', type: 'text', missing: 3 });
    expect(snapshot(frame)).toEqual(before);
  });

  it('finds rows by id after they moved, ignores ids that are gone, and keeps unlabelled rows', () => {
    const moved = takeRows(frame, [3, 1, 2]);
    const step: Step = { kind: 'label-manual', column: 'label', labels: { 1: 'neg', 2: 'neu', 4: 'gone' } };
    const out = labelManualStep.apply(step, moved, context());
    expect(Array.from(rowIds(out))).toEqual([3, 1, 2]);
    expect(cells(out, 'label')).toEqual(['pos', 'neg', 'neu']);
    expect(info(out, 'label')).toEqual({ name: 'label', type: 'text', missing: 0 });
  });

  it('accepts labels keyed by text, as they come back from JSON', () => {
    const step = JSON.parse(JSON.stringify({ kind: 'label-manual', column: 'label', labels: { 2: 'neu' } })) as Step;
    expect(cells(labelManualStep.apply(step, frame, context()), 'label')).toEqual(['pos', null, 'neu', 'pos', 'neg']);
  });

  it('writes into a non-text column only labels that fit', () => {
    const out = labelManualStep.apply({ kind: 'label-manual', column: 'score', labels: { 1: '1', 3: '0' } }, frame, context());
    expect(cells(out, 'score')).toEqual([1, 1, 0, 0, 0]);
    expect(info(out, 'score')).toEqual({ name: 'score', type: 'integer', missing: 0 });
    expect(labelManualStep.check({ kind: 'label-manual', column: 'score', labels: { 1: 'yes' } }, frame, context()))
      .toBe("'yes' is not a whole number; score holds whole numbers. Pick a label that fits, or write the labels into a new column.");
  });

  it('refuses empty labels, bad row ids and an empty column name', () => {
    const check = (step: Partial<Step>) => labelManualStep.check({ kind: 'label-manual', column: 'label', labels: {}, ...step }, frame, context());
    expect(check({ labels: { 1: '' } })).toBe('A label cannot be empty.');
    expect(check({ labels: { '-1': 'x' } as Record<number, string> })).toBe("'-1' is not a row id.");
    expect(check({ labels: { 'abc': 'x' } as unknown as Record<number, string> })).toBe("'abc' is not a row id.");
    expect(check({ column: ' ' })).toBe('Name the column the labels go into.');
    expect(() => labelManualStep.apply({ kind: 'label-manual', column: 'label', labels: { 1: '' } }, frame, context())).toThrow(RecipeError);
  });

  it('counts labels and finds unlabelled rows', () => {
    expect(labelCounts(frame, 'label')).toEqual([{ value: 'pos', count: 2 }, { value: 'neg', count: 1 }]);
    expect(labelCounts(frame, 'score')).toEqual([{ value: '0', count: 2 }, { value: '1', count: 1 }]);
    expect(labelCounts(frame, 'nothing')).toEqual([]);
    expect(Array.from(unlabelledRows(frame, 'label'))).toEqual([1, 2]);
    expect(Array.from(unlabelledRows(frame, 'score'))).toEqual([1, 3]);
    expect(Array.from(unlabelledRows(frame, 'nothing'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('describes itself', () => {
    expect(labelManualStep.describe({ kind: 'label-manual', column: 'mood', labels: { 0: 'a', 3: 'b' } })).toBe('Label 2 rows by hand in mood');
    expect(labelManualStep.describe({ kind: 'label-manual', column: 'mood', labels: { 0: 'a' } })).toBe('Label 1 row by hand in mood');
  });
});
