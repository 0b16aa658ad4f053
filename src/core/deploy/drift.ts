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
 * The model's predictions are compared the same way (class shares with chi-square for
 * classification, predicted values with KS for regression).
 */
import { binOf, categoricalValue, numericValue, predictedClassCounts, referenceShares } from './reference';
import type { CategoricalReference, MonitoringReference, NumericReference } from './reference';
import { formatShare } from '../data/profile/format';

/** Smallest share a bin counts with in the PSI, so that an empty bin does not make it infinite. */
export const PSI_EPSILON = 1e-4;
/** Expected count a chi-square cell needs; smaller cells are merged (see {@link chiSquareTest}). */
export const MIN_EXPECTED_COUNT = 5;
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

// ---- Population Stability Index ----

/**
 * PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over the bins, with eᵢ and aᵢ the expected (reference) and actual
 * (live) share of bin i. Each share is first raised to at least {@link PSI_EPSILON} (1e-4), so a
 * bin that is empty on one side adds a large but finite term instead of ∞ (the shares are not
 * renormalised: the epsilon only matters for empty or nearly empty bins). 0 means identical
 * shares; by convention < 0.1 is stable, 0.1 – 0.2 some shift, > 0.2 a significant shift.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) {
    throw new Error(`PSI needs the same bins on both sides: ${expected.length} expected shares but ${actual.length} actual ones.`);
  }
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], PSI_EPSILON);
    const a = Math.max(actual[i], PSI_EPSILON);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

// ---- Kolmogorov–Smirnov ----

const PI2_OVER_8 = (Math.PI * Math.PI) / 8;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}, the survival function of the Kolmogorov
 * distribution (scipy.special.kolmogorov). For λ < 1.18 it uses the equivalent fast series
 * 1 − (√(2π)/λ) Σ e^{−(2j−1)²π²/(8λ²)} (Numerical Recipes, 3rd ed., §6.14).
 */
export function kolmogorovQ(lambda: number): number {
  if (!(lambda > 0)) return lambda === 0 ? 1 : NaN;
  if (lambda < 1.18) {
    const y = Math.exp(-PI2_OVER_8 / (lambda * lambda));
    const p = (SQRT_2PI / lambda) * (y + y ** 9 + y ** 25 + y ** 49);
    return Math.max(0, 1 - p);
  }
  const x = Math.exp(-2 * lambda * lambda);
  return Math.min(1, 2 * (x - x ** 4 + x ** 9 - x ** 16));
}

/**
 * The two-sample Kolmogorov–Smirnov test: D = max |F_A(x) − F_B(x)| over x, the largest gap
 * between the two empirical distribution functions. Ties are handled exactly: the two sorted
 * samples are merged and both functions step past ALL copies of a value before they are
 * compared, so a value present in both samples never opens a false gap.
 *
 * The p-value is asymptotic: p = Q_KS(λ) with λ = (√nₑ + 0.12 + 0.11/√nₑ) · D and the effective
 * size nₑ = n_A·n_B / (n_A + n_B) (Stephens' small-sample correction, as in Numerical Recipes'
 * `kstwo`). It is accurate to about two decimals from nₑ ≈ 4 and better for larger samples; with
 * many ties it is conservative (too large). NaN values are left out; with an empty sample both
 * results are NaN.
 */
export function ksTest(sampleA: Float64Array, sampleB: Float64Array): { statistic: number; pValue: number } {
  const a = sortedPresent(sampleA);
  const b = sortedPresent(sampleB);
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return { statistic: NaN, pValue: NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < na && j < nb) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < na && a[i] === x) i++;
    while (j < nb && b[j] === x) j++;
    const gap = Math.abs(i / na - j / nb);
    if (gap > d) d = gap;
  }
  const en = Math.sqrt((na * nb) / (na + nb));
  return { statistic: d, pValue: kolmogorovQ((en + 0.12 + 0.11 / en) * d) };
}

function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[n++] = values[i];
  return out.subarray(0, n).sort();
}

// ---- Gamma functions ----

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const GAMMA_EPS = 1e-15;
const GAMMA_FPMIN = 1e-300;
const GAMMA_MAX_ITERATIONS = 10_000;

/** P(a, x) by its series, for x < a + 1 (Numerical Recipes `gser`). */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < GAMMA_MAX_ITERATIONS; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction, for x ≥ a + 1 (Numerical Recipes `gcf`, modified Lentz). */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_FPMIN) d = GAMMA_FPMIN;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_FPMIN) c = GAMMA_FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0 and x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/**
 * The regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x), for a > 0 and
 * x ≥ 0: the series for x < a + 1, the continued fraction above (each where it converges fast),
 * so small upper tails keep their relative precision.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** P(χ²_df ≥ x): the chi-square distribution's upper tail, Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}

// ---- Chi-square ----

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
export function maxPsi(report: DriftReport): number {
  return report.features.reduce((m, f) => (f.psi > m ? f.psi : m), 0);
}
