/**
 * Reading one cell of text: is it missing, a number, a boolean, a date, or just text?
 * Every check is strict on purpose: a value that only sort of looks like a number stays text,
 * so nothing is ever guessed into a different value.
 */
import { civilFromDays, daysFromCivil } from '../../calendar';

/** Cell contents that mean "no value", compared after trimming and ignoring case. */
const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'null', 'nan', '?', '-']);

export function isMissingToken(trimmed: string): boolean {
  const n = trimmed.length;
  if (n === 0) return true;
  // Every other missing token is "?", "-" or 2–4 characters starting with n/N: most cells are
  // ruled out without lower-casing them.
  if (n > 4) return false;
  const c = trimmed.charCodeAt(0);
  if (n === 1) return c === 63 || c === 45;
  return (c | 32) === 110 && MISSING_TOKENS.has(trimmed.toLowerCase());
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

// The scanners below read characters by hand: they run on every cell of every file, and a
// hand-written scan is several times faster than regular expressions and Date objects.

const enum Shape {
  NotNumber,
  /** Digits with an optional sign: 42, -7, 007. */
  Integer,
  /** With a decimal point and/or an exponent: 1.5, .5, 5., 1e3. */
  Decimal,
  /** With a decimal comma (semicolon-separated files only): 1,5. */
  DecimalComma,
  /** With points grouping thousands (semicolon-separated files only): 1.234,5 or 1.234.567. */
  Grouped,
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Value of the last Integer-shaped token with at most 15 digits (exact), else NaN. */
let scannedInteger = NaN;

/** The syntax of a number token: [+-] digits [. digits] [e [+-] digits], strictly. */
function numberShape(s: string, decimalComma: boolean): Shape {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45;
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let digits = 0;
  let value = 0;
  while (isDigit(c)) {
    digits++;
    value = value * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  scannedInteger = digits <= 15 ? (negative ? -value : value) : NaN;
  if (decimalComma && c === 46 && digits >= 1 && digits <= 3 && isGrouped(s, i)) return Shape.Grouped;
  let shape = Shape.Integer;
  if (c === 46 || (decimalComma && c === 44)) {
    shape = c === 46 ? Shape.Decimal : Shape.DecimalComma;
    c = s.charCodeAt(++i);
    let fraction = 0;
    while (isDigit(c)) {
      fraction++;
      c = s.charCodeAt(++i);
    }
    // "1," is not a decimal-comma number; "1." is a number (as in JSON-less exports).
    if (shape === Shape.DecimalComma && fraction === 0) return Shape.NotNumber;
    digits += fraction;
  }
  if (digits === 0) return Shape.NotNumber;
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    let exponent = 0;
    while (isDigit(c)) {
      exponent++;
      c = s.charCodeAt(++i);
    }
    if (exponent === 0) return Shape.NotNumber;
    if (shape === Shape.Integer) shape = Shape.Decimal;
  }
  return i === n ? shape : Shape.NotNumber;
}

/**
 * Whether `s` from `i` (a point after 1–3 leading digits) is thousands groups as written in
 * decimal-comma files: `.ddd` at least once, then either a second group or a decimal comma with
 * digits, up to the end. A lone `1.234` stays a decimal point (the README says why).
 */
function isGrouped(s: string, i: number): boolean {
  const n = s.length;
  let groups = 0;
  while (i < n && s.charCodeAt(i) === 46) {
    if (!(isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2)) && isDigit(s.charCodeAt(i + 3)))) return false;
    groups++;
    i += 4;
  }
  if (i === n) return groups >= 2;
  if (s.charCodeAt(i) !== 44 || i + 1 === n) return false;
  for (let k = i + 1; k < n; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}

/** The value of a token that `numberShape` just scanned. */
function numberValue(s: string, shape: Shape): number {
  if (shape === Shape.Integer && !Number.isNaN(scannedInteger)) return scannedInteger;
  if (shape === Shape.Grouped) return Number(s.replaceAll('.', '').replace(',', '.'));
  return shape === Shape.DecimalComma ? Number(s.replace(',', '.')) : Number(s);
}

/** Parses a trimmed token as a number, or returns NaN. */
export function parseNumber(trimmed: string, decimalComma: boolean): number {
  const shape = numberShape(trimmed, decimalComma);
  return shape === Shape.NotNumber ? NaN : numberValue(trimmed, shape);
}

/** Integer syntax with a leading zero after the sign: 007, -0012 (but not 0). */
function hasLeadingZero(s: string): boolean {
  const c = s.charCodeAt(0);
  const at = c === 43 || c === 45 ? 1 : 0;
  return s.length > at + 1 && s.charCodeAt(at) === 48;
}

/** `true` / `false` in any case. Yes/no, y/n, 0/1 are deliberately not booleans (see README). */
export function parseBoolean(trimmed: string): boolean | null {
  if (trimmed.length === 4 && trimmed.toLowerCase() === 'true') return true;
  if (trimmed.length === 5 && trimmed.toLowerCase() === 'false') return false;
  return null;
}


function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two digits at `i` as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * How the last date `parseDate` accepted was written. Day-and-month forms with `/` or `-` are
 * read by their fields where the fields settle it (a first field over 12 is a day, a second
 * field over 12 is a day), and day first where both fields are 12 or less: the column builder
 * decides such columns from all their cells (infer.ts) and may read them month first instead.
 */
export const DateForm = {
  /** Year first: `2025-12-24`, `2025/12/24`. */
  Iso: 0,
  /** `24.12.2025`: day first, always. */
  Dotted: 1,
  /** `24/12/2025`: the first field is over 12, so it is the day. */
  DayFirst: 2,
  /** `12/24/2025`: the second field is over 12, so the first is the month. */
  MonthFirst: 3,
  /** `05/06/2025`: either reading is a date; read day first. */
  Either: 4,
} as const;
export type DateForm = (typeof DateForm)[keyof typeof DateForm];

let scannedDateForm: DateForm = DateForm.Iso;

/** How the date last accepted by `parseDate` was written. */
export function lastDateForm(): DateForm {
  return scannedDateForm;
}

/** One or two digits at `i`: their value, and where they end in `scannedEnd`; -1 when none. */
let scannedEnd = 0;
function oneOrTwo(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  if (!(a >= 0 && a <= 9)) return -1;
  const b = s.charCodeAt(i + 1) - 48;
  if (b >= 0 && b <= 9) {
    scannedEnd = i + 2;
    return a * 10 + b;
  }
  scannedEnd = i + 1;
  return a;
}

/**
 * Parses a strict date to epoch milliseconds, or returns NaN. Accepted forms:
 * - year first: `YYYY-MM-DD` or `YYYY/MM/DD`;
 * - day first with points: `D.M.YYYY` (`24.12.2025`, `1.2.2025`);
 * - day and month with `/` or `-`: `D/M/YYYY` or `M/D/YYYY` (see `DateForm` for which);
 * each optionally followed (after `T` or a space) by `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`
 * (1–9 fraction digits) and then optionally `Z`, `±HH`, `±HHMM` or `±HH:MM`. Impossible dates
 * (2023-02-30, 25:00) are not dates. A time without an offset is read as UTC, so the same file
 * means the same instant on every machine.
 */
export function parseDate(s: string): number {
  const n = s.length;
  if (n < 8 || !isDigit(s.charCodeAt(0))) return NaN;
  let year: number;
  let month: number;
  let day: number;
  let i: number;
  const hi = two(s, 0);
  const lo = two(s, 2);
  if (hi >= 0 && lo >= 0) {
    const sep = s.charCodeAt(4);
    if (n < 10 || (sep !== 45 && sep !== 47) || s.charCodeAt(7) !== sep) return NaN;
    year = hi * 100 + lo;
    month = two(s, 5);
    day = two(s, 8);
    scannedDateForm = DateForm.Iso;
    i = 10;
  } else {
    const first = oneOrTwo(s, 0);
    let k = scannedEnd;
    const mark = s.charCodeAt(k);
    if (mark !== 46 && mark !== 47 && mark !== 45) return NaN;
    const second = oneOrTwo(s, k + 1);
    k = scannedEnd;
    if (second < 0 || s.charCodeAt(k) !== mark) return NaN;
    const century = two(s, k + 1);
    const rest = two(s, k + 3);
    if (century < 0 || rest < 0) return NaN;
    year = century * 100 + rest;
    i = k + 5;
    if (mark === 46) {
      scannedDateForm = DateForm.Dotted;
      day = first;
      month = second;
    } else if (first > 12) {
      scannedDateForm = DateForm.DayFirst;
      day = first;
      month = second;
    } else if (second > 12) {
      scannedDateForm = DateForm.MonthFirst;
      day = second;
      month = first;
    } else {
      scannedDateForm = DateForm.Either;
      day = first;
      month = second;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const ms = daysFromCivil(year, month, day) * 86_400_000;
  if (n === i) return ms;
  const time = parseTime(s, i);
  return Number.isNaN(time) ? NaN : ms + time;
}

/** The time of day after a date ending at `i` (see `parseDate`) in ms, offset applied; or NaN. */
function parseTime(s: string, i: number): number {
  const n = s.length;
  const t = s.charCodeAt(i);
  if ((t !== 84 && t !== 32) || n < i + 6 || s.charCodeAt(i + 3) !== 58) return NaN;
  const hours = two(s, i + 1);
  const minutes = two(s, i + 4);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  let ms = hours * 3_600_000 + minutes * 60_000;
  i += 6;
  if (i < n && s.charCodeAt(i) === 58) {
    const seconds = two(s, i + 1);
    if (seconds < 0 || seconds > 59) return NaN;
    ms += seconds * 1000;
    i += 3;
    if (i < n && s.charCodeAt(i) === 46) {
      let fraction = 0;
      let scale = 1;
      let k = i + 1;
      while (k < n && k - i <= 9 && isDigit(s.charCodeAt(k))) {
        fraction = fraction * 10 + (s.charCodeAt(k) - 48);
        scale *= 10;
        k++;
      }
      if (k === i + 1 || (k < n && isDigit(s.charCodeAt(k)))) return NaN;
      ms += Math.round((fraction / scale) * 1000);
      i = k;
    }
  }
  if (i === n) return ms;
  const z = s.charCodeAt(i);
  if (z === 90) return i + 1 === n ? ms : NaN;
  if (z !== 43 && z !== 45) return NaN;
  const oh = two(s, i + 1);
  let om: number;
  const rest = n - (i + 3);
  if (rest === 0) om = 0;
  else if (rest === 2) om = two(s, i + 3);
  else if (rest === 3 && s.charCodeAt(i + 3) === 58) om = two(s, i + 4);
  else return NaN;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  return ms - (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/**
 * The same instant with day and month exchanged (`5 June` ↔ `6 May`), for dates whose day is 12
 * or less; other dates are returned as they are. Reading a `D/M/YYYY` column month first is this
 * exchange on each of its dates.
 */
export function swapDayMonth(ms: number): number {
  const days = Math.floor(ms / 86_400_000);
  const time = ms - days * 86_400_000;
  const { year, month, day } = civilFromDays(days);
  if (day > 12) return ms;
  return daysFromCivil(year, day, month) * 86_400_000 + time;
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
  const shape = numberShape(trimmed, decimalComma);
  if (shape !== Shape.NotNumber) {
    const n = numberValue(trimmed, shape);
    out.value = n;
    if (!Number.isFinite(n)) {
      // 1e999: looks like a number but has no value as one.
      out.kind = TokenKind.Text;
      out.value = NaN;
    } else if (shape !== Shape.Integer) out.kind = TokenKind.Number;
    else if (!Number.isSafeInteger(n) || hasLeadingZero(trimmed)) out.kind = TokenKind.Code;
    else out.kind = TokenKind.Integer;
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
