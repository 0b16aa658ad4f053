/**
 * How validation reads one cell. The same functions serve a frame's column arrays (run.ts) and a
 * single input record at prediction time (row.ts), so both agree on every value.
 *
 * Cells come as Arquero gives them (numbers with NaN for missing, booleans, `Date`s, strings,
 * null), or, in a record, as a person or a JSON request wrote them (numbers may be strings).
 */
import { dateText } from '../../format';
import type { ColumnType } from '../columns';
import { TokenKind, classify, parseBoolean, parseDate, parseNumber, type Token } from '../ingest/tokens';

/**
 * Missing: null, undefined, NaN, an invalid `Date`, or a string that is empty or only blank
 * space. (Ingest already turns missing tokens such as `NA` into null; a record's `""` is missing.)
 */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'number':
      return value !== value;
    case 'string': {
      const n = value.length;
      if (n === 0) return true;
      // Most cells start and end with a visible character: no trim needed.
      if (value.charCodeAt(0) > 32 && value.charCodeAt(n - 1) > 32) return false;
      return value.trim().length === 0;
    }
    case 'object':
      return value instanceof Date && Number.isNaN(value.getTime());
    default:
      return false;
  }
}

/** A number from a cell: numbers as they are, numeric text (trimmed, strict syntax), else NaN. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value.trim(), false);
  if (typeof value === 'bigint') return Number(value);
  return NaN;
}

/** Epoch milliseconds from a cell: a `Date`, a number (already epoch ms), ISO text; else NaN. */
export function toTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDate(value.trim());
  return NaN;
}

/** A boolean from a cell: booleans, or the text `true` / `false` in any case; else null. */
export function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return parseBoolean(value.trim());
  return null;
}

/**
 * The text form of a non-missing cell, which patterns are matched against: strings as they are
 * (not trimmed), numbers in full precision (`String(x)`), `true`/`false`, dates as `dateText`.
 */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return dateText(value.getTime());
  return String(value);
}

/**
 * What a non-missing cell reads as, for `type-is`. Typed cells keep their type (a whole number
 * within ±2^53 is an integer); text is read by the same strict rules as ingest (`tokens.ts`).
 * `code` is a whole number that ingest keeps as text: leading zeros (`00501`) or more digits
 * than a double holds.
 */
export type ValueKind = 'integer' | 'number' | 'code' | 'boolean' | 'date' | 'text' | 'other';

const token: Token = { kind: TokenKind.Missing, value: NaN };

export function valueKind(value: unknown): ValueKind {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return 'other';
      return Number.isSafeInteger(value) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'string':
      switch (classify(value.trim(), false, token).kind) {
        case TokenKind.Integer: return 'integer';
        case TokenKind.Number: return 'number';
        case TokenKind.Code: return 'code';
        case TokenKind.Boolean: return 'boolean';
        case TokenKind.Date: return 'date';
        default: return 'text';
      }
    default:
      return value instanceof Date ? 'date' : 'other';
  }
}

/**
 * Whether a value of this kind counts as `type`:
 * - number: any finite number (integers and codes such as `00501` included);
 * - integer: a whole number within ±2^53 without leading zeros (`007` is a code, not an integer);
 * - boolean: `true` / `false` (not yes/no, not 0/1, as in ingest);
 * - date: `YYYY-MM-DD` or an ISO date-time;
 * - text: anything that does not read as a number, boolean or date; codes count as text too.
 */
export function kindIs(kind: ValueKind, type: ColumnType): boolean {
  switch (type) {
    case 'number': return kind === 'integer' || kind === 'number' || kind === 'code';
    case 'integer': return kind === 'integer';
    case 'boolean': return kind === 'boolean';
    case 'date': return kind === 'date';
    case 'text': return kind === 'text' || kind === 'code';
  }
}

