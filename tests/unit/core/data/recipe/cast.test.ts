import { describe, expect, it } from 'vitest';
import { castStep, countCastFailures } from '$src/core/data/recipe/cast';
import type { ColumnType } from '$src/core/data/columns';
import type { DateFormat } from '$src/core/data/recipe/steps';
import { applyNewStep, baseFrame, replayRecipe } from '$src/core/data/recipe/replay';
import { cells, context, info, makeFrame } from './helpers';

describe('cast', () => {
  const frame = makeFrame({
    t: [' 42 ', '3.5', 'abc', 'NA', null, '007'],
    i: [1, 0, 2, null, 5, -3],
    f: [1.5, 2, null, 0, 1, 3],
    b: [true, false, null, true, false, true],
    d: ['2024-01-02', '2024-01-02T10:30:00Z', null, '2024-02-29', '1970-01-01', '2000-12-31'],
    dt: ['2024-01-02', 'tomorrow', 'true', 'FALSE', '2024-02-30', null],
  }, { d: 'date', f: 'number' });
  const ctx = context();
  const cast = (column: string, to: ColumnType) => castStep.apply({ kind: 'cast', column, to }, frame, ctx);

  it('reads text by the ingest token rules; failures become missing and are counted', () => {
    const out = cast('t', 'number');
    expect(cells(out, 't')).toEqual([42, 3.5, null, null, null, 7]);
    expect(info(out, 't')).toEqual({ name: 't', type: 'number', missing: 3 });
    expect(countCastFailures(frame, 't', 'number')).toBe(1); // 'abc'; 'NA' is missing, not a failure
    expect(cells(cast('t', 'integer'), 't')).toEqual([42, null, null, null, null, 7]);
    expect(countCastFailures(frame, 't', 'integer')).toBe(2);
    expect(cells(cast('dt', 'boolean'), 'dt')).toEqual([null, null, true, false, null, null]);
    expect(countCastFailures(frame, 'dt', 'boolean')).toBe(3);
    expect(cells(cast('dt', 'date'), 'dt')).toEqual(['2024-01-02T00:00:00.000Z', null, null, null, null, null]);
    expect(countCastFailures(frame, 'dt', 'date')).toBe(4); // 2024-02-30 is no date
  });

  it('turns values into the text ingest would have read', () => {
    expect(cells(cast('i', 'text'), 'i')).toEqual(['1', '0', '2', null, '5', '-3']);
    expect(cells(cast('f', 'text'), 'f')).toEqual(['1.5', '2', null, '0', '1', '3']);
    expect(cells(cast('b', 'text'), 'b')).toEqual(['true', 'false', null, 'true', 'false', 'true']);
    expect(cells(cast('d', 'text'), 'd')).toEqual(['2024-01-02', '2024-01-02T10:30:00.000Z', null, '2024-02-29', '1970-01-01', '2000-12-31']);
    expect(info(cast('d', 'text'), 'd')).toEqual({ name: 'd', type: 'text', missing: 1 });
  });

  it('converts between typed columns without guessing', () => {
    // Whole numbers only: 1.5 does not fit an integer column (nothing is rounded silently).
    expect(cells(cast('f', 'integer'), 'f')).toEqual([null, 2, null, 0, 1, 3]);
    expect(countCastFailures(frame, 'f', 'integer')).toBe(1);
    expect(info(cast('i', 'number'), 'i')).toEqual({ name: 'i', type: 'number', missing: 1 });
    expect(countCastFailures(frame, 'i', 'number')).toBe(0);
    // Numbers ↔ booleans as 1/0; other numbers do not fit.
    expect(cells(cast('i', 'boolean'), 'i')).toEqual([true, false, null, null, null, null]);
    expect(countCastFailures(frame, 'i', 'boolean')).toBe(3);
    expect(cells(cast('b', 'integer'), 'b')).toEqual([1, 0, null, 1, 0, 1]);
    // Dates ↔ numbers as milliseconds since 1970-01-01 UTC.
    expect(cells(cast('d', 'number'), 'd')[4]).toBe(0);
    expect(cells(cast('d', 'number'), 'd')[0]).toBe(Date.UTC(2024, 0, 2));
    expect(cells(cast('i', 'date'), 'i')[0]).toBe('1970-01-01T00:00:00.001Z');
  });

  it('refuses a cast to the same type, between booleans and dates, and unknown columns', () => {
    expect(castStep.check({ kind: 'cast', column: 'f', to: 'number' }, frame, ctx)).toBe('f already holds numbers.');
    expect(castStep.check({ kind: 'cast', column: 'b', to: 'date' }, frame, ctx)).toBe('True/false values cannot become dates; b holds true/false values.');
    expect(castStep.check({ kind: 'cast', column: 'd', to: 'boolean' }, frame, ctx)).toBe('Dates cannot become true/false values; d holds dates.');
    expect(castStep.check({ kind: 'cast', column: 'q', to: 'text' }, frame, ctx)).toBe('There is no column q (any more).');
    expect(castStep.check({ kind: 'cast', column: 'i', to: 'number' }, frame, ctx)).toBeNull();
  });

  it('describes itself', () => {
    expect(castStep.describe({ kind: 'cast', column: 'age', to: 'integer' })).toBe('Cast age to whole numbers');
    expect(castStep.describe({ kind: 'cast', column: 'when', to: 'date' })).toBe('Cast when to dates');
  });
});

describe('cast to date with a format', () => {
  const frame = makeFrame({ w: ['05/06/2025', '12/24/2025', '24.12.2025', '2025-12-24', 'NA', '24/12/2025 10:30', 'soon'] });
  const ctx = context();
  const apply = (dateFormat?: DateFormat) => castStep.apply({ kind: 'cast', column: 'w', to: 'date', ...(dateFormat ? { dateFormat } : {}) }, frame, ctx);
  const day = (iso: string) => `${iso}T00:00:00.000Z`;

  it('Auto reads every common form (day first where either fits); a named format reads only its own form, in its order', () => {
    expect(cells(apply('auto'), 'w')).toEqual([day('2025-06-05'), day('2025-12-24'), day('2025-12-24'), day('2025-12-24'), null, '2025-12-24T10:30:00.000Z', null]);
    expect(cells(apply(), 'w')).toEqual(cells(apply('auto'), 'w'));
    expect(cells(apply('MM/DD/YYYY'), 'w')).toEqual([day('2025-05-06'), day('2025-12-24'), null, null, null, null, null]);
    expect(cells(apply('DD/MM/YYYY'), 'w')).toEqual([day('2025-06-05'), null, null, null, null, '2025-12-24T10:30:00.000Z', null]);
    expect(cells(apply('DD.MM.YYYY'), 'w')).toEqual([null, null, day('2025-12-24'), null, null, null, null]);
    expect(cells(apply('YYYY-MM-DD'), 'w')).toEqual([null, null, null, day('2025-12-24'), null, null, null]);
  });

  it('counts the values that do not fit the format as failures (NA is missing, not a failure), and says the format', () => {
    expect(countCastFailures(frame, 'w', 'date', 'auto')).toBe(1);
    expect(countCastFailures(frame, 'w', 'date', 'MM/DD/YYYY')).toBe(4);
    expect(countCastFailures(frame, 'w', 'date', 'DD.MM.YYYY')).toBe(5);
    expect(info(apply('MM/DD/YYYY'), 'w')).toEqual({ name: 'w', type: 'date', missing: 5 });
    expect(castStep.describe({ kind: 'cast', column: 'w', to: 'date', dateFormat: 'DD.MM.YYYY' })).toBe('Cast w to dates written DD.MM.YYYY');
    expect(castStep.describe({ kind: 'cast', column: 'w', to: 'date', dateFormat: 'auto' })).toBe('Cast w to dates');
  });

  it('is replayed with its format and refuses a format it does not know', () => {
    const step = { kind: 'cast' as const, column: 'w', to: 'date' as const, dateFormat: 'MM/DD/YYYY' as const };
    const replayed = replayRecipe(baseFrame(frame.table, frame.columns), [step], ctx);
    expect(cells(replayed, 'w')).toEqual(cells(apply('MM/DD/YYYY'), 'w'));
    expect(castStep.check({ ...step, dateFormat: 'YY/MM/DD' as DateFormat }, frame, ctx)).toBe('"YY/MM/DD" is not a date format the studio knows; choose one of auto, YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY.');
  });

  it('previews and applies with the failures counted', () => {
    const effect = applyNewStep(baseFrame(frame.table, frame.columns), { kind: 'cast', column: 'w', to: 'date', dateFormat: 'DD/MM/YYYY' }, ctx).effect;
    expect(effect.castFailures).toBe(4);
  });
});
