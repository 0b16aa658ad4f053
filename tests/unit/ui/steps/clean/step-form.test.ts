import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import { ALL_COLUMNS, buildStep, chooseOperation, emptyForm, typedValue } from '$src/ui/steps/clean/step-form';
import { operations } from '$src/ui/steps/clean/operations';

const columns: ColumnInfo[] = [
  { name: 'species', type: 'text', missing: 0 },
  { name: 'island', type: 'text', missing: 0 },
  { name: 'bill', type: 'number', missing: 2 },
  { name: 'year', type: 'integer', missing: 0 },
];

describe('picking an operation in the Clean step', () => {
  it('starts Remove duplicate rows on All columns, whatever column the form was on', () => {
    const form = emptyForm(columns);
    expect(form.column).toBe('bill');
    const dedupe = chooseOperation(form, 'dedupe', columns);
    expect(dedupe.column).toBe(ALL_COLUMNS);
    expect(buildStep(dedupe, columns, {})).toEqual({ kind: 'dedupe', columns: [] });
    expect(chooseOperation({ ...form, column: 'species' }, 'dedupe', columns).column).toBe(ALL_COLUMNS);
  });

  it('starts every operation over rows on All columns', () => {
    const optional = operations.filter((o) => o.column === 'optional').map((o) => o.kind);
    expect(optional.sort()).toEqual(['dedupe', 'drop-missing']);
    for (const kind of optional) {
      const form = chooseOperation({ ...emptyForm(columns), column: 'year' }, kind, columns);
      expect(form.column).toBe(ALL_COLUMNS);
    }
    expect(buildStep(chooseOperation(emptyForm(columns), 'drop-missing', columns), columns, {})).toEqual({ kind: 'drop-missing', columns: [] });
  });

  it('keeps a chosen column that fits a one-column operation, and otherwise takes the first that does', () => {
    const onYear = { ...emptyForm(columns), kind: 'dedupe' as const, column: ALL_COLUMNS };
    expect(chooseOperation(onYear, 'clip', columns).column).toBe('bill');
    expect(chooseOperation({ ...onYear, column: 'year' }, 'clip', columns).column).toBe('year');
    expect(chooseOperation({ ...onYear, column: 'year' }, 'trim', columns).column).toBe('species');
    expect(chooseOperation({ ...onYear, column: 'island' }, 'trim', columns).column).toBe('island');
    expect(chooseOperation({ ...onYear, column: 'species' }, 'impute', columns).column).toBe('bill');
    expect(chooseOperation({ ...onYear, column: 'island' }, 'rename-column', columns).column).toBe('island');
    expect(chooseOperation(onYear, 'drop-column', columns).column).toBe('species');
  });

  it('keeps what was typed in the other fields', () => {
    const form = { ...emptyForm(columns), strategy: 'mean' as const, k: '3' };
    const after = chooseOperation(form, 'clip', columns);
    expect(after.kind).toBe('clip');
    expect(after.k).toBe('3');
    expect(after.strategy).toBe('mean');
  });
});

const measured: ColumnInfo[] = [
  { name: 'mass', type: 'number', missing: 3 },
  { name: 'island', type: 'text', missing: 0 },
];

describe('the Clean form reads numbers as people type them', () => {
  it('takes a decimal comma in the clip factor and percentiles', () => {
    const form = { ...emptyForm(measured), kind: 'clip' as const, column: 'mass', k: '1,5' };
    expect(buildStep(form, measured, {})).toEqual({ kind: 'clip', column: 'mass', method: 'iqr', k: 1.5 });
    const percentiles = { ...form, clipMethod: 'percentile' as const, lowerPercentile: '2,5', upperPercentile: '97,5' };
    expect(buildStep(percentiles, measured, {})).toEqual({ kind: 'clip', column: 'mass', method: 'percentile', lowerPercentile: 2.5, upperPercentile: 97.5 });
  });

  it('takes a decimal comma in a constant for a numeric column, and leaves text columns as typed', () => {
    expect(typedValue('4 250,5', 'number')).toBe(4250.5);
    expect(typedValue('1,5', 'text')).toBe('1,5');
    const form = { ...emptyForm(measured), kind: 'impute' as const, column: 'mass', strategy: 'constant' as const, constant: '3800,25' };
    expect(buildStep(form, measured, {})).toEqual({ kind: 'impute', column: 'mass', strategy: 'constant', constant: 3800.25 });
  });

  it('leaves what is not a number for the step to refuse', () => {
    const form = { ...emptyForm(measured), kind: 'clip' as const, column: 'mass', k: 'wide' };
    expect(buildStep(form, measured, {})).toMatchObject({ k: NaN });
  });
});

describe('the Clean form on arrival', () => {
  it('starts on a column and a strategy that fit, so the first preview is not a complaint', () => {
    const cleaned: ColumnInfo[] = [
      { name: 'when', type: 'date', missing: 0 },
      { name: 'school', type: 'text', missing: 0 },
      { name: 'temperature', type: 'number', missing: 0 },
    ];
    expect(emptyForm(cleaned)).toMatchObject({ kind: 'impute', column: 'temperature', strategy: 'median' });
    const gaps: ColumnInfo[] = [...cleaned.slice(0, 1), { name: 'school', type: 'text', missing: 4 }, cleaned[2]];
    expect(emptyForm(gaps)).toMatchObject({ column: 'school', strategy: 'most-frequent' });
  });
});
