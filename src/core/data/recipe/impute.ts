/**
 * Impute: fills the missing cells of one column with the mean, the median, the most frequent
 * value or a constant. The statistic is fitted on the train rows when a split exists (a
 * statistic that saw validation or test rows would leak them into training), on all rows before;
 * it is stored in the step as `fitted`, replayed as is, and fitted again whenever the split
 * changes (`refit.ts`).
 */
import type { ColumnInfo } from '../columns';
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepContext, StepHandler } from './handler';
import type { Scalar, StepOf } from './steps';
import {
  castScalar, columnInfo, columnValues, fitSource, fittedFromWords, isNumericType, missingColumnReason, quote, showValue,
  TYPE_NOUN, toScalar, trainMask, withColumn,
} from './frame-ops';
import type { CellValue } from './frame-ops';
import { medianInPlace } from './select';
import { STEP_LABELS } from './step-labels';

type ImputeStep = StepOf<'impute'>;

const STRATEGY_WORDS: Record<ImputeStep['strategy'], string> = {
  mean: 'the mean',
  median: 'the median',
  'most-frequent': 'the most frequent value',
  constant: 'a constant',
};

function needsFit(step: ImputeStep): boolean {
  return step.strategy !== 'constant';
}

/** The non-missing values of the column on the train rows (numbers as a Float64Array). */
function trainValues(frame: Frame, info: ColumnInfo, context: StepContext): { numbers: Float64Array | null; others: CellValue[] | null } {
  const values = columnValues(frame, info.name);
  const mask = trainMask(frame, context);
  if (values instanceof Float64Array) {
    let count = 0;
    for (let i = 0; i < values.length; i++) if (mask[i] && values[i] === values[i]) count++;
    const out = new Float64Array(count);
    for (let i = 0, j = 0; i < values.length; i++) if (mask[i] && values[i] === values[i]) out[j++] = values[i];
    return { numbers: out, others: null };
  }
  const source = values as CellValue[];
  const out: CellValue[] = [];
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (mask[i] && v !== null && v !== undefined && !(v instanceof Date && Number.isNaN(v.getTime()))) out.push(v);
  }
  return { numbers: null, others: out };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}


/** Comparable key of a value: dates by time, booleans as 0/1. */
function keyOf(v: CellValue): number | string {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as number | string;
}

/**
 * The most frequent value; ties go to the smallest value (as scikit-learn's SimpleImputer does),
 * so the result does not depend on row order.
 */
function mostFrequent(numbers: Float64Array | null, others: CellValue[] | null): CellValue {
  const counts = new Map<number | string, number>();
  const firstOf = new Map<number | string, CellValue>();
  const n = numbers !== null ? numbers.length : others!.length;
  for (let i = 0; i < n; i++) {
    const v = numbers !== null ? numbers[i] : others![i];
    const key = keyOf(v);
    const c = counts.get(key);
    if (c === undefined) {
      counts.set(key, 1);
      firstOf.set(key, v);
    } else counts.set(key, c + 1);
  }
  let best: number | string | undefined;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best === undefined ? null : firstOf.get(best)!;
}

export const imputeStep: StepHandler<'impute'> = {
  kind: 'impute',
  label: STEP_LABELS.impute,

  describe(step) {
    if (step.strategy === 'constant') return `Impute ${step.column} with ${showValue(step.constant)}`;
    const what = `Impute ${step.column} with ${STRATEGY_WORDS[step.strategy]}`;
    if (step.fitted === undefined) return what;
    return `${what} (${showValue(step.fitted.value)}, ${fittedFromWords(step.fitted.rows, step.fitted.from)})`;
  },

  check(step, frame, context) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const info = columnInfo(frame, step.column);
    if ((step.strategy === 'mean' || step.strategy === 'median') && !isNumericType(info.type)) {
      return `The ${step.strategy} needs numbers; ${info.name} holds ${TYPE_NOUN[info.type].many}.`;
    }
    if (step.strategy === 'constant') {
      if (step.constant === undefined || step.constant === null) return 'Choose the value to fill in.';
      const cast = castScalar(step.constant, info);
      if (!cast.ok) return cast.reason;
      if (cast.missing) return `${quote(step.constant)} means a missing value; choose a value to fill in.`;
      return null;
    }
    if (step.fitted !== undefined) {
      const cast = castScalar(step.fitted.value, info);
      return cast.ok ? null : `The stored value no longer fits: ${cast.reason}`;
    }
    const { numbers, others } = trainValues(frame, info, context);
    if ((numbers ?? others!).length === 0) {
      const rows = context.trainRows === null ? 'any row' : 'the train rows';
      return `${info.name} has no values on ${rows} to compute ${STRATEGY_WORDS[step.strategy]} from.`;
    }
    return null;
  },

  fit(step, frame, context) {
    if (!needsFit(step)) return step;
    const info = columnInfo(frame, step.column);
    const { numbers, others } = trainValues(frame, info, context);
    const rows = (numbers ?? others!).length;
    if (rows === 0) throw new RecipeError(`${info.name} has no values to compute ${STRATEGY_WORDS[step.strategy]} from.`);
    let value: CellValue;
    if (step.strategy === 'most-frequent') value = mostFrequent(numbers, others);
    else {
      value = step.strategy === 'mean' ? mean(numbers!) : medianInPlace(numbers!);
      // An integer column stays integer: the fitted value is rounded to a whole number.
      if (info.type === 'integer') value = Math.round(value);
    }
    return { ...step, fitted: { value: toScalar(value), from: fitSource(context), rows } };
  },

  apply(step, frame) {
    const info = columnInfo(frame, step.column);
    let fill: Scalar | undefined;
    if (step.strategy === 'constant') fill = step.constant;
    else if (step.fitted !== undefined) fill = step.fitted.value;
    else throw new RecipeError(`Imputing ${step.column} has no fitted value; remove the step and add it again.`);
    const cast = castScalar(fill ?? null, info);
    if (!cast.ok) throw new RecipeError(cast.reason);
    if (cast.missing) throw new RecipeError(`Imputing ${step.column} has no value to fill in.`);
    const values = columnValues(frame, info.name);
    if (values instanceof Float64Array) {
      const out = Float64Array.from(values);
      const x = cast.value as number;
      for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = x;
      return withColumn(frame, { ...info, missing: 0 }, out);
    }
    const source = values as CellValue[];
    const out: CellValue[] = new Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i];
      out[i] = v === null || v === undefined || (v instanceof Date && Number.isNaN(v.getTime())) ? cast.value : v;
    }
    return withColumn(frame, { ...info, missing: 0 }, out as typeof values);
  },
};
