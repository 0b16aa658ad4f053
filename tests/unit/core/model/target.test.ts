import { describe, expect, it } from 'vitest';
import { className, encodeLabels, encodeTarget, MAX_CLASSES } from '$src/core/model/target';
import { makeFrame } from '../data/recipe/helpers';
import { expectModelError } from '../../helpers/errors';

describe('encodeTarget: classification', () => {
  it('sorts text classes in code-unit order and encodes class indices', () => {
    const frame = makeFrame({ y: ['b', 'a', 'B', 'b', 'a'] });
    const t = encodeTarget(frame, 'y', 'classification', [0, 1, 2, 3, 4]);
    expect(t.encoding).toEqual({ task: 'classification', column: 'y', classes: ['B', 'a', 'b'] });
    expect(Array.from(t.y)).toEqual([2, 1, 0, 2, 1]);
    expect(Array.from(t.positions)).toEqual([0, 1, 2, 3, 4]);
    expect(t.missing).toBe(0);
  });

  it('sorts integer classes in numeric order (2 before 10)', () => {
    const frame = makeFrame({ y: [10, 2, 1, 2, 10] });
    const t = encodeTarget(frame, 'y', 'classification', [0, 1, 2, 3, 4]);
    expect(t.encoding.classes).toEqual(['1', '2', '10']);
    expect(Array.from(t.y)).toEqual([2, 1, 0, 1, 2]);
  });

  it('names boolean classes false/true', () => {
    const frame = makeFrame({ y: [true, false, true] });
    const t = encodeTarget(frame, 'y', 'classification', [0, 1, 2]);
    expect(t.encoding.classes).toEqual(['false', 'true']);
    expect(Array.from(t.y)).toEqual([1, 0, 1]);
  });

  it('takes classes from the given (train) rows only', () => {
    const frame = makeFrame({ y: ['a', 'b', 'a', 'c', 'd'] });
    expect(encodeTarget(frame, 'y', 'classification', [0, 1, 2]).encoding.classes).toEqual(['a', 'b']);
  });

  it('leaves out rows with a missing target and says which rows were kept', () => {
    const frame = makeFrame({ y: ['a', null, 'b', 'a', null, 'b'] });
    const t = encodeTarget(frame, 'y', 'classification', [5, 4, 3, 2, 1, 0]);
    expect(Array.from(t.positions)).toEqual([5, 3, 2, 0]);
    expect(Array.from(t.y)).toEqual([1, 0, 1, 0]);
    expect(t.missing).toBe(2);
  });

  it('refuses one class only, naming it', () => {
    const frame = makeFrame({ y: ['Adelie', 'Adelie', 'Gentoo'] });
    expectModelError(() => encodeTarget(frame, 'y', 'classification', [0, 1]), /The target y has only one class \('Adelie'\) in the train part/);
  });

  it('refuses a target missing in more than half of the train rows', () => {
    const frame = makeFrame({ y: ['a', null, null, 'b', 'a'] });
    expectModelError(() => encodeTarget(frame, 'y', 'classification', [0, 1, 2]), /missing in 2 train rows of 3 \(67%\)/);
    // Exactly half is still allowed.
    expect(encodeTarget(frame, 'y', 'classification', [0, 1, 2, 3]).missing).toBe(2);
  });

  it('refuses a target column the data does not have', () => {
    expectModelError(() => encodeTarget(makeFrame({ x: [1] }), 'y', 'classification', [0]), /There is no column y in the data/);
  });

  it('refuses more classes than it can handle', () => {
    const n = MAX_CLASSES + 1;
    const frame = makeFrame({ y: Array.from({ length: n }, (_, i) => i + 0.5) });
    expectModelError(() => encodeTarget(frame, 'y', 'classification', Array.from({ length: n }, (_, i) => i)), /101 different values .* choose regression/);
  });
});

describe('encodeTarget: regression', () => {
  it('gives the target values, leaving out missing ones', () => {
    const frame = makeFrame({ y: [1.5, null, 3, -2] });
    const t = encodeTarget(frame, 'y', 'regression', [0, 1, 2, 3]);
    expect(t.encoding).toEqual({ task: 'regression', column: 'y', classes: [] });
    expect(Array.from(t.y)).toEqual([1.5, 3, -2]);
    expect(Array.from(t.positions)).toEqual([0, 2, 3]);
    expect(t.missing).toBe(1);
  });

  it('refuses a target that is not numeric', () => {
    expectModelError(() => encodeTarget(makeFrame({ y: ['a', 'b'] }), 'y', 'regression', [0, 1]), /The target y holds text; regression predicts a number/);
    expectModelError(() => encodeTarget(makeFrame({ y: [true, false] }), 'y', 'regression', [0, 1]), /holds true\/false values/);
  });

  it('refuses a target with one value in every train row', () => {
    expectModelError(() => encodeTarget(makeFrame({ y: [3, 3, null, 4] }), 'y', 'regression', [0, 1, 2]), /the same value \('3'\) in every train row/);
  });
});

describe('encodeLabels', () => {
  it('encodes other rows with the train classes, leaving out missing and unseen classes', () => {
    const frame = makeFrame({ y: ['a', 'b', 'a', 'c', null, 'b'] });
    const { encoding } = encodeTarget(frame, 'y', 'classification', [0, 1, 2]);
    const labels = encodeLabels(frame, encoding, [3, 4, 5]);
    expect(Array.from(labels.y)).toEqual([1]);
    expect(Array.from(labels.positions)).toEqual([5]);
    expect(labels.missing).toBe(1);
    expect(labels.unseen).toBe(1);
  });

  it('names classes as the column writes them', () => {
    expect(className(2)).toBe('2');
    expect(className(true)).toBe('true');
    expect(className(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02');
    expect(className(NaN)).toBeNull();
    expect(className(null)).toBeNull();
  });
});
