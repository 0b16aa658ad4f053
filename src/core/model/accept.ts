/**
 * The acceptance test: criteria set before the model sees the test set ("Accuracy ≥ 0.9"),
 * judged once on the test metrics.
 *
 * Each criterion compares one metric with a threshold in the direction that metric improves
 * (`higherIsBetter`): Accuracy, balanced accuracy, precision, recall, F1, MCC, ROC AUC, PR AUC
 * and R² must reach the threshold (≥); log loss, the Brier score, MAE and RMSE must not exceed
 * it (≤). A metric that could not be computed
 * (null) fails its criterion. The test set is meant to be looked at once: {@link reuseWarning}
 * says why a second look makes its score optimistic.
 */
import { higherIsBetter, isMetricName, metricNames } from './metrics';
import type { Task } from './types';

export interface AcceptanceCriterion {
  /** A metric of the task, as the metrics are named: 'Accuracy', 'RMSE', 'R²' … */
  metric: string;
  threshold: number;
}

export type Comparison = '≥' | '≤';

export interface CriterionResult {
  metric: string;
  threshold: number;
  /** The test value, or null when it could not be computed. */
  value: number | null;
  passed: boolean;
  comparison: Comparison;
}

export interface Verdict {
  /** True when every criterion passed (and there was at least one). */
  passed: boolean;
  results: CriterionResult[];
}

/** The values each metric can take; a threshold outside them could never pass (or never fail). */
const RANGES: Record<string, { min: number; max: number; words: string }> = {
  Accuracy: { min: 0, max: 1, words: 'from 0 to 1' },
  Precision: { min: 0, max: 1, words: 'from 0 to 1' },
  Recall: { min: 0, max: 1, words: 'from 0 to 1' },
  F1: { min: 0, max: 1, words: 'from 0 to 1' },
  'ROC AUC': { min: 0, max: 1, words: 'from 0 to 1' },
  'Balanced accuracy': { min: 0, max: 1, words: 'from 0 to 1' },
  MCC: { min: -1, max: 1, words: 'from −1 to 1' },
  'PR AUC': { min: 0, max: 1, words: 'from 0 to 1' },
  'Log loss': { min: 0, max: Infinity, words: 'at least 0' },
  // Two classes: at most 1; more: the sum over the classes, at most 2.
  'Brier score': { min: 0, max: 2, words: 'from 0 to 2' },
  MAE: { min: 0, max: Infinity, words: 'at least 0' },
  RMSE: { min: 0, max: Infinity, words: 'at least 0' },
  'R²': { min: -Infinity, max: 1, words: 'at most 1' },
};

/**
 * The comparison a metric's criterion uses: ≥ where higher is better, ≤ where lower is. A name
 * that is not a metric gets ≥ (its criterion fails anyway: there is no value for it).
 */
export function comparisonFor(metric: string): Comparison {
  return !isMetricName(metric) || higherIsBetter(metric) ? '≥' : '≤';
}

/**
 * Why these criteria cannot be used for `task`, in plain words, or null when they can: no
 * criteria, a metric the task does not have, the same metric twice, or a threshold that is not
 * a finite number within the metric's range.
 */
export function checkCriteria(criteria: readonly AcceptanceCriterion[], task: Task): string | null {
  if (criteria.length === 0) {
    return 'Set at least one criterion, e.g. Accuracy ≥ 0.9, before running the acceptance test.';
  }
  const allowed: readonly string[] = metricNames(task);
  const seen = new Set<string>();
  for (const { metric, threshold } of criteria) {
    if (!allowed.includes(metric)) {
      return `${metric || 'A criterion without a metric'} is not a ${task} metric; choose one of ${allowed.join(', ')}.`;
    }
    if (seen.has(metric)) return `${metric} has more than one criterion; keep one threshold per metric.`;
    seen.add(metric);
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      return `The threshold for ${metric} must be a number.`;
    }
    const range = RANGES[metric];
    if (range && (threshold < range.min || threshold > range.max)) {
      return `The threshold for ${metric} must be ${range.words}; it is ${threshold}.`;
    }
  }
  return null;
}

/**
 * Judges each criterion on the test metrics: a value passes when it is on the good side of the
 * threshold or equal to it; a missing, null or non-finite value fails.
 */
export function judge(criteria: readonly AcceptanceCriterion[], testMetrics: Readonly<Record<string, number | null | undefined>>): Verdict {
  const results = criteria.map(({ metric, threshold }): CriterionResult => {
    const raw = testMetrics[metric];
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    const comparison = comparisonFor(metric);
    const passed = value !== null && (comparison === '≥' ? value >= threshold : value <= threshold);
    return { metric, threshold, value, passed, comparison };
  });
  return { passed: results.length > 0 && results.every((r) => r.passed), results };
}

/** A number for a verdict: up to 4 decimals (3 significant digits below 0.01), without trailing zeros. */
function formatNumber(value: number, decimals = 4): string {
  if (value !== 0 && Math.abs(value) < 0.01) return String(Number(value.toPrecision(decimals - 1)));
  return String(Number(value.toFixed(decimals)));
}

/** Value and threshold in enough digits that they do not read as equal when they differ. */
function formatPair(value: number, threshold: number): [string, string] {
  for (let decimals = 4; decimals <= 12; decimals++) {
    const pair: [string, string] = [formatNumber(value, decimals), formatNumber(threshold, decimals)];
    if (value === threshold || pair[0] !== pair[1]) return pair;
  }
  return [String(value), String(threshold)];
}

function describeResult(r: CriterionResult): string {
  if (r.value === null) return `${r.metric} could not be computed (needed ${r.comparison} ${formatNumber(r.threshold)})`;
  const [value, threshold] = formatPair(r.value, r.threshold);
  const sign = r.passed ? r.comparison : r.comparison === '≥' ? '<' : '>';
  return `${r.metric} ${value} ${sign} ${threshold}`;
}

/** The verdict in plain words: 'Passed: Accuracy 0.9512 ≥ 0.9', 'Failed: RMSE 4.1 > 3.5; MAE 2.2 ≤ 2.5'. */
export function describeVerdict(verdict: Verdict): string {
  if (verdict.results.length === 0) return 'Failed: no criteria were set.';
  return `${verdict.passed ? 'Passed' : 'Failed'}: ${verdict.results.map(describeResult).join('; ')}`;
}

/**
 * Null for the first acceptance run on this test set; after that, why the new score should be
 * read with care.
 */
export function reuseWarning(previousRuns: number): string | null {
  if (!(previousRuns >= 1)) return null;
  const runs = Math.floor(previousRuns);
  const times = runs === 1 ? 'once before' : `${runs} times before`;
  return (
    `The test set has been used ${times}. Its score is honest only the first time: once a test result has ` +
    'influenced what you did next (changing the data, the settings or the model, then testing again), the ' +
    'model has been chosen partly to do well on these particular rows, so the score is optimistic and no ' +
    'longer estimates how the model does on new data. Report the first result, or judge the final model on ' +
    'fresh data it has never seen.'
  );
}
