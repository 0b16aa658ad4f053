/**
 * Reading one cell straight from UTF-8 bytes, by the rules of tokens.ts, so that the cells of a
 * large file are classified and parsed without first becoming JavaScript strings. Every token the
 * rules accept as missing, number, boolean or date is ASCII, so a byte that is not ASCII always
 * means text (the tests check `classifyBytes` against `classify` on random cells).
 */
import { DateForm, TokenKind, lastDateForm, parseDate } from './tokens';
import type { Token } from './tokens';

const PLUS = 43;
const MINUS = 45;
const POINT = 46;
const COMMA = 44;
const ZERO = 48;

// Powers of ten that a double holds exactly; 10^22 is the largest.
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
// Beyond this many significant digits the mantissa is no longer an exact integer in a double.
const MAX_EXACT_DIGITS = 15;

/** The whitespace that String.prototype.trim removes, as far as it is ASCII. */
export function isSpaceByte(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/**
 * A string from bytes known to be ASCII. One character per byte, built without a decoder call,
 * which costs more than the work for a short cell.
 */
export function asciiString(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
    return s;
  }
  if (end - start <= ASCII_PIECE) return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  // `apply` passes every byte as an argument: a long cell (megabytes) would overflow the call
  // stack, so it is built from pieces of a size every engine takes.
  const parts: string[] = [];
  for (let at = start; at < end; at += ASCII_PIECE) {
    parts.push(String.fromCharCode.apply(null, buf.subarray(at, Math.min(end, at + ASCII_PIECE)) as unknown as number[]));
  }
  return parts.join('');
}

/** Bytes per `String.fromCharCode.apply` call: far below any engine's argument limit. */
const ASCII_PIECE = 8192;

/** Same as `isMissingToken` on the trimmed cell `buf[start, end)`. */
export function isMissingBytes(buf: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  if (n > 4) return false;
  const c = buf[start];
  if (n === 1) return c === 63 || c === MINUS;
  if ((c | 32) !== 110) return false;
  const a = buf[start + 1] | 32;
  if (n === 2) return a === 97;
  if (n === 3) return (buf[start + 1] === 47 && (buf[start + 2] | 32) === 97) || (a === 97 && (buf[start + 2] | 32) === 110);
  return a === 117 && (buf[start + 2] | 32) === 108 && (buf[start + 3] | 32) === 108;
}

function isWord(buf: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

function lowerIs(buf: Uint8Array, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((buf[start + k] | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Whether the cell last classified surely prints as written ("1.5" does; "1.50", "+5", "TRUE"
 * may not): the cheap test of cell-text.ts's `mayPrintDifferently`, made while scanning the cell.
 */
let plain = false;

export function printsAsWritten(): boolean {
  return plain;
}

/** Same as `classify` on the trimmed, non-missing cell `buf[start, end)`; reuses `out`. */
export function classifyBytes(buf: Uint8Array, start: number, end: number, decimalComma: boolean, out: Token): Token {
  if (scanNumber(buf, start, end, decimalComma, out)) return out;
  const n = end - start;
  if (n === 4 && lowerIs(buf, start, 'true')) {
    plain = isWord(buf, start, end, 'true');
    out.kind = TokenKind.Boolean;
    out.value = 1;
    return out;
  }
  if (n === 5 && lowerIs(buf, start, 'false')) {
    plain = isWord(buf, start, end, 'false');
    out.kind = TokenKind.Boolean;
    out.value = 0;
    return out;
  }
  if (n >= 8 && mayBeDate(buf, start) && isAscii(buf, start, end)) {
    const ms = parseDate(asciiString(buf, start, end));
    if (!Number.isNaN(ms)) {
      plain = n === 10 && buf[start + 4] === MINUS && lastDateForm() === DateForm.Iso;
      out.kind = TokenKind.Date;
      out.value = ms;
      return out;
    }
  }
  plain = false;
  out.kind = TokenKind.Text;
  out.value = NaN;
  return out;
}

function isDateMark(b: number): boolean {
  return b === MINUS || b === 47 || b === POINT;
}

/** Whether the cell is shaped like the start of a date `parseDate` may accept (most text is not). */
function mayBeDate(buf: Uint8Array, start: number): boolean {
  if (!(buf[start] >= 48 && buf[start] <= 57)) return false;
  const year = buf[start + 4];
  return year === MINUS || year === 47 || isDateMark(buf[start + 1]) || isDateMark(buf[start + 2]);
}

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return false;
  return true;
}

/**
 * The number syntax of tokens.ts (`[+-]digits[.digits][e[+-]digits]`, a decimal comma where
 * allowed) and its value. The value is exact without a string when the significant digits fit a
 * double's integers and the power of ten is one a double holds (Clinger's fast path: one correctly
 * rounded multiply or divide of two exact numbers); otherwise `Number` reads the text, so the
 * value is always the one `Number(text)` gives. Returns false for anything that is not a number.
 */
function scanNumber(buf: Uint8Array, start: number, end: number, decimalComma: boolean, out: Token): boolean {
  let i = start;
  let c = buf[i];
  const negative = c === MINUS;
  if (c === PLUS || c === MINUS) c = buf[++i];
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  while (i < end && c >= 48 && c <= 57) {
    digits++;
    if (significant > 0 || c !== ZERO) {
      significant++;
      mantissa = mantissa * 10 + (c - ZERO);
    }
    c = buf[++i];
  }
  const integerDigits = digits;
  if (decimalComma && c === POINT && digits >= 1 && digits <= 3 && isGroupedBytes(buf, i, end)) {
    // 1.234,5: rare enough to read through a string, as tokens.ts does.
    plain = false;
    out.kind = TokenKind.Number;
    out.value = Number(asciiString(buf, start, end).replaceAll('.', '').replace(',', '.'));
    return true;
  }
  let integer = true;
  let comma = false;
  let exponential = false;
  let scale = 0;
  if (i < end && (c === POINT || (decimalComma && c === COMMA))) {
    integer = false;
    comma = c === COMMA;
    c = buf[++i];
    while (i < end && c >= 48 && c <= 57) {
      digits++;
      scale--;
      if (significant > 0 || c !== ZERO) {
        significant++;
        mantissa = mantissa * 10 + (c - ZERO);
      }
      c = buf[++i];
    }
    // "1," is not a decimal-comma number; "1." is a number.
    if (comma && digits === integerDigits) return false;
  }
  if (digits === 0) return false;
  if (i < end && (c === 101 || c === 69)) {
    integer = false;
    exponential = true;
    c = buf[++i];
    let sign = 1;
    if (i < end && (c === PLUS || c === MINUS)) {
      if (c === MINUS) sign = -1;
      c = buf[++i];
    }
    let exponent = 0;
    let exponentDigits = 0;
    while (i < end && c >= 48 && c <= 57) {
      exponentDigits++;
      // Past any power a double can reach the exact size no longer matters.
      if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
      c = buf[++i];
    }
    if (exponentDigits === 0) return false;
    scale += sign * exponent;
  }
  if (i !== end) return false;

  const body = negative ? start + 1 : start;
  const last = buf[end - 1];
  plain =
    end - start <= 15 &&
    buf[start] !== PLUS &&
    !exponential &&
    !comma &&
    integerDigits > 0 &&
    last !== POINT &&
    // A trailing zero after the point ("1.50"); `integer` is false here only for a point.
    !(last === ZERO && !integer) &&
    !(buf[body] === ZERO && (end - body === 1 ? negative : buf[body + 1] !== POINT));

  let value: number;
  if (significant <= MAX_EXACT_DIGITS && (integer || (scale >= -22 && scale <= 22))) {
    value = scale >= 0 ? mantissa * EXACT_POWERS[scale] : mantissa / EXACT_POWERS[-scale];
    if (negative) value = -value;
  } else {
    const text = asciiString(buf, start, end);
    value = Number(comma ? text.replace(',', '.') : text);
  }
  if (!Number.isFinite(value)) {
    // 1e999: looks like a number but has no value as one.
    out.kind = TokenKind.Text;
    out.value = NaN;
    return true;
  }
  out.value = value;
  if (!integer) out.kind = TokenKind.Number;
  else if (!Number.isSafeInteger(value) || hasLeadingZero(buf, start, end)) out.kind = TokenKind.Code;
  else out.kind = TokenKind.Integer;
  return true;
}

/** tokens.ts's `isGrouped` on bytes: `.ddd` groups from `i`, then a second group or `,digits`, to the end. */
function isGroupedBytes(buf: Uint8Array, i: number, end: number): boolean {
  const digit = (k: number): boolean => k < end && buf[k] >= 48 && buf[k] <= 57;
  let groups = 0;
  while (i < end && buf[i] === POINT) {
    if (!(digit(i + 1) && digit(i + 2) && digit(i + 3))) return false;
    groups++;
    i += 4;
  }
  if (i === end) return groups >= 2;
  if (buf[i] !== COMMA || i + 1 === end) return false;
  for (let k = i + 1; k < end; k++) if (!digit(k)) return false;
  return true;
}

function hasLeadingZero(buf: Uint8Array, start: number, end: number): boolean {
  const c = buf[start];
  const at = c === PLUS || c === MINUS ? start + 1 : start;
  return end > at + 1 && buf[at] === ZERO;
}
