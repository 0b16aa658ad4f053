/**
 * Clip: limits a numeric column to [lower, upper], by the IQR rule (Q1 − k·IQR, Q3 + k·IQR,
 * k = 1.5 unless given) or by percentiles (1st and 99th unless given). The bounds are fitted on
 * the train rows when a split exists (bounds that saw test rows would leak them), on all rows
 * before; they are stored in the step, replayed as is, and fitted again whenever the split
 * changes (`refit.ts`). Quantiles interpolate linearly between order statistics (the
 * usual definition, as numpy's default). Missing values stay missing.
 */
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepContext, StepHandler } from './handler';
import type { StepOf } from './steps';
import {
  TYPE_NOUN, columnInfo, columnValues, fitSource, fittedFromWords, isNumericType, missingColumnReason, shortNumber, trainMask, withColumn,
} from './frame-ops';
import { quantileInPlace } from './select';
import { STEP_LABELS } from './step-labels';

type ClipStep = StepOf<'clip'>;

export const DEFAULT_K = 1.5;
export const DEFAULT_LOWER_PERCENTILE = 1;
export const DEFAULT_UPPER_PERCENTILE = 99;

function parameters(step: ClipStep): { k: number; lower: number; upper: number } {
  return {
    k: step.k ?? DEFAULT_K,
    lower: step.lowerPercentile ?? DEFAULT_LOWER_PERCENTILE,
    upper: step.upperPercentile ?? DEFAULT_UPPER_PERCENTILE,
  };
}

/** The non-missing values on the train rows (a fresh array, free to reorder). */
function trainValues(frame: Frame, column: string, context: StepContext): Float64Array {
  const values = columnValues(frame, column) as Float64Array;
  const mask = trainMask(frame, context);
  const out = new Float64Array(countTrainValues(values, mask));
  for (let i = 0, j = 0; i < values.length; i++) if (mask[i] && values[i] === values[i]) out[j++] = values[i];
  return out;
}

function countTrainValues(values: Float64Array, mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (mask[i] && values[i] === values[i]) count++;
  return count;
}

function ordinal(p: number): string {
  const n = shortNumber(p);
  if (!Number.isInteger(p)) return `${n}th`;
  const tens = p % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][p % 10] ?? 'th'}`;
}

function rule(step: ClipStep): string {
  const { k, lower, upper } = parameters(step);
  return step.method === 'iqr' ? `IQR rule, k = ${shortNumber(k)}` : `${ordinal(lower)} to ${ordinal(upper)} percentile`;
}

export const clipStep: StepHandler<'clip'> = {
  kind: 'clip',
  label: STEP_LABELS.clip,

  describe(step) {
    if (step.fitted === undefined) return `Clip ${step.column} (${rule(step)})`;
    const { lower, upper, rows, from } = step.fitted;
    return `Clip ${step.column} to [${shortNumber(lower)}, ${shortNumber(upper)}] (${rule(step)}, ${fittedFromWords(rows, from)})`;
  },

  check(step, frame, context) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const info = columnInfo(frame, step.column);
    if (!isNumericType(info.type)) return `Clipping needs numbers; ${info.name} holds ${TYPE_NOUN[info.type].many}.`;
    const { k, lower, upper } = parameters(step);
    if (step.method === 'iqr') {
      if (!Number.isFinite(k) || k < 0) return 'k must be a number of 0 or more (1.5 is usual).';
    } else if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower >= 0 && upper <= 100 && lower < upper)) {
      return 'The percentiles must be between 0 and 100, the lower one below the upper one.';
    }
    if (step.fitted !== undefined) {
      const { lower: lo, upper: hi } = step.fitted;
      return Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi ? null : 'The stored bounds are not valid; remove the step and add it again.';
    }
    if (countTrainValues(columnValues(frame, step.column) as Float64Array, trainMask(frame, context)) === 0) {
      return `${info.name} has no values on ${context.trainRows === null ? 'any row' : 'the train rows'} to compute bounds from.`;
    }
    return null;
  },

  fit(step, frame, context) {
    const info = columnInfo(frame, step.column);
    const values = trainValues(frame, step.column, context);
    if (values.length === 0) throw new RecipeError(`${info.name} has no values to compute bounds from.`);
    const p = parameters(step);
    let lower: number;
    let upper: number;
    if (step.method === 'iqr') {
      const q1 = quantileInPlace(values, 0.25);
      const q3 = quantileInPlace(values, 0.75);
      lower = q1 - p.k * (q3 - q1);
      upper = q3 + p.k * (q3 - q1);
    } else {
      lower = quantileInPlace(values, p.lower / 100);
      upper = quantileInPlace(values, p.upper / 100);
    }
    if (info.type === 'integer') {
      // An integer column stays integer; rounding keeps lower ≤ upper.
      lower = Math.round(lower);
      upper = Math.round(upper);
    }
    return { ...step, fitted: { lower, upper, from: fitSource(context), rows: values.length } };
  },

  apply(step, frame) {
    if (step.fitted === undefined) throw new RecipeError(`Clipping ${step.column} has no fitted bounds; remove the step and add it again.`);
    const info = columnInfo(frame, step.column);
    const { lower, upper } = step.fitted;
    const values = columnValues(frame, step.column) as Float64Array;
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = v < lower ? lower : v > upper ? upper : v;
    }
    return withColumn(frame, { ...info }, out);
  },
};
