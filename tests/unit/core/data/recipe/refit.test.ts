import { describe, expect, it } from 'vitest';
import { rowIds } from '$src/core/data/recipe/frame-ops';
import { refitRecipe } from '$src/core/data/recipe/refit';
import { StaleStepError, applyNewStep, describeStep, replayRecipe } from '$src/core/data/recipe/replay';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import { cells, context, makeFrame } from './helpers';

// Rows 0–5 are train rows; 6–9 are validation or test rows with extreme values, which a
// statistic fitted on all rows would carry into training.
const TRAIN = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
function base() {
  return makeFrame({
    x: [1, null, 3, 4, null, 6, 100, 200, null, 300],
    y: [1.5, 2.5, 2, 3, 2.5, 4, 50, 60, 70, 80],
  }, { x: 'number', y: 'number' });
}

/** The recipe as the Clean step stores it before any split: fitted on all rows. */
function appliedOnAllRows(steps: RecipeStep[]): RecipeStep[] {
  let frame = base();
  return steps.map((step) => {
    const result = applyNewStep(frame, step, context());
    frame = result.frame;
    return result.step;
  });
}

const RECIPE: RecipeStep[] = [
  { kind: 'impute', column: 'x', strategy: 'median' },
  // Clipped after imputing: the bounds must come from the refitted imputation's output.
  { kind: 'clip', column: 'x', method: 'iqr' },
  { kind: 'impute', column: 'y', strategy: 'constant', constant: 0 },
  { kind: 'clip', column: 'y', method: 'percentile', lowerPercentile: 10, upperPercentile: 90 },
];

describe('refitRecipe', () => {
  it('fits every step that learns from data again on the train rows, in recipe order', () => {
    const stored = appliedOnAllRows(RECIPE);
    expect(stored[0]).toMatchObject({ fitted: { value: 6, from: 'all', rows: 7 } });
    expect(describeStep(stored[0])).toBe('Impute x with the median (6, from 7 rows; refitted on the train part when the data is split)');

    const { steps, frame } = refitRecipe(base(), stored, context(TRAIN));
    // Train values of x: 1, 3, 4, 6 → median 3.5.
    expect(steps[0]).toEqual({ kind: 'impute', column: 'x', strategy: 'median', fitted: { value: 3.5, from: 'train', rows: 4 } });
    // Then x on the train rows is 1, 3.5, 3, 4, 3.5, 6: Q1 = 3.125, Q3 = 3.875, IQR = 0.75.
    expect(steps[1]).toEqual({ kind: 'clip', column: 'x', method: 'iqr', fitted: { lower: 2, upper: 5, from: 'train', rows: 6 } });
    expect(describeStep(steps[1])).toBe('Clip x to [2, 5] (IQR rule, k = 1.5, from 6 train rows)');
    expect(steps[2]).toEqual(RECIPE[2]);
    // y on the train rows: 1.5, 2.5, 2, 3, 2.5, 4 → 10th percentile 1.75, 90th 3.5.
    expect(steps[3]).toMatchObject({ fitted: { lower: 1.75, upper: 3.5, from: 'train', rows: 6 } });
    expect(cells(frame, 'x')).toEqual([2, 3.5, 3, 4, 3.5, 5, 5, 5, 3.5, 5]);
    // The same frame as replaying the refitted steps.
    expect(cells(replayRecipe(base(), steps, context(TRAIN)), 'x')).toEqual(cells(frame, 'x'));
  });

  it('gives the all-rows fits back without a split, and changes values, never row ids', () => {
    const stored = appliedOnAllRows(RECIPE);
    const onTrain = refitRecipe(base(), stored, context(TRAIN));
    const again = refitRecipe(base(), onTrain.steps, context());
    expect(again.steps).toEqual(stored);
    expect(Array.from(rowIds(onTrain.frame))).toEqual(Array.from(rowIds(again.frame)));
  });

  it('names the step that cannot be fitted on the train part', () => {
    const stored = appliedOnAllRows([{ kind: 'impute', column: 'x', strategy: 'mean' }]);
    const noTrainValues = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0];
    const error = (() => {
      try {
        refitRecipe(base(), stored, context(noTrainValues));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(StaleStepError);
    expect((error as StaleStepError).index).toBe(0);
    expect((error as StaleStepError).reason).toBe('x has no values on the train rows to compute the mean from.');
  });

  it('keeps the row ids an append gave, whatever the split, and pins older appends where they were', () => {
    const other = makeFrame({ x: [7, 8], y: [1, 1] }, { x: 'number', y: 'number' });
    const datasets = { other };
    const split = (train: number[]) => ({ ...context(train, datasets) });
    const applied = applyNewStep(base(), { kind: 'append', datasetId: 'other', datasetName: 'other' }, split(TRAIN));
    expect(applied.step).toEqual({ kind: 'append', datasetId: 'other', datasetName: 'other', firstRowId: 10 });
    // A later split covers the appended rows too; ids must not move past it.
    const wider = [...TRAIN, 1, 0, 0, 0];
    const refit = refitRecipe(base(), [applied.step], split(wider));
    expect(Array.from(rowIds(refit.frame)).slice(10)).toEqual([10, 11]);
    // An append stored before ids were pinned is pinned in the context it was replayed in.
    const legacy: RecipeStep = { kind: 'append', datasetId: 'other', datasetName: 'other' };
    const pinned = refitRecipe(base(), [legacy], split(wider), { pinIn: split(TRAIN) });
    expect(pinned.steps[0]).toEqual(applied.step);
    expect(Array.from(rowIds(pinned.frame)).slice(10)).toEqual([10, 11]);
  });
});
