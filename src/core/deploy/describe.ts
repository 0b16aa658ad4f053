/**
 * Plain explanations for the Monitor page: what PSI, the KS test and the chi-square test measure,
 * how the studio decides drift and retraining, and short readings of single results. The studio
 * teaches, so each number on the page can be read with one of these sentences next to it.
 */
import type { DriftThresholds, FeatureDrift } from './drift';
import { DEFAULT_THRESHOLDS, driftCause, formatStat } from './drift';
import { binLabels, referenceShares } from './reference';
import type { FeatureReference } from './reference';
import { formatShare } from '../data/profile/format';

export const PSI_EXPLANATION =
  'The Population Stability Index (PSI) measures how far a column’s distribution has moved. The training values are cut into bins ' +
  '(ten bins of equal training share for numbers, one per category for text, plus one for missing values), and for each bin the ' +
  'share of live rows is compared with the share of training rows: PSI = Σ (live − training) × ln(live ÷ training). It is 0 when ' +
  'the shares are identical and grows with every bin that gained or lost rows. As a rule of thumb, below 0.1 is stable, 0.1 to 0.2 ' +
  'is some shift, and above 0.2 is a significant shift. An empty bin counts as a share of 0.0001 so the index stays finite.';

export const KS_EXPLANATION =
  'The Kolmogorov–Smirnov (KS) test compares two sets of numbers. It lines up both sets from smallest to largest and finds the ' +
  'biggest gap between the share of training values and the share of live values below the same point: that gap, D, is between ' +
  '0 (same distribution) and 1 (no overlap at all). Its p-value is the chance of a gap at least this big if the live data came ' +
  'from the same distribution as the training data; a small p-value (e.g. below 0.01) says the difference is unlikely to be chance.';

export const CHI_SQUARE_EXPLANATION =
  'The chi-square test compares category counts. From the training shares it works out how many live rows each category should ' +
  'have, and adds up (observed − expected)² ÷ expected over the categories. Categories expected fewer than 5 times are pooled first, ' +
  'because the test is unreliable for tiny counts. Its p-value is the chance of counts at least this far off if nothing had ' +
  'changed; a small p-value says the mix of categories has changed.';

export const SIGNIFICANCE_CAVEAT =
  'A p-value says how sure we can be that something changed, not how much. With thousands of live rows even a tiny, harmless ' +
  'shift is "significant", so the studio only counts a significant test as drift when the PSI shows a shift of some size too.';

/** The drift rule with these thresholds, in words. */
export function describeDriftRule(t: DriftThresholds = DEFAULT_THRESHOLDS): string {
  return (
    `A feature has drifted when its PSI is above ${t.psi}, or when its test gives a p-value below ${t.pValue} and its PSI is ` +
    `above ${t.minPsiForTest}. ${SIGNIFICANCE_CAVEAT}`
  );
}

export const RETRAINING_RULE =
  'Retraining is recommended when an important feature drifted (the top half of the features by permutation importance, or every ' +
  'feature when the importance is unknown), when the model’s predictions drifted, or when the model’s score on a labelled live ' +
  'batch misses the acceptance threshold. Drift in a feature the model hardly uses is reported but is no reason to retrain on its own.';

/** One sentence for the PSI threshold input. */
export function describePsiThreshold(psi: number): string {
  return `A feature whose PSI is above ${psi} counts as drifted whatever the test says (0.2 is the usual mark of a significant shift; lower finds smaller shifts).`;
}

/** One sentence for the p-value threshold input. */
export function describePValueThreshold(pValue: number, minPsi = DEFAULT_THRESHOLDS.minPsiForTest): string {
  return `A test with a p-value below ${pValue} calls a shift significant; it counts as drift only when the PSI is also above ${minPsi} (smaller values ask for stronger evidence).`;
}

/** The usual reading of a PSI value: 'stable', 'some shift' or 'significant shift'. */
export function psiBand(psi: number): 'stable' | 'some shift' | 'significant shift' {
  return psi > 0.2 ? 'significant shift' : psi >= 0.1 ? 'some shift' : 'stable';
}

/** One feature's result in a sentence, for a chart's text alternative or a tooltip. */
export function describeFeatureDrift(entry: FeatureDrift, thresholds: DriftThresholds = DEFAULT_THRESHOLDS): string {
  const test =
    entry.statistic === null || entry.pValue === null
      ? `the ${entry.test} test could not run`
      : `${entry.test} ${entry.test === 'KS' ? 'D' : 'χ²'} ${formatStat(entry.statistic)}, p-value ${formatStat(entry.pValue)}`;
  const verdict = entry.drifted ? `drifted (${driftCause(entry, thresholds)})` : 'did not drift';
  return `${entry.feature} ${verdict}: PSI ${formatStat(entry.psi)} (${psiBand(entry.psi)}), ${test}.`;
}

/**
 * Reference and live shares bin by bin, in words: 'Adelie: training 44%, live 12%; …'. Bins that
 * are empty on both sides are left out.
 */
export function describeShares(reference: FeatureReference, live: readonly number[]): string {
  const labels = binLabels(reference);
  const expected = referenceShares(reference);
  const parts: string[] = [];
  labels.forEach((label, i) => {
    const e = expected[i] ?? 0;
    const a = live[i] ?? 0;
    if (e === 0 && a === 0) return;
    parts.push(`${label}: training ${formatShare(e)}, live ${formatShare(a)}`);
  });
  return parts.length > 0 ? `${parts.join('; ')}.` : 'No values on either side.';
}
