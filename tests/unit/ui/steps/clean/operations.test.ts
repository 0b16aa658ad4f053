import { describe, expect, it } from 'vitest';
import { STEP_LABELS } from '$src/core/data/recipe/step-labels';
import { operations } from '$src/ui/steps/clean/operations';

describe('the Clean menu', () => {
  it('lists the cleaning operations in order, named as the core names their step kinds', () => {
    expect(operations.map((o) => o.label)).toEqual([
      'Impute missing values',
      'Drop rows with missing values',
      'Drop column',
      'Rename column',
      'Remove duplicate rows',
      'Cast type',
      'Clip outliers',
      'Filter rows',
      'Derive column',
      'Trim text',
      'Replace values',
      'Append rows of another dataset',
      'Join another dataset',
    ]);
    for (const operation of operations) expect(operation.label).toBe(STEP_LABELS[operation.kind]);
  });

  it('leaves labelling to the Label step', () => {
    expect(operations.some((o) => o.kind === 'label-rule' || o.kind === 'label-manual')).toBe(false);
  });
});
