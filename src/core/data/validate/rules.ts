/**
 * Validation rules: plain, serialisable objects a person builds from menus in the Validate step,
 * stored with the project, run on the prepared frame (run.ts) and, at prediction time, on one
 * input row (row.ts).
 *
 * What each kind means (missing cells, see `isMissing` in cell.ts, violate only `not-missing`;
 * every other kind skips them and does not count them as checked):
 * - `not-missing`: the cell has a value.
 * - `in-range`: inclusive bounds, either one may be left open. Number and integer columns use
 *   `min` / `max`; date columns use `minDate` / `maxDate`, ISO text (`YYYY-MM-DD` or a date-time;
 *   a time without an offset is UTC, as in ingest). A date-only `maxDate` includes that whole day.
 *   Not for text or boolean columns.
 * - `pattern`: the cell's text form matches the RE2 pattern as a whole (see pattern.ts).
 * - `one-of`: the cell equals one of `values`. Text compares exactly (case and spaces count);
 *   number and integer columns compare as numbers (`1.0` allows 1); dates as instants
 *   (`2024-01-31` allows that midnight UTC); booleans as `true` / `false` in any case.
 * - `unique`: every row whose value appears more than once violates (all copies, not only the
 *   later ones). Skipped when checking a single record.
 * - `type-is`: the value reads as `type` by ingest's strict rules (see `kindIs` in cell.ts) —
 *   meant for text columns that hold mixed data. On typed columns only the types that can pass
 *   are allowed (integer on a number column checks for whole numbers).
 */
import type { ColumnInfo, ColumnType } from '../columns';
import { ROW_ID } from '../frame';
import { parseBoolean, parseDate, parseNumber } from '../ingest/tokens';
import { patternProblem } from './pattern';

export type RuleKind = 'not-missing' | 'in-range' | 'pattern' | 'one-of' | 'unique' | 'type-is';

export interface Rule {
  id: string;
  column: string;
  kind: RuleKind;
  /** in-range on number and integer columns: inclusive bounds; null or absent leaves that side open. */
  min?: number | null;
  max?: number | null;
  /** in-range on date columns: inclusive ISO dates or date-times; null or absent leaves that side open. */
  minDate?: string | null;
  maxDate?: string | null;
  /** pattern: RE2 syntax, matched against the whole value. */
  pattern?: string;
  /** one-of: the allowed values, as text. */
  values?: string[];
  /** type-is: the type every value must read as. */
  type?: ColumnType;
}

/** The rule kinds in menu order, with the names the Validate step shows (docs/ui-names.md). */
export const RULE_KINDS: readonly { kind: RuleKind; label: string }[] = [
  { kind: 'not-missing', label: 'Not missing' },
  { kind: 'in-range', label: 'In range' },
  { kind: 'pattern', label: 'Matches pattern' },
  { kind: 'one-of', label: 'One of' },
  { kind: 'unique', label: 'Unique' },
  { kind: 'type-is', label: 'Type is' },
];

/** The types a `type-is` rule can ask for, in menu order. */
export const RULE_TYPES: readonly { type: ColumnType; label: string }[] = [
  { type: 'number', label: 'Number' },
  { type: 'integer', label: 'Integer' },
  { type: 'boolean', label: 'Boolean (true/false)' },
  { type: 'date', label: 'Date' },
  { type: 'text', label: 'Text' },
];

/** At most this many values in a one-of list. */
export const MAX_ONE_OF_VALUES = 10_000;

/** A rule that cannot be used on this data; the message is shown to the user as is. */
export class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

/** Which `type-is` types a column of each type can hold at all. */
const POSSIBLE_TYPES: Record<ColumnType, readonly ColumnType[]> = {
  text: ['number', 'integer', 'boolean', 'date', 'text'],
  number: ['number', 'integer'],
  integer: ['number', 'integer'],
  date: ['date'],
  boolean: ['boolean'],
};

const COLUMN_WORDS: Record<ColumnType, string> = {
  number: 'a number column',
  integer: 'an integer column',
  boolean: 'a true/false column',
  date: 'a date column',
  text: 'a text column',
};

/** A type in words, as in 'zip is text', 'age is an integer'. */
export const TYPE_WORDS: Record<ColumnType, string> = {
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  date: 'a date',
  text: 'text',
};

/** The end of the range a date bound stands for: a date-only max includes that whole day. */
export function dateBound(text: string, side: 'min' | 'max'): number {
  const trimmed = text.trim();
  const ms = parseDate(trimmed);
  return side === 'max' && trimmed.length === 10 && !Number.isNaN(ms) ? ms + 86_400_000 - 1 : ms;
}

function isBound(value: unknown): boolean {
  return value !== null && value !== undefined;
}

/**
 * Refuses a rule that cannot run on these columns, with the reason in plain words and what to
 * do; returns null when the rule can run.
 */
export function checkRule(rule: Rule, columns: readonly ColumnInfo[]): string | null {
  if (typeof rule.column !== 'string' || rule.column === '' || rule.column === ROW_ID) return 'Choose the column the rule checks.';
  const column = columns.find((c) => c.name === rule.column);
  if (!column) return `There is no column "${rule.column}" in this data any more. Remove the rule or add it again for another column.`;
  const name = column.name;
  switch (rule.kind) {
    case 'not-missing':
    case 'unique':
      return null;
    case 'in-range':
      return checkRange(rule, column);
    case 'pattern':
      if (typeof rule.pattern !== 'string' || rule.pattern.length === 0) return 'Enter a pattern for the value to match.';
      return patternProblem(rule.pattern);
    case 'one-of':
      return checkValues(rule, column);
    case 'type-is': {
      const type = rule.type;
      if (typeof type !== 'string' || !Object.hasOwn(POSSIBLE_TYPES, type)) return 'Choose the type every value must have.';
      if (!POSSIBLE_TYPES[column.type].includes(type)) {
        return `${name} is ${COLUMN_WORDS[column.type]}, so none of its values can be ${TYPE_WORDS[type]}. Type checks are meant for text columns that hold mixed values.`;
      }
      return null;
    }
    default:
      return `Unknown rule kind "${String((rule as { kind: unknown }).kind)}".`;
  }
}

function checkRange(rule: Rule, column: ColumnInfo): string | null {
  const name = column.name;
  if (column.type === 'number' || column.type === 'integer') {
    const { min, max } = rule;
    for (const [label, value] of [['minimum', min], ['maximum', max]] as const) {
      if (isBound(value) && (typeof value !== 'number' || !Number.isFinite(value))) return `The ${label} must be a number.`;
    }
    if (!isBound(min) && !isBound(max)) return `Give a minimum, a maximum or both for the range of ${name}.`;
    if (isBound(min) && isBound(max) && (min as number) > (max as number)) {
      return `The minimum (${String(min)}) is larger than the maximum (${String(max)}). Swap them or change one.`;
    }
    return null;
  }
  if (column.type === 'date') {
    const { minDate, maxDate } = rule;
    for (const [label, value] of [['minimum', minDate], ['maximum', maxDate]] as const) {
      if (isBound(value) && (typeof value !== 'string' || Number.isNaN(parseDate(value.trim())))) {
        return `The ${label} "${String(value)}" is not a date. Write dates as YYYY-MM-DD.`;
      }
    }
    if (!isBound(minDate) && !isBound(maxDate)) return `Give a first date, a last date or both for the range of ${name} (YYYY-MM-DD).`;
    if (isBound(minDate) && isBound(maxDate) && parseDate(minDate!.trim()) > parseDate(maxDate!.trim())) {
      return `The minimum date (${minDate}) is after the maximum date (${maxDate}). Swap them or change one.`;
    }
    return null;
  }
  return `A range needs a number or date column, and ${name} is ${column.type === 'text' ? 'text' : 'true/false'}. Use Matches pattern or One of instead.`;
}

function checkValues(rule: Rule, column: ColumnInfo): string | null {
  const values = rule.values;
  if (!Array.isArray(values) || values.length === 0) return 'Give at least one allowed value (separate values with commas).';
  if (values.length > MAX_ONE_OF_VALUES) return `The list has ${values.length} values; at most ${MAX_ONE_OF_VALUES} are allowed.`;
  for (const value of values) {
    if (typeof value !== 'string' || value.length === 0) return 'One of the allowed values is empty. Remove the extra comma.';
    const trimmed = value.trim();
    if ((column.type === 'number' || column.type === 'integer') && Number.isNaN(parseNumber(trimmed, false))) {
      return `"${value}" is not a number, and ${column.name} holds numbers. List numbers such as 1, 2.5.`;
    }
    if (column.type === 'date' && Number.isNaN(parseDate(trimmed))) {
      return `"${value}" is not a date, and ${column.name} holds dates. Write dates as YYYY-MM-DD.`;
    }
    if (column.type === 'boolean' && parseBoolean(trimmed) === null) {
      return `"${value}" is not true or false, and ${column.name} holds true/false values.`;
    }
  }
  return null;
}

/** At most this many values are listed in a description. */
const DESCRIBED_VALUES = 10;

/** One line for the rule list, e.g. 'age is in range 0 – 120'. */
export function describeRule(rule: Rule): string {
  const name = rule.column;
  switch (rule.kind) {
    case 'not-missing':
      return `${name} is not missing`;
    case 'unique':
      return `${name} is unique`;
    case 'in-range': {
      const dates = isBound(rule.minDate) || isBound(rule.maxDate);
      const low = dates ? rule.minDate : rule.min;
      const high = dates ? rule.maxDate : rule.max;
      if (isBound(low) && isBound(high)) return `${name} is in range ${String(low)} – ${String(high)}`;
      if (isBound(low)) return `${name} is at least ${String(low)}`;
      if (isBound(high)) return `${name} is at most ${String(high)}`;
      return `${name} is in range (no bounds)`;
    }
    case 'pattern':
      return `${name} matches ${rule.pattern ?? ''} (whole value)`;
    case 'one-of': {
      const values = rule.values ?? [];
      const shown = values.slice(0, DESCRIBED_VALUES).join(', ');
      return values.length > DESCRIBED_VALUES ? `${name} is one of ${shown}, … (${values.length} values)` : `${name} is one of ${shown}`;
    }
    case 'type-is':
      return `${name} is ${rule.type ? TYPE_WORDS[rule.type] : 'of a type'}`;
    default:
      return `${name}: unknown rule`;
  }
}
