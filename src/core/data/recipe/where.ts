/**
 * Conditions on rows (`Where`), evaluated by plain loops over a column's values into a mask
 * (1 = the condition holds). Nothing here builds an Arquero expression or compiles anything:
 * the column, the comparison and the value come from menus (or `where-text.ts`) and are only
 * ever compared as data.
 *
 * Semantics, one rule for filter, derive (condition) and label-rule:
 * - The condition's value is read as the column's type: numbers (number and integer columns)
 *   and dates by the ingest rules (`parseNumber`, `parseDate`: ISO dates, UTC), booleans as
 *   true/false, text as is. A value that does not read as the column's type is refused.
 * - Text: `equals`, `not-equals` and `one-of` are case-sensitive; `contains` and `starts-with`
 *   ignore case. Ordering comparisons (`less` …) are refused on text and booleans.
 * - A missing cell satisfies no comparison (not even `not-equals`); only `is-missing` selects it.
 */
import type { ColumnInfo, ColumnType } from '../columns';
import type { Frame } from '../frame';
import { parseBoolean, parseDate, parseNumber } from '../ingest/tokens';
import { RecipeError } from './handler';
import type { CellValue } from './frame-ops';
import { TYPE_NOUN, columnValues, missingColumnReason, quote } from './frame-ops';
import type { ComparisonOp, Condition, Scalar, Where } from './steps';

/** The comparisons that fit each column type, in menu order. */
export const OPS_BY_TYPE: Record<ColumnType, readonly ComparisonOp[]> = {
  number: ['equals', 'not-equals', 'less', 'less-or-equal', 'greater', 'greater-or-equal', 'one-of', 'is-missing', 'is-not-missing'],
  integer: ['equals', 'not-equals', 'less', 'less-or-equal', 'greater', 'greater-or-equal', 'one-of', 'is-missing', 'is-not-missing'],
  date: ['equals', 'not-equals', 'less', 'less-or-equal', 'greater', 'greater-or-equal', 'one-of', 'is-missing', 'is-not-missing'],
  boolean: ['equals', 'not-equals', 'one-of', 'is-missing', 'is-not-missing'],
  text: ['equals', 'not-equals', 'contains', 'starts-with', 'one-of', 'is-missing', 'is-not-missing'],
};

/**
 * How each comparison is written in descriptions. The same words `where-text.ts` reads, so a
 * described condition can be typed back in.
 */
export const OP_WORDS: Record<ComparisonOp, string> = {
  equals: '=',
  'not-equals': '!=',
  less: '<',
  'less-or-equal': '<=',
  greater: '>',
  'greater-or-equal': '>=',
  contains: 'contains',
  'starts-with': 'starts with',
  'one-of': 'in',
  'is-missing': 'is missing',
  'is-not-missing': 'is not missing',
};

/** Comparisons as a person reads them, for messages. */
const OP_NAMES: Record<ComparisonOp, string> = {
  equals: 'equals',
  'not-equals': 'does not equal',
  less: 'is less than',
  'less-or-equal': 'is at most',
  greater: 'is greater than',
  'greater-or-equal': 'is at least',
  contains: 'contains',
  'starts-with': 'starts with',
  'one-of': 'is one of',
  'is-missing': 'is missing',
  'is-not-missing': 'is not missing',
};

/** A condition value read as its column's type: a number (dates as epoch ms), a boolean or text. */
type Typed = number | boolean | string;

type Coerced = { ok: true; value: Typed } | { ok: false; reason: string };

function isNumeric(type: ColumnType): boolean {
  return type === 'number' || type === 'integer';
}

/**
 * Reads a condition's value as the type of `column`: numbers for number and integer columns (an
 * integer column may be compared with 2.5), epoch milliseconds for dates, true/false for
 * booleans, the text itself (numbers and booleans written out) for text.
 */
export function coerceConditionValue(value: Scalar | undefined, column: ColumnInfo): Coerced {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '' && column.type !== 'text')) {
    return { ok: false, reason: `The condition on ${column.name} needs a value (use "is missing" to pick missing cells).` };
  }
  const refuse = (): Coerced => {
    const noun = TYPE_NOUN[column.type];
    const as = column.type === 'integer' ? TYPE_NOUN.number.one : noun.one;
    return { ok: false, reason: `${quote(value)} is not ${as}; ${column.name} holds ${noun.many}.` };
  };
  switch (column.type) {
    case 'number':
    case 'integer': {
      const x = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value.trim(), false) : NaN;
      return Number.isFinite(x) ? { ok: true, value: x } : refuse();
    }
    case 'date': {
      const ms = typeof value === 'string' ? parseDate(value.trim()) : NaN;
      return Number.isNaN(ms) ? refuse() : { ok: true, value: ms };
    }
    case 'boolean': {
      const b = typeof value === 'boolean' ? value : typeof value === 'string' ? parseBoolean(value.trim()) : null;
      return b === null ? refuse() : { ok: true, value: b };
    }
    case 'text':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: true, value: typeof value === 'number' ? String(value) : value ? 'true' : 'false' };
  }
}

/** Why a condition cannot be evaluated on these columns, or null. */
export function checkCondition(condition: Condition, columns: readonly ColumnInfo[]): string | null {
  const column = columns.find((c) => c.name === condition.column);
  if (column === undefined) return `There is no column ${condition.column} (any more).`;
  if (!(condition.op in OP_NAMES)) return `Unknown comparison '${String(condition.op)}' on ${column.name}.`;
  const allowed = OPS_BY_TYPE[column.type];
  if (!allowed.includes(condition.op)) {
    const noun = TYPE_NOUN[column.type].many;
    return `${column.name} holds ${noun}, so it cannot be tested with "${OP_NAMES[condition.op]}". Use one of: ${allowed.map((op) => OP_NAMES[op]).join(', ')}.`;
  }
  if (condition.op === 'is-missing' || condition.op === 'is-not-missing') return null;
  if (condition.op === 'one-of') {
    const values = condition.values ?? [];
    if (values.length === 0) return `Pick at least one value for "${column.name} is one of".`;
    for (const value of values) {
      const coerced = coerceConditionValue(value, column);
      if (!coerced.ok) return coerced.reason;
    }
    return null;
  }
  const coerced = coerceConditionValue(condition.value, column);
  if (!coerced.ok) return coerced.reason;
  if ((condition.op === 'contains' || condition.op === 'starts-with') && coerced.value === '') {
    return `Type the text that ${column.name} should ${condition.op === 'contains' ? 'contain' : 'start with'}.`;
  }
  return null;
}

/** Why `where` cannot be evaluated on this frame (unknown column, op that does not fit, bad value), or null. */
export function checkWhere(where: Where, frame: Frame): string | null {
  if (where === null || typeof where !== 'object' || !Array.isArray(where.conditions)) return 'The condition is incomplete.';
  if (where.match !== 'all' && where.match !== 'any') return `Conditions are joined by "all" or "any", not '${String(where.match)}'.`;
  if (where.conditions.length === 0) return 'Add at least one condition.';
  for (const condition of where.conditions) {
    const gone = missingColumnReason(frame, condition.column);
    if (gone !== null) return gone;
    const reason = checkCondition(condition, frame.columns);
    if (reason !== null) return reason;
  }
  return null;
}

/** A value as descriptions show it: text in double quotes, numbers and booleans as they are. */
function describeValue(value: Scalar | undefined): string {
  if (value === null || value === undefined) return 'missing';
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** One condition in words, e.g. `age > 65`, `sex = "F"`, `species in ("Adelie", "Gentoo")`. */
export function describeCondition(condition: Condition): string {
  const words = OP_WORDS[condition.op] ?? String(condition.op);
  if (condition.op === 'is-missing' || condition.op === 'is-not-missing') return `${condition.column} ${words}`;
  if (condition.op === 'one-of') return `${condition.column} ${words} (${(condition.values ?? []).map(describeValue).join(', ')})`;
  return `${condition.column} ${words} ${describeValue(condition.value)}`;
}

/** The whole condition in words, e.g. `age > 65 and sex = "F"`. */
export function describeWhere(where: Where): string {
  const conditions = where.conditions ?? [];
  if (conditions.length === 0) return '(no condition)';
  return conditions.map(describeCondition).join(where.match === 'any' ? ' or ' : ' and ');
}

// ---- Evaluation ----

/** Writes the mask of one (checked) condition into `out`. */
function evaluateCondition(condition: Condition, frame: Frame, out: Uint8Array): void {
  const column = frame.columns.find((c) => c.name === condition.column)!;
  const values = columnValues(frame, column.name);
  const n = out.length;
  const op = condition.op;
  const typed = (v: Scalar | undefined): Typed => {
    const coerced = coerceConditionValue(v, column);
    if (!coerced.ok) throw new RecipeError(coerced.reason);
    return coerced.value;
  };

  if (isNumeric(column.type) || column.type === 'date') {
    // Dates become epoch milliseconds first, so both compare as numbers (NaN = missing).
    let x: ArrayLike<number>;
    if (values instanceof Float64Array) x = values;
    else {
      const times = new Float64Array(n);
      const source = values as CellValue[];
      for (let i = 0; i < n; i++) {
        const d = source[i];
        times[i] = d instanceof Date ? d.getTime() : typeof d === 'number' ? d : NaN;
      }
      x = times;
    }
    compareNumbers(op, x, op === 'one-of' ? (condition.values ?? []).map((v) => typed(v) as number) : op === 'is-missing' || op === 'is-not-missing' ? 0 : (typed(condition.value) as number), out);
    return;
  }

  const source = values as CellValue[];
  if (op === 'is-missing' || op === 'is-not-missing') {
    const want = op === 'is-missing' ? 1 : 0;
    for (let i = 0; i < n; i++) out[i] = source[i] === null || source[i] === undefined ? want : 1 - want;
    return;
  }
  if (op === 'one-of') {
    const set = new Set<Typed>((condition.values ?? []).map(typed));
    for (let i = 0; i < n; i++) {
      const v = source[i];
      out[i] = v !== null && v !== undefined && set.has(v as Typed) ? 1 : 0;
    }
    return;
  }
  const value = typed(condition.value);
  switch (op) {
    case 'equals':
      for (let i = 0; i < n; i++) out[i] = source[i] === value ? 1 : 0;
      return;
    case 'not-equals':
      for (let i = 0; i < n; i++) {
        const v = source[i];
        out[i] = v !== null && v !== undefined && v !== value ? 1 : 0;
      }
      return;
    case 'contains':
    case 'starts-with': {
      const needle = (value as string).toLowerCase();
      const starts = op === 'starts-with';
      // Columns repeat their values: remember the answer for each distinct text (bounded).
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = source[i] as string | null;
        if (v === null || v === undefined) {
          out[i] = 0;
          continue;
        }
        let hit = seen.get(v);
        if (hit === undefined) {
          const lower = v.toLowerCase();
          hit = (starts ? lower.startsWith(needle) : lower.includes(needle)) ? 1 : 0;
          if (seen.size < 65_536) seen.set(v, hit);
        }
        out[i] = hit;
      }
      return;
    }
    default:
      throw new RecipeError(`${column.name} cannot be tested with "${OP_NAMES[op] ?? String(op)}".`);
  }
}

function compareNumbers(op: ComparisonOp, x: ArrayLike<number>, value: number | number[], out: Uint8Array): void {
  const n = out.length;
  const v = value as number;
  switch (op) {
    case 'equals':
      for (let i = 0; i < n; i++) out[i] = x[i] === v ? 1 : 0;
      return;
    case 'not-equals':
      for (let i = 0; i < n; i++) out[i] = x[i] === x[i] && x[i] !== v ? 1 : 0;
      return;
    // NaN compares false with everything, so missing cells never pass.
    case 'less':
      for (let i = 0; i < n; i++) out[i] = x[i] < v ? 1 : 0;
      return;
    case 'less-or-equal':
      for (let i = 0; i < n; i++) out[i] = x[i] <= v ? 1 : 0;
      return;
    case 'greater':
      for (let i = 0; i < n; i++) out[i] = x[i] > v ? 1 : 0;
      return;
    case 'greater-or-equal':
      for (let i = 0; i < n; i++) out[i] = x[i] >= v ? 1 : 0;
      return;
    case 'is-missing':
      for (let i = 0; i < n; i++) out[i] = x[i] !== x[i] ? 1 : 0;
      return;
    case 'is-not-missing':
      for (let i = 0; i < n; i++) out[i] = x[i] === x[i] ? 1 : 0;
      return;
    case 'one-of': {
      const set = new Set(value as number[]);
      for (let i = 0; i < n; i++) out[i] = set.has(x[i]) ? 1 : 0;
      return;
    }
    default:
      throw new RecipeError(`Numbers and dates cannot be tested with "${OP_NAMES[op] ?? String(op)}".`);
  }
}

/**
 * Evaluates `where` over the frame's rows: 1 where it holds, 0 elsewhere. Throws RecipeError with
 * `checkWhere`'s reason when the condition does not fit the frame.
 */
export function evaluateWhere(where: Where, frame: Frame): Uint8Array {
  const reason = checkWhere(where, frame);
  if (reason !== null) throw new RecipeError(reason);
  const n = frame.table.numRows();
  const all = where.match === 'all';
  const mask = new Uint8Array(n);
  evaluateCondition(where.conditions[0], frame, mask);
  if (where.conditions.length === 1) return mask;
  const scratch = new Uint8Array(n);
  for (let c = 1; c < where.conditions.length; c++) {
    evaluateCondition(where.conditions[c], frame, scratch);
    if (all) for (let i = 0; i < n; i++) mask[i] &= scratch[i];
    else for (let i = 0; i < n; i++) mask[i] |= scratch[i];
  }
  return mask;
}

/** How many rows a mask selects. */
export function countMask(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  return count;
}
