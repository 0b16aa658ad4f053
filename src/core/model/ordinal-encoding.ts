/**
 * How tree models take a categorical column: one design column holding an ordinal code, the
 * categories ordered on the train part, instead of a wide one-hot (chosen by measurement:
 * docs/tree-encoding.md).
 *
 * The order:
 * - binary or regression target: by the category's train target mean (the share of the second
 *   class, or the mean value), pulled towards the overall mean by `TARGET_MEAN_PRIOR_ROWS` rows
 *   so a category seen in a few rows is not ordered as an extreme; ties in code-unit order. For
 *   these targets the best split of the categories into two groups is one of the cuts of this
 *   order (Fisher 1958; Breiman et al. 1984, CART), so one threshold `code ≤ t` reaches what a native category split
 *   reaches.
 * - multiclass target: no single mean orders the classes' shares, so by train frequency (most
 *   frequent first; ties in code-unit order), as the one-hot keeps them.
 *
 * Which categories get a code: those seen in at least `minCount` train rows (as the one-hot's
 * columns), with no cap on their number (the code is one column; binning merges neighbouring
 * codes beyond 254). The most frequent value always gets one, so a feature never has none.
 * Everything else, a missing value, a rare value and a value never seen in training, is NaN in
 * the design column: the tree sends it the learned missing direction of each split (and, where
 * training saw no missing value at a split, the way most train rows went).
 */
import type { ColumnType } from '../data/columns';
import { isTreeModelKind, type CategoricalFeature, type ModelKind, type Task } from './types';

/** Rows of prior weight in a category's target mean (see the top of this file). */
export const TARGET_MEAN_PRIOR_ROWS = 10;

/** Whether a model of this kind takes tree preprocessing (raw numbers, ordinal categories). */
export function usesTreeEncoding(kind: ModelKind | undefined): boolean {
  return kind !== undefined && isTreeModelKind(kind);
}

/** The train target, row for row with the train positions the preprocessing is fitted on. */
export interface EncodingTarget {
  task: Task;
  /** Class index (classification) or value (regression), one per train row. */
  y: ArrayLike<number>;
  /** Classification: the number of classes (2 orders by the target mean, more by frequency). */
  classes: number;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The categories of one column in code order. `cells` are the train rows' values as the
 * categorical input holds them ('' = missing), row for row with `target.y`.
 */
export function orderCategories(cells: readonly string[], target: EncodingTarget, minCount: number): string[] {
  const counts = new Map<string, number>();
  const sums = new Map<string, number>();
  let total = 0;
  let rows = 0;
  for (let k = 0; k < cells.length; k++) {
    const s = cells[k];
    if (s === '') continue;
    const y = target.y[k];
    counts.set(s, (counts.get(s) ?? 0) + 1);
    sums.set(s, (sums.get(s) ?? 0) + y);
    total += y;
    rows++;
  }
  if (counts.size === 0) return [];
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
  const kept = ranked.filter(([, n], i) => n >= minCount || i === 0).map(([value]) => value);
  if (target.task === 'classification' && target.classes > 2) return kept;
  const prior = total / rows;
  const mean = new Map<string, number>();
  for (const c of kept) mean.set(c, (sums.get(c)! + TARGET_MEAN_PRIOR_ROWS * prior) / (counts.get(c)! + TARGET_MEAN_PRIOR_ROWS));
  return kept.sort((a, b) => mean.get(a)! - mean.get(b)! || byText(a, b));
}

/**
 * An ordinal categorical feature fitted on the train cells (see `orderCategories`); `impute`
 * is the most frequent train value, kept as the typical value serving shows.
 */
export function fitOrdinalFeature(name: string, sourceType: ColumnType, cells: readonly string[], target: EncodingTarget, minCount: number): CategoricalFeature | null {
  const categories = orderCategories(cells, target, minCount);
  if (categories.length === 0) return null;
  const counts = new Map<string, number>();
  for (const s of cells) if (s !== '') counts.set(s, (counts.get(s) ?? 0) + 1);
  const impute = [...counts].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0][0];
  return { kind: 'categorical', name, sourceType, impute, categories, other: false, encoding: 'ordinal' };
}

/** The design value of each category of an ordinal feature: its index. Others are NaN. */
export function ordinalCodes(feature: CategoricalFeature): Map<string, number> {
  return new Map(feature.categories.map((c, i) => [c, i]));
}

/** One raw categorical input ('' = missing) as an ordinal feature's design value. */
export function ordinalCode(codes: ReadonlyMap<string, number>, input: string): number {
  return codes.get(input) ?? NaN;
}

/**
 * The categories a split `code ≤ threshold` on an ordinal feature sends left, in code order.
 * Missing, rare and unseen values are not among them: they go the split's missing direction.
 * Empty for a feature that is not ordinal.
 */
export function categoriesAtOrBelow(feature: CategoricalFeature, threshold: number): string[] {
  if (feature.encoding !== 'ordinal') return [];
  return feature.categories.filter((_, code) => code <= threshold);
}
