/** Pearson's chi-square goodness-of-fit test, with small cells pooled. */
import { chiSquareSurvival } from './gamma';

/** Expected count a chi-square cell needs; smaller cells are merged (see {@link chiSquareTest}). */
export const MIN_EXPECTED_COUNT = 5;

/**
 * Pearson's chi-square goodness-of-fit test: do the observed counts follow the expected shares?
 * Expected counts are Eᵢ = shareᵢ · N (shares are normalised to sum to 1, N = Σ observed);
 * χ² = Σ (Oᵢ − Eᵢ)² / Eᵢ with df = cells − 1 and p = Q(df/2, χ²/2).
 *
 * The χ² approximation needs expected counts of at least 5, so every cell with Eᵢ < 5 is merged
 * into one 'other' cell (counts and expectations added). If that pooled cell still expects fewer
 * than 5, it is merged into the remaining cell with the smallest expectation. A pooled cell that
 * observed and expected nothing is dropped. With fewer than two cells left there is nothing to
 * test: χ² = 0, df = 0, p = 1. With no observations at all, χ² and p are NaN.
 */
export function chiSquareTest(expectedShares: ArrayLike<number>, observedCounts: ArrayLike<number>): { statistic: number; df: number; pValue: number } {
  if (expectedShares.length !== observedCounts.length) {
    throw new Error(`Chi-square needs one expected share per observed count: ${expectedShares.length} shares but ${observedCounts.length} counts.`);
  }
  let total = 0;
  let shareSum = 0;
  for (let i = 0; i < observedCounts.length; i++) {
    total += observedCounts[i];
    shareSum += expectedShares[i];
  }
  if (!(total > 0) || !(shareSum > 0)) return { statistic: NaN, df: 0, pValue: NaN };
  const cells: { observed: number; expected: number }[] = [];
  const pooled = { observed: 0, expected: 0 };
  for (let i = 0; i < observedCounts.length; i++) {
    const expected = (expectedShares[i] / shareSum) * total;
    if (expected < MIN_EXPECTED_COUNT) {
      pooled.observed += observedCounts[i];
      pooled.expected += expected;
    } else cells.push({ observed: observedCounts[i], expected });
  }
  if (pooled.expected >= MIN_EXPECTED_COUNT) cells.push(pooled);
  else if (pooled.observed > 0 || pooled.expected > 0) {
    if (cells.length === 0) cells.push(pooled);
    else {
      let smallest = 0;
      for (let i = 1; i < cells.length; i++) if (cells[i].expected < cells[smallest].expected) smallest = i;
      cells[smallest] = { observed: cells[smallest].observed + pooled.observed, expected: cells[smallest].expected + pooled.expected };
    }
  }
  if (cells.length < 2) return { statistic: 0, df: 0, pValue: 1 };
  let statistic = 0;
  for (const { observed, expected } of cells) statistic += ((observed - expected) * (observed - expected)) / expected;
  const df = cells.length - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df) };
}
