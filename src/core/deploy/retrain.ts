/**
 * Should the model be retrained? A rule, not a feeling, so the studio can say why.
 *
 * Retraining is recommended when ANY of these holds:
 * 1. An important feature drifted. The important features are the top half (rounded up) of the
 *    features ranked by permutation importance, leaving out any whose importance is not above 0
 *    (the model does not rely on them: shuffling them did not hurt). When the importance is
 *    unknown (none measured), every feature counts as important; a feature missing from a measured
 *    ranking counts as important too. Drift in a feature the model hardly uses changes little.
 * 2. The model's predictions drifted: whatever the cause, it now answers differently than it did
 *    on the training data.
 * 3. Measured performance on a labelled live batch misses the acceptance threshold (below it for
 *    a metric where higher is better, above it for an error or loss; exactly on it passes, as in
 *    the acceptance test). A metric that could not be computed is reported, not counted.
 *
 * Whether a feature (or the predictions) drifted is decided by `drift.ts` (see its rule). The
 * page shows {@link decisionHeadline}: exactly 'Retraining recommended' or 'No retraining needed'.
 */
import { DEFAULT_THRESHOLDS, driftCause, formatStat } from './drift';
import type { DriftReport, DriftThresholds } from './drift';
import type { AcceptanceCriterion } from '../model/accept';
import { higherIsBetter, isMetricName } from '../model/metrics';

export const RETRAIN_RECOMMENDED = 'Retraining recommended';
export const NO_RETRAINING_NEEDED = 'No retraining needed';

export interface LivePerformance {
  /** The metric's name, e.g. 'Accuracy', 'RMSE'. */
  metric: string;
  /** Its value on the labelled live batch; null when it could not be computed. */
  value: number | null;
  /** The acceptance threshold. */
  threshold: number;
  higherIsBetter: boolean;
}

export interface RetrainingDecision {
  retrain: boolean;
  /**
   * Plain sentences. When `retrain` is true: every reason to retrain. When false: why not (no
   * important feature drifted, the predictions are stable, the performance meets the threshold).
   */
  reasons: string[];
  /** Further observations that did not decide anything (e.g. drift in a feature the model hardly uses). */
  notes: string[];
}

/** 'Retraining recommended' or 'No retraining needed', exactly as the page shows it. */
export function decisionHeadline(decision: { retrain: boolean }): string {
  return decision.retrain ? RETRAIN_RECOMMENDED : NO_RETRAINING_NEEDED;
}

/** 1 → '1st', 2 → '2nd', 3 → '3rd', 11 → '11th', 22 → '22nd'. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A live performance check from an acceptance criterion and the metrics measured on a labelled live batch. */
export function livePerformance(criterion: AcceptanceCriterion, metrics: Readonly<Record<string, number | null | undefined>>): LivePerformance {
  const raw = metrics[criterion.metric];
  return {
    metric: criterion.metric,
    value: typeof raw === 'number' && Number.isFinite(raw) ? raw : null,
    threshold: criterion.threshold,
    higherIsBetter: isMetricName(criterion.metric) ? higherIsBetter(criterion.metric) : true,
  };
}

/** Whether a measured value misses its threshold (equal passes). */
function misses(p: LivePerformance): boolean {
  if (p.value === null) return false;
  return p.higherIsBetter ? p.value < p.threshold : p.value > p.threshold;
}

function number(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** The rule in the module comment. `thresholds` are those the report was made with (for the wording). */
export function retrainingDecision(
  report: DriftReport,
  importance: readonly { feature: string; importance: number }[] | null,
  performance: LivePerformance | null,
  thresholds: DriftThresholds = DEFAULT_THRESHOLDS,
): RetrainingDecision {
  const reasons: string[] = [];
  const notes: string[] = [];
  const calm: string[] = [];

  // 1. Drifted features, by importance.
  const known = importance !== null && importance.length > 0;
  const ranked = known ? [...importance].sort((a, b) => b.importance - a.importance) : [];
  const rank = new Map<string, number>();
  ranked.forEach((d, i) => {
    if (!rank.has(d.feature)) rank.set(d.feature, i);
  });
  const topCount = Math.ceil(ranked.length / 2);
  const drifted = report.features.filter((f) => f.drifted);
  for (const f of drifted) {
    const cause = driftCause(f, thresholds);
    if (!known) {
      reasons.push(`${f.feature} drifted (${cause}); the feature importance is unknown, so every feature counts as important.`);
      continue;
    }
    const i = rank.get(f.feature);
    if (i === undefined) {
      reasons.push(`${f.feature} drifted (${cause}) and its importance was not measured, so it counts as important.`);
      continue;
    }
    const value = ranked[i].importance;
    const place = i === 0 ? 'the most important feature' : `the ${ordinal(i + 1)} most important feature`;
    if (i < topCount && value > 0) {
      reasons.push(`${f.feature} drifted (${cause}) and is ${place}.`);
    } else if (!(value > 0)) {
      notes.push(`${f.feature} drifted (${cause}), but the model does not rely on it (its permutation importance is ${number(value)}), so on its own it is no reason to retrain.`);
    } else {
      notes.push(`${f.feature} drifted (${cause}), but it is only the ${ordinal(i + 1)} of ${ranked.length} features by importance, so on its own it is no reason to retrain.`);
    }
  }
  if (drifted.length === 0) calm.push(`No feature drifted (every PSI is at most ${thresholds.psi}, and no significant test came with a PSI above ${thresholds.minPsiForTest}).`);
  else if (reasons.length === 0) calm.push('No important feature drifted.');

  // 2. The predictions.
  const p = report.predictions;
  if (p !== null) {
    if (p.drifted) reasons.push(`The model's predictions drifted (${driftCause(p, thresholds)}): it answers differently than it did on the training data.`);
    else calm.push(`The model's predictions did not drift (PSI ${formatStat(p.psi)}).`);
  }

  // 3. Performance on a labelled live batch.
  if (performance !== null) {
    const { metric, value, threshold } = performance;
    if (value === null) {
      notes.push(`${metric} could not be computed on the labelled live batch, so performance was not checked.`);
    } else if (misses(performance)) {
      const side = performance.higherIsBetter ? 'below' : 'above';
      const hint = performance.higherIsBetter ? '' : ' (lower is better)';
      reasons.push(`${metric} on the labelled live batch is ${number(value)}, ${side} the acceptance threshold of ${number(threshold)}${hint}.`);
    } else {
      calm.push(`${metric} on the labelled live batch is ${number(value)}, which meets the acceptance threshold of ${number(threshold)}.`);
    }
  }

  const retrain = reasons.length > 0;
  return { retrain, reasons: retrain ? reasons : calm, notes };
}
