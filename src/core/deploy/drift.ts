/**
 * Data drift: does a live batch still look like the data the model was trained on?
 *
 * Each feature of the monitoring reference (see `reference.ts`) is compared with the same column
 * of the live batch in two ways:
 * - the Population Stability Index (PSI) over the reference's bins (numeric features: the train
 *   deciles plus a missing bin; text features: the top categories, 'other' and missing), which
 *   says how MUCH the distribution moved;
 * - a significance test, which says whether the move could be chance: the two-sample
 *   Kolmogorov–Smirnov test for numeric features (live values against the reference's sample of
 *   train values; missing values are left out, the PSI's missing bin covers them), and Pearson's
 *   chi-square goodness-of-fit test for text features (live counts against the reference's shares,
 *   missing values as a category of their own).
 *
 * The drift rule. A feature has drifted when
 *     PSI > thresholds.psi (default 0.2)
 *  OR (p-value < thresholds.pValue (default 0.01) AND PSI > thresholds.minPsiForTest (default 0.1)).
 * Why both: a test's p-value measures how sure we are that the distribution moved at all, not how
 * far. With a large batch (tens of thousands of rows) a shift far too small to matter is still
 * "significant" (p ≈ 0), so p alone would flag nearly every feature; with a small batch a real
 * shift may not reach significance. So a large PSI (0.2 is the usual "significant shift" mark in
 * credit scoring) is drift on its own, and a significant test only counts when the shift is also
 * moderate in size (PSI > 0.1, the usual "some shift" mark).
 *
 * The statistics themselves live in `stats/` (psi.ts, ks.ts, chi-square.ts, gamma.ts).
 *
 * The model's predictions are compared the same way (class shares with chi-square for
 * classification, predicted values with KS for regression).
 */
import { binOf, categoricalValue, numericValue, predictedClassCounts, referenceShares } from './reference';
import type { CategoricalReference, MonitoringReference, NumericReference } from './reference';
import { formatShare } from '../data/profile/format';
import { chiSquareTest } from './stats/chi-square';
import { ksTest } from './stats/ks';
import { populationStabilityIndex } from './stats/psi';

/** Share of live values outside the training range from which a note mentions it. */
const OUTSIDE_NOTE_SHARE = 0.01;

export interface DriftThresholds {
  /** PSI above which a feature has drifted, whatever the test says. */
  psi: number;
  /** p-value below which the test calls a shift significant. */
  pValue: number;
  /** PSI a significant shift must also exceed to count as drift. */
  minPsiForTest: number;
}

export const DEFAULT_THRESHOLDS: Readonly<DriftThresholds> = Object.freeze({ psi: 0.2, pValue: 0.01, minPsiForTest: 0.1 });

/** Why these thresholds cannot be used, in plain words, or null when they can. */
export function checkThresholds(t: DriftThresholds): string | null {
  if (!(Number.isFinite(t.psi) && t.psi > 0)) return 'The PSI threshold must be a number above 0, e.g. 0.2.';
  if (!(Number.isFinite(t.pValue) && t.pValue > 0 && t.pValue < 1)) return 'The p-value threshold must be a number between 0 and 1, e.g. 0.01.';
  if (!(Number.isFinite(t.minPsiForTest) && t.minPsiForTest >= 0)) return 'The smallest PSI for a significant test must be a number of at least 0, e.g. 0.1.';
  return null;
}

/** A problem with the live data that a person must fix; the message says what and how. */
export class MonitorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MonitorError';
  }
}

// ---- The drift report ----

export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** Population Stability Index over the reference's bins (missing values as a bin). */
  psi: number;
  test: 'KS' | 'chi-square';
  /** KS's D or the χ² statistic; null when the test could not run (no live values). */
  statistic: number | null;
  pValue: number | null;
  drifted: boolean;
  missingShareReference: number;
  missingShareLive: number;
  /** Plain words: why it drifted and what else stands out (new categories, values out of range …). */
  note: string;
  /** Live shares per bin, in the order of `referenceShares` / `binLabels` of the reference. */
  liveShares: number[];
}

export interface PredictionDrift {
  psi: number;
  drifted: boolean;
  test: 'KS' | 'chi-square';
  statistic: number | null;
  pValue: number | null;
  note: string;
  liveShares: number[];
}

export interface DriftReport {
  features: FeatureDrift[];
  /** Null when the reference or the live batch has no predictions. */
  predictions: PredictionDrift | null;
  /** Rows in the live batch. */
  rows: number;
}

export interface LiveBatch {
  /** Raw values by column name (numbers, text, booleans, Dates, null); a feature without a column counts as all missing. */
  columns: Record<string, ArrayLike<unknown>>;
  rows: number;
  /** The model's outputs on the batch: probabilities (rows × classes) or predicted values (rows). */
  predictions?: { output: Float32Array };
}

/** Whether a feature with this PSI and p-value has drifted, by the rule in the module comment. */
export function isDrifted(psi: number, pValue: number | null, thresholds: DriftThresholds): boolean {
  if (psi > thresholds.psi) return true;
  return pValue !== null && pValue < thresholds.pValue && psi > thresholds.minPsiForTest;
}

/** A number for a note: 3 decimals, or 2 significant digits below 0.001 (0.00031, 1.8e-191). */
export function formatStat(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 0.001) return String(Number(x.toPrecision(2)));
  return String(Number(x.toFixed(3)));
}

/** Why an entry drifted, in short: 'PSI 0.35 > 0.2' or 'PSI 0.14 > 0.1 and KS p-value 0.0003 < 0.01'. */
export function driftCause(entry: { psi: number; pValue: number | null; test: string }, thresholds: DriftThresholds): string {
  if (entry.psi > thresholds.psi) return `PSI ${formatStat(entry.psi)} > ${thresholds.psi}`;
  return `PSI ${formatStat(entry.psi)} > ${thresholds.minPsiForTest} and ${entry.test} p-value ${formatStat(entry.pValue ?? NaN)} < ${thresholds.pValue}`;
}

interface Comparison {
  psi: number;
  test: 'KS' | 'chi-square';
  statistic: number | null;
  pValue: number | null;
  missingShareLive: number;
  liveShares: number[];
  notes: string[];
}

function compareNumeric(ref: NumericReference, values: ArrayLike<unknown> | undefined, rows: number): Comparison {
  const counts = new Array<number>(ref.edges.length + 1).fill(0);
  const present = new Float64Array(rows);
  let n = 0;
  let missing = 0;
  let unreadable = 0;
  let outside = 0;
  for (let r = 0; r < rows; r++) {
    const x = values === undefined ? NaN : numericValue(values[r], ref.sourceType);
    if (x === undefined) unreadable++;
    if (x === undefined || x !== x) {
      missing++;
      continue;
    }
    counts[binOf(ref.edges, x)]++;
    present[n++] = x;
    if (x < ref.min || x > ref.max) outside++;
  }
  const liveShares = [...counts.map((c) => c / rows), missing / rows];
  const notes: string[] = [];
  if (unreadable > 0) {
    const noun = ref.sourceType === 'date' ? 'dates' : ref.sourceType === 'boolean' ? 'true/false values' : 'numbers';
    notes.push(`${unreadable} live ${unreadable === 1 ? 'value' : 'values'} could not be read as ${noun} and count as missing.`);
  }
  if (outside / rows >= OUTSIDE_NOTE_SHARE && Number.isFinite(ref.min)) {
    notes.push(`${formatShare(outside / rows)} of live values lie outside the training range.`);
  }
  let statistic: number | null = null;
  let pValue: number | null = null;
  if (n > 0 && ref.sample.length > 0) {
    const ks = ksTest(Float64Array.from(ref.sample), present.subarray(0, n));
    statistic = ks.statistic;
    pValue = ks.pValue;
  } else {
    notes.push(n === 0 ? 'No live value is present, so the KS test could not run.' : 'The training data had no values, so the KS test could not run.');
  }
  return { psi: populationStabilityIndex(referenceShares(ref), liveShares), test: 'KS', statistic, pValue, missingShareLive: missing / rows, liveShares, notes };
}

function compareCounts(ref: CategoricalReference, counts: number[], rows: number, unseen: Map<string, number>): Comparison {
  const liveShares = counts.map((c) => c / rows);
  const expected = referenceShares(ref);
  const notes: string[] = [];
  if (unseen.size > 0) {
    const ranked = [...unseen].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const shown = ranked.slice(0, 3).map(([v]) => `“${v}”`).join(', ');
    const more = ranked.length > 3 ? ` and ${ranked.length - 3} more` : '';
    const words = ref.otherShare === 0 ? 'never seen in training' : `not among the ${ref.categories.length} most frequent in training`;
    notes.push(`Live values ${words}: ${shown}${more}.`);
  }
  const test = chiSquareTest(expected, counts);
  const ran = Number.isFinite(test.pValue) && test.df > 0;
  if (!ran) notes.push('Too few live values for a chi-square test.');
  return {
    psi: populationStabilityIndex(expected, liveShares),
    test: 'chi-square',
    statistic: ran ? test.statistic : null,
    pValue: ran ? test.pValue : null,
    missingShareLive: counts[counts.length - 1] / rows,
    liveShares,
    notes,
  };
}

function compareCategorical(ref: CategoricalReference, values: ArrayLike<unknown> | undefined, rows: number): Comparison {
  const index = new Map<string, number>();
  ref.categories.forEach((c, i) => index.set(c, i));
  const other = ref.categories.length;
  const counts = new Array<number>(other + 2).fill(0);
  const unseen = new Map<string, number>();
  for (let r = 0; r < rows; r++) {
    const s = values === undefined ? '' : categoricalValue(values[r]);
    if (s === '') {
      counts[other + 1]++;
      continue;
    }
    const i = index.get(s);
    if (i !== undefined) counts[i]++;
    else {
      counts[other]++;
      if (unseen.size < 1000 || unseen.has(s)) unseen.set(s, (unseen.get(s) ?? 0) + 1);
    }
  }
  return compareCounts(ref, counts, rows, unseen);
}

function missingNote(reference: number, live: number): string | null {
  if (Math.abs(live - reference) < 0.05) return null;
  return `Missing values ${live > reference ? 'rose' : 'fell'} from ${formatShare(reference)} to ${formatShare(live)}.`;
}

function note(c: Comparison, drifted: boolean, missingShareReference: number, thresholds: DriftThresholds, leading: string[] = []): string {
  const parts = [...leading];
  parts.push(drifted ? `Drifted: ${driftCause(c, thresholds)}.` : 'No drift.');
  const missing = missingNote(missingShareReference, c.missingShareLive);
  if (missing) parts.push(missing);
  parts.push(...c.notes);
  return parts.join(' ');
}

/**
 * Compares a live batch with the monitoring reference, feature by feature and (when both have
 * them) prediction by prediction, by the rule in the module comment. Throws MonitorError for a
 * batch without rows.
 */
export function driftReport(reference: MonitoringReference, live: LiveBatch, thresholds: DriftThresholds = DEFAULT_THRESHOLDS): DriftReport {
  const rows = live.rows;
  if (!(Number.isInteger(rows) && rows > 0)) throw new MonitorError('The live data has no rows, so there is nothing to compare with the training data. Load a file with at least one row.');
  const features = reference.features.map((ref): FeatureDrift => {
    const has = Object.prototype.hasOwnProperty.call(live.columns, ref.feature);
    const values = has ? live.columns[ref.feature] : undefined;
    const c = ref.kind === 'numeric' ? compareNumeric(ref, values, rows) : compareCategorical(ref, values, rows);
    const drifted = isDrifted(c.psi, c.pValue, thresholds);
    const leading = has ? [] : [`The live data has no column ${ref.feature}; every value counts as missing.`];
    return {
      feature: ref.feature,
      kind: ref.kind,
      psi: c.psi,
      test: c.test,
      statistic: c.statistic,
      pValue: c.pValue,
      drifted,
      missingShareReference: ref.missingShare,
      missingShareLive: c.missingShareLive,
      note: note(c, drifted, ref.missingShare, thresholds, leading),
      liveShares: c.liveShares,
    };
  });
  return { features, predictions: comparePredictions(reference, live, thresholds), rows };
}

function comparePredictions(reference: MonitoringReference, live: LiveBatch, thresholds: DriftThresholds): PredictionDrift | null {
  const ref = reference.predictions;
  const output = live.predictions?.output;
  if (ref === null || output === undefined || output.length === 0) return null;
  let c: Comparison;
  if (ref.kind === 'categorical') {
    const classes = reference.classes.length;
    const rows = Math.floor(output.length / Math.max(1, classes));
    if (rows === 0) return null;
    const counts = [...predictedClassCounts(output, classes), 0, 0];
    c = compareCounts(ref, counts, rows, new Map());
  } else {
    c = compareNumeric(ref, output, output.length);
  }
  const drifted = isDrifted(c.psi, c.pValue, thresholds);
  return {
    psi: c.psi,
    drifted,
    test: c.test,
    statistic: c.statistic,
    pValue: c.pValue,
    note: note(c, drifted, ref.missingShare, thresholds),
    liveShares: c.liveShares,
  };
}

/** The largest PSI of the report's features (0 for none), for the monitoring history. */
export function largestPsi(report: DriftReport): number {
  return report.features.reduce((m, f) => (f.psi > m ? f.psi : m), 0);
}
