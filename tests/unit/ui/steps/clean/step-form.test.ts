import { describe, expect, it } from 'vitest';
import { buildStep, emptyForm, typedValue } from '../../../../../src/ui/steps/clean/step-form';
import type { ColumnInfo } from '../../../../../src/core/data/columns';

const columns: ColumnInfo[] = [
  { name: 'mass', type: 'number', missing: 3 },
  { name: 'island', type: 'text', missing: 0 },
];

describe('the Clean form reads numbers as people type them', () => {
  it('takes a decimal comma in the clip factor and percentiles', () => {
    const form = { ...emptyForm(columns), kind: 'clip' as const, column: 'mass', k: '1,5' };
    expect(buildStep(form, columns, {})).toEqual({ kind: 'clip', column: 'mass', method: 'iqr', k: 1.5 });
    const percentiles = { ...form, clipMethod: 'percentile' as const, lowerPercentile: '2,5', upperPercentile: '97,5' };
    expect(buildStep(percentiles, columns, {})).toEqual({ kind: 'clip', column: 'mass', method: 'percentile', lowerPercentile: 2.5, upperPercentile: 97.5 });
  });

  it('takes a decimal comma in a constant for a numeric column, and leaves text columns as typed', () => {
    expect(typedValue('4 250,5', 'number')).toBe(4250.5);
    expect(typedValue('1,5', 'text')).toBe('1,5');
    const form = { ...emptyForm(columns), kind: 'impute' as const, column: 'mass', strategy: 'constant' as const, constant: '3800,25' };
    expect(buildStep(form, columns, {})).toEqual({ kind: 'impute', column: 'mass', strategy: 'constant', constant: 3800.25 });
  });

  it('leaves what is not a number for the step to refuse', () => {
    const form = { ...emptyForm(columns), kind: 'clip' as const, column: 'mass', k: 'wide' };
    expect(buildStep(form, columns, {})).toMatchObject({ k: NaN });
  });
});
