/**
 * Which type a column's cells call for, from the counts of each kind of cell over ALL of them:
 * - A column is integer, number, boolean or date when at most 2% of its non-missing values do not
 *   fit that type (floor(2% × count), so below 50 values every value must fit).
 * - Integer: every number is a whole number within ±2^53. A whole-number column where some values
 *   have leading zeros (00501) or more digits than a double holds is kept as text: those are codes.
 * - Otherwise the column is text. A column with no values at all is text.
 */
import type { ColumnType } from '../columns';
import { TokenKind } from './tokens';

/** How many values may miss a type for the column still to get it. */
export function allowedMisfits(nonMissing: number): number {
  return Math.floor(0.02 * nonMissing);
}

/** The column's type from `counts` (cells per `TokenKind`) of its `nonMissing` values. */
export function chooseType(counts: ArrayLike<number>, nonMissing: number): ColumnType {
  const n = nonMissing;
  if (n === 0) return 'text';
  const allowed = allowedMisfits(n);
  const c = counts;
  const numeric = c[TokenKind.Integer] + c[TokenKind.Number] + c[TokenKind.Code];
  if (n - numeric <= allowed) {
    if (c[TokenKind.Number] > 0) return 'number';
    return c[TokenKind.Code] > 0 ? 'text' : 'integer';
  }
  if (n - c[TokenKind.Boolean] <= allowed) return 'boolean';
  if (n - c[TokenKind.Date] <= allowed) return 'date';
  return 'text';
}

/** How many of the counted cells fit `type`. */
export function fittingCount(counts: ArrayLike<number>, type: ColumnType): number {
  const c = counts;
  if (type === 'boolean') return c[TokenKind.Boolean];
  if (type === 'date') return c[TokenKind.Date];
  return c[TokenKind.Integer] + c[TokenKind.Number] + c[TokenKind.Code];
}
