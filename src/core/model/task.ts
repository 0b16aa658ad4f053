/**
 * Which column to predict and which task it suggests, and why, in words the studio shows beside
 * the choice. Explore (for the target's relations and warnings) and Train (for the Target and Task
 * fields) ask these functions, so the two steps never disagree.
 *
 * Text and boolean targets are classes. An integer target with few different values is classes
 * too: digits 0–9, 0/1 labels, ratings 1–5 are names of classes written as numbers, and treating
 * them as quantities would let a model predict 3.4 for a digit. Decimal numbers, dates and integers
 * with many values are quantities to predict.
 */
import type { ColumnType } from '../data/columns';
import { findSample } from '../data/samples';
import type { Task } from './types';

/** An integer target with at most this many different values is suggested as classes. */
export const MAX_INTEGER_CLASSES = 20;

export interface TaskSuggestion {
  task: Task;
  /** Why, in plain words: "10 distinct integers: looks like classes". */
  reason: string;
}

/**
 * Suggests the task for a target column of type `type` whose cells are `values` (missing cells —
 * null, undefined, NaN — are ignored; only integer columns are read, and only until the limit).
 */
export function suggestTask(type: ColumnType, values: ArrayLike<unknown>): TaskSuggestion {
  switch (type) {
    case 'text':
      return { task: 'classification', reason: 'text values: each different value is a class' };
    case 'boolean':
      return { task: 'classification', reason: 'true/false values: two classes' };
    case 'date':
      return { task: 'regression', reason: 'dates: a quantity to predict' };
    case 'number':
      return { task: 'regression', reason: 'numbers with decimals: a quantity to predict' };
    case 'integer': {
      const distinct = countDistinct(values, MAX_INTEGER_CLASSES);
      if (distinct === 0) return { task: 'regression', reason: 'no values yet: treated as a quantity' };
      if (distinct <= MAX_INTEGER_CLASSES) {
        return { task: 'classification', reason: `${distinct} distinct integer${distinct === 1 ? '' : 's'}: looks like classes` };
      }
      return { task: 'regression', reason: `more than ${MAX_INTEGER_CLASSES} distinct integers: looks like a quantity to predict` };
    }
  }
}

/** Column names that usually hold what is to be predicted, in the order they are preferred. */
const TARGET_NAMES = ['label', 'target', 'y', 'class', 'cluster'];

/** Where a dataset came from, as far as targets go: a bundled sample names its own. */
export interface TargetSource {
  kind: string;
  sample?: string;
}

/**
 * The target a bundled sample was chosen for (penguins: Species), when the data is that sample
 * and still has the column; null otherwise, where only the person can say.
 */
export function knownTarget(source: TargetSource, columns: readonly string[]): string | null {
  const known = source.kind === 'sample' && source.sample !== undefined ? findSample(source.sample)?.suggestedTarget.column : undefined;
  return known !== undefined && columns.includes(known) ? known : null;
}

/**
 * A first guess at the column to predict, for a form that needs one: the sample's known target,
 * else a column named like a target (label, target, y, class, cluster), else the last column;
 * '' when there are no columns.
 */
export function suggestTarget(source: TargetSource, columns: readonly string[]): string {
  const known = knownTarget(source, columns);
  if (known !== null) return known;
  return TARGET_NAMES.find((name) => columns.includes(name)) ?? columns[columns.length - 1] ?? '';
}

/** The number of different present values, counting no further than `limit + 1`. */
export function countDistinct(values: ArrayLike<unknown>, limit: number): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v !== v) continue;
    seen.add(v);
    if (seen.size > limit) break;
  }
  return seen.size;
}
