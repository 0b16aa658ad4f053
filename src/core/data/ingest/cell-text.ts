/**
 * How a column builder stores a cell and gets its text back: which cells share the numeric store,
 * how a stored value prints, and which written forms may differ from that print.
 */
import { asciiString } from './byte-tokens';
import { TokenKind, formatDate } from './tokens';

/** What a column's numeric store holds: numbers, booleans as 0/1 or dates as epoch ms. */
export type StoreKind = 'number' | 'boolean' | 'date';

/**
 * A copy of a cell's text that does not keep the chunk it was cut from alive. V8 represents a
 * substring of 13 or more characters as a view into its parent string, so keeping one such cell
 * would keep a whole decoded chunk (64 KB or more) in memory, and a text column would keep the
 * whole file. Concatenating and slicing again makes V8 copy just the cell.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

const STORE_KIND: readonly (StoreKind | null)[] = [null, 'number', 'number', null, 'boolean', 'date', null];

export function storeKindOf(kind: TokenKind): StoreKind | null {
  return STORE_KIND[kind];
}

/** How a value of this kind prints: the text a cell gets back when its written form was not kept. */
export function valueText(kind: TokenKind, value: number): string {
  if (kind === TokenKind.Boolean) return value === 1 ? 'true' : 'false';
  if (kind === TokenKind.Date) return formatDate(value);
  return String(value);
}

/**
 * A cheap test of whether a cell's text may differ from how its value prints, so the exact
 * comparison (which formats the value) runs only for the few cells that need it.
 */
export function mayPrintDifferently(kind: TokenKind, text: string): boolean {
  if (kind === TokenKind.Boolean) return text !== 'true' && text !== 'false';
  if (kind === TokenKind.Date) return text.length !== 10 || text.charCodeAt(4) !== 45;
  // More digits than a double keeps print shorter.
  if (text.length > 15) return true;
  const body = text.charCodeAt(0) === 45 ? text.slice(1) : text;
  const first = body.charCodeAt(0);
  const last = body.charCodeAt(body.length - 1);
  // '+', '.', a leading zero (also "-0"), a trailing zero after a point, an exponent, a comma.
  if (first === 43 || first === 46 || last === 46) return true;
  if (first === 48 && (body.length === 1 ? text !== body : body.charCodeAt(1) !== 46)) return true;
  if (body.includes('e') || body.includes('E') || body.includes(',')) return true;
  return last === 48 && body.includes('.');
}

/** Whether the ASCII cell `buf[start, end)` differs from how its value prints. */
export function bytesPrintDifferently(kind: TokenKind, value: number, buf: Uint8Array, start: number, end: number): boolean {
  // A decimal ending in 0 without an exponent ("1.50"): a printed number never does.
  if (kind === TokenKind.Number && buf[end - 1] === 48) {
    let exponent = false;
    for (let i = start; i < end && !exponent; i++) exponent = buf[i] === 101 || buf[i] === 69;
    if (!exponent) return true;
  }
  return asciiString(buf, start, end) !== valueText(kind, value);
}

/** How a value of the numeric store prints (NaN, missing, is not asked for). */
export function storedValueText(kind: StoreKind | null, value: number): string {
  if (kind === 'boolean') return value === 1 ? 'true' : 'false';
  if (kind === 'date') return formatDate(value);
  return String(value);
}
