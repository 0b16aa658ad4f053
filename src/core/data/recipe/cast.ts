/**
 * Cast: changes a column's type. Text is read by the same token rules as ingest (trimmed;
 * `NA`, `null`, `?` … are missing; strict decimals; `true`/`false`; ISO-like dates), so a value
 * means the same whether it was typed at load time or cast later. Values that do not fit the
 * new type become missing; `countCastFailures` says how many, for the step's preview and for
 * the effect of applying it. The per-value rules are `convertValue` in frame-ops.ts; a cast to
 * date may name the one written form its text is in (`dateFormat`), which then also fixes the
 * order of day and month.
 */
import type { ColumnType } from '../columns';
import type { Frame } from '../frame';
import type { StepHandler } from './handler';
import {
  NO_FIT, TYPE_NOUN, ValuesBuilder, columnInfo, columnValues, convertValue, isMissingValue, isNumericType, missingColumnReason, withColumn,
} from './frame-ops';
import type { CellValue } from './frame-ops';
import { DATE_FORMATS, type DateFormat } from './steps';
import { DateForm, isMissingToken, lastDateForm, parseDate, swapDayMonth } from '../ingest/tokens';
import { STEP_LABELS } from './step-labels';

/**
 * Epoch ms of `text` written in `format` (an optional time may follow, as at ingest), NaN for a
 * missing token, NO_FIT for text in another form or an impossible date.
 */
export function readDate(text: string, format: DateFormat): number | typeof NO_FIT {
  const trimmed = text.trim();
  if (isMissingToken(trimmed)) return NaN;
  const ms = parseDate(trimmed);
  if (Number.isNaN(ms)) return NO_FIT;
  if (format === 'auto') return ms;
  const form = lastDateForm();
  switch (format) {
    case 'YYYY-MM-DD':
      return form === DateForm.Iso ? ms : NO_FIT;
    case 'DD.MM.YYYY':
      return form === DateForm.Dotted ? ms : NO_FIT;
    case 'DD/MM/YYYY':
      return form === DateForm.DayFirst || form === DateForm.Either ? ms : NO_FIT;
    case 'MM/DD/YYYY':
      // parseDate read a date that could be either day first: exchange day and month.
      return form === DateForm.MonthFirst ? ms : form === DateForm.Either ? swapDayMonth(ms) : NO_FIT;
  }
}

/** One value cast to `to`, text read as a date by `format` where it applies. */
function castValue(v: unknown, to: ColumnType, format: DateFormat | undefined): ReturnType<typeof convertValue> {
  if (to === 'date' && typeof v === 'string' && format !== undefined && format !== 'auto') return readDate(v, format);
  return convertValue(v, to);
}

/** How many present values of `column` would not fit type `to` (and so become missing). */
export function countCastFailures(frame: Frame, column: string, to: ColumnType, dateFormat?: DateFormat): number {
  const info = columnInfo(frame, column);
  if (info.type === to || (isNumericType(info.type) && to === 'number')) return 0;
  const values = columnValues(frame, column);
  let failures = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === v && convertValue(v, to) === NO_FIT) failures++;
    }
    return failures;
  }
  const source = values as CellValue[];
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (!isMissingValue(info.type, v) && castValue(v, to, dateFormat) === NO_FIT) failures++;
  }
  return failures;
}

export const castStep: StepHandler<'cast'> = {
  kind: 'cast',
  label: STEP_LABELS.cast,

  describe(step) {
    const form = step.to === 'date' && step.dateFormat !== undefined && step.dateFormat !== 'auto' ? ` written ${step.dateFormat}` : '';
    return `Cast ${step.column} to ${TYPE_NOUN[step.to].many}${form}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const from = columnInfo(frame, step.column).type;
    if (from === step.to) return `${step.column} already holds ${TYPE_NOUN[from].many}.`;
    if (step.dateFormat !== undefined && !DATE_FORMATS.includes(step.dateFormat)) {
      return `${JSON.stringify(step.dateFormat)} is not a date format the studio knows; choose one of ${DATE_FORMATS.join(', ')}.`;
    }
    // No rule turns a true/false value into a date or back: every value would be lost.
    if ((from === 'boolean' && step.to === 'date') || (from === 'date' && step.to === 'boolean')) {
      return `${TYPE_NOUN[from].many[0].toUpperCase()}${TYPE_NOUN[from].many.slice(1)} cannot become ${TYPE_NOUN[step.to].many}; ${step.column} holds ${TYPE_NOUN[from].many}.`;
    }
    return null;
  },

  apply(step, frame) {
    const info = columnInfo(frame, step.column);
    const values = columnValues(frame, step.column);
    const n = values.length;
    if (values instanceof Float64Array && step.to === 'number') {
      // Whole numbers are numbers already: same values, new type (the array is never written to).
      return withColumn(frame, { ...info, type: 'number' }, values);
    }
    const out = new ValuesBuilder(step.to, n);
    if (values instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        const x = convertValue(values[i], step.to);
        out.set(i, x === NO_FIT ? null : x);
      }
    } else {
      const source = values as CellValue[];
      for (let i = 0; i < n; i++) {
        const x = castValue(source[i], step.to, step.dateFormat);
        out.set(i, x === NO_FIT ? null : x);
      }
    }
    return withColumn(frame, { ...info, type: step.to, missing: out.missing }, out.values());
  },
};
