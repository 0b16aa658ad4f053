import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../../../src/core/data/columns';
import { ALL_COLUMNS, buildStep, chooseOperation, emptyForm } from '../../../../../src/ui/steps/clean/step-form';
import { operations } from '../../../../../src/ui/steps/clean/operations';

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
