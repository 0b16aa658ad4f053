/**
 * Reading one cell of text: is it missing, a number, a boolean, a date, or just text?
 * Every check is strict on purpose: a value that only sort of looks like a number stays text,
 * so nothing is ever guessed into a different value.
 */

/** Cell contents that mean "no value", compared after trimming and ignoring case. */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'null', 'nan', '?', '-']);

export function isMissingToken(trimmed: string): boolean {
  // Every missing token is at most 4 characters long; most cells are longer or numeric.
  return trimmed.length <= 4 && MISSING_TOKENS.has(trimmed.toLowerCase());
}

/** What a token is, for the column builder's counts. */
export const TokenKind = {
  Missing: 0,
  /** A whole number within ±2^53 written without leading zeros. */
  Integer: 1,
  /** Any other finite decimal number. */
  Number: 2,
  /**
   * A whole number that would lose information as a float: leading zeros (`00501`, a zip code)
   * or more digits than a double holds exactly (an ID). It is a number, but a column of such
   * values is kept as text.
   */
  Code: 3,
  Boolean: 4,
  Date: 5,
  Text: 6,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
// Only used with the decimal comma, i.e. in semicolon-separated files: `1,5` or `-0,25`.
const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;

/** Parses a trimmed token as a number, or returns NaN. */
export function parseNumber(trimmed: string, decimalComma: boolean): number {
  const c = trimmed.charCodeAt(0);
  // Fast exit for the common text cell: a number starts with a digit, a sign or a dot.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || (decimalComma && c === 44))) return NaN;
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (decimalComma && DECIMAL_COMMA.test(trimmed)) return Number(trimmed.replace(',', '.'));
  return NaN;
}

/** True for a whole number whose text a float would change: `007`, `-0012`, `12345678901234567890`. */
export function isCodeLike(trimmed: string, value: number): boolean {
  if (!INTEGER.test(trimmed)) return false;
  if (!Number.isSafeInteger(value)) return true;
  const digits = trimmed.charCodeAt(0) === 43 || trimmed.charCodeAt(0) === 45 ? trimmed.slice(1) : trimmed;
  return digits.length > 1 && digits.charCodeAt(0) === 48;
}

export function isIntegerToken(trimmed: string, value: number): boolean {
  return Number.isSafeInteger(value) && INTEGER.test(trimmed);
}

/** `true` / `false` in any case. Yes/no, y/n, 0/1 are deliberately not booleans (see README). */
export function parseBoolean(trimmed: string): boolean | null {
  if (trimmed.length === 4 && trimmed.toLowerCase() === 'true') return true;
  if (trimmed.length === 5 && trimmed.toLowerCase() === 'false') return false;
  return null;
}

// YYYY-MM-DD or YYYY/MM/DD, then optionally a time (T or space) with an optional Z or offset.
const DATE =
  /^(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses a strict ISO-like date to epoch milliseconds, or returns NaN. Impossible dates
 * (2023-02-30, 25:00) are not dates. A time without an offset is read as UTC, so the same file
 * means the same instant on every machine.
 */
export function parseDate(trimmed: string): number {
  const c = trimmed.charCodeAt(0);
  if (trimmed.length < 10 || c < 48 || c > 57) return NaN;
  const m = DATE.exec(trimmed);
  if (m === null) return NaN;
  const year = +m[1];
  const month = +m[3];
  const day = +m[4];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  let millis = 0;
  if (m[5] !== undefined) {
    hours = +m[5];
    minutes = +m[6];
    seconds = m[7] === undefined ? 0 : +m[7];
    millis = m[8] === undefined ? 0 : Math.round(Number(`0.${m[8]}`) * 1000);
    if (hours > 23 || minutes > 59 || seconds > 59) return NaN;
  }
  let offsetMinutes = 0;
  const zone = m[9];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

/** Text for a date when a date column has to be shown as text again. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? iso.slice(0, 10) : iso;
}

/** A parsed token: its kind and, for numbers, booleans and dates, its value. */
export interface Token {
  kind: TokenKind;
  /** Number value, 1/0 for booleans, epoch ms for dates; NaN otherwise. */
  value: number;
}

/** Classifies one trimmed, non-missing token. Reuses `out` to avoid allocating per cell. */
export function classify(trimmed: string, decimalComma: boolean, out: Token): Token {
  const n = parseNumber(trimmed, decimalComma);
  if (!Number.isNaN(n)) {
    if (!Number.isFinite(n)) {
      // 1e999: looks like a number but has no value as one.
      out.kind = TokenKind.Text;
      out.value = NaN;
    } else if (isCodeLike(trimmed, n)) {
      out.kind = TokenKind.Code;
      out.value = n;
    } else {
      out.kind = isIntegerToken(trimmed, n) ? TokenKind.Integer : TokenKind.Number;
      out.value = n;
    }
    return out;
  }
  const b = parseBoolean(trimmed);
  if (b !== null) {
    out.kind = TokenKind.Boolean;
    out.value = b ? 1 : 0;
    return out;
  }
  const d = parseDate(trimmed);
  if (!Number.isNaN(d)) {
    out.kind = TokenKind.Date;
    out.value = d;
    return out;
  }
  out.kind = TokenKind.Text;
  out.value = NaN;
  return out;
}
