/**
 * Writing a frame (or some of its rows and columns) as CSV, for the downloads of the Split step.
 * DOM-free: it runs in the data worker and in Node tests.
 *
 * Format (RFC 4180):
 * - UTF-8 without a byte-order mark; records end in CRLF, as RFC 4180 says (every spreadsheet
 *   and CSV reader, ours included, reads CRLF; the last record ends in CRLF too).
 * - A header row with the column names; the hidden row-id column (`ROW_ID`) is never written.
 * - A field is quoted when it contains a comma, a double quote, CR or LF, or starts or ends with
 *   white space; a double quote inside is doubled.
 * - Missing values (null, NaN, invalid dates) are empty cells.
 * - Numbers in the shortest form that reads back as the same number (`String(x)`): integers
 *   without `.0`, `0.30000000000000004`, `1e+21`. −0 is written `0`, infinities `Infinity` and
 *   `-Infinity`.
 * - Dates as ISO 8601 in UTC: `2024-03-01` when the time is midnight UTC, otherwise
 *   `2024-03-01T12:30:00Z` (with `.123` when there are milliseconds). Booleans `true` / `false`.
 * - Formula injection (OWASP, "CSV Injection"): a text cell (or column name) starting with `=`,
 *   `+`, `-`, `@`, tab or CR gets a leading single quote, so a spreadsheet shows it as text
 *   instead of running it as a formula: `=HYPERLINK(…)` → `'=HYPERLINK(…)`, text `-5` → `'-5`.
 *   Numbers are never changed: the number −3 is written `-3`. Such text therefore reads back
 *   with the quote; `escapeFormulas: false` turns this off (for files only programs will read).
 *
 * Memory: the text is produced in pieces of about 1 MB (`csvChunks`), and the Blob is made of
 * those pieces, so a million rows never become one giant string.
 */
import type { ColumnTable } from 'arquero';
import type { ColumnInfo } from './columns';
import type { Frame } from './frame';
import { ROW_ID } from './frame';

export interface CsvOptions {
  /** Row positions of the frame's table to write, in this order; all rows when absent. */
  rows?: Int32Array | Uint32Array | readonly number[];
  /** Column names to write, in this order; all visible columns when absent. `ROW_ID` is skipped. */
  columns?: readonly string[];
  /** Prefix text starting with = + - @ tab CR with `'` (default true). */
  escapeFormulas?: boolean;
  /** Characters per piece of text (default about 1 MB). */
  chunkChars?: number;
}

export const CSV_MIME = 'text/csv;charset=utf-8';
const DEFAULT_CHUNK_CHARS = 1 << 20;
const EOL = '\r\n';

/** Characters that make a spreadsheet read a cell as a formula: = + - @ tab CR. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** White space as `String.prototype.trim` sees it (what CSV readers, ours included, strip). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/** Quotes a field when RFC 4180 needs it (or its edge white space would otherwise be lost). */
export function quoteField(text: string): string {
  const n = text.length;
  if (n === 0) return text;
  let needs = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(n - 1));
  let hasQuote = false;
  for (let i = 0; i < n && !hasQuote; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) hasQuote = needs = true;
    else if (c === 44 || c === 10 || c === 13) needs = true;
  }
  if (!needs) return text;
  return `"${hasQuote ? text.replaceAll('"', '""') : text}"`;
}

/** A text cell or name as written: formula-escaped, then quoted as needed. */
export function textField(text: string, escapeFormulas = true): string {
  return quoteField(escapeFormulas && startsLikeFormula(text) ? `'${text}` : text);
}

/** A date as ISO 8601 in UTC, date-only at midnight UTC; '' for an invalid date. */
export function formatIsoDate(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, iso.length - 14);
  return iso.endsWith('.000Z') ? `${iso.slice(0, iso.length - 5)}Z` : iso;
}

/** One cell as CSV text. `column` says how to read numbers (epoch ms in a date column). */
function formatValue(value: unknown, type: ColumnInfo['type'], escapeFormulas: boolean): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return '';
      if (type === 'date') return formatIsoDate(value);
      return String(value); // -0 → '0'; numbers are never formula-escaped
    case 'string':
      return textField(value, escapeFormulas);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof Date) return formatIsoDate(value.getTime());
  // Anything else (a list or record from a typed file) as its JSON text.
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return textField(text, escapeFormulas);
}

function resolveColumns(frame: Frame, names: readonly string[] | undefined): ColumnInfo[] {
  if (names === undefined) return frame.columns.filter((c) => c.name !== ROW_ID);
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const chosen: ColumnInfo[] = [];
  for (const name of names) {
    if (name === ROW_ID) continue;
    const info = byName.get(name);
    if (info === undefined) throw new Error(`There is no column "${name}" to write.`);
    chosen.push(info);
  }
  return chosen;
}

function checkRows(table: ColumnTable, rows: ArrayLike<number>): void {
  const n = table.numRows();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new RangeError(`Row position ${r} is outside the table (it has ${n} rows).`);
    }
  }
}

/**
 * The CSV text of a frame in pieces of about `chunkChars` characters (each piece ends at the end
 * of a record). Lazily computed: the caller can stop early.
 */
export function* csvChunks(frame: Frame, options: CsvOptions = {}): Generator<string, void, undefined> {
  const escape = options.escapeFormulas ?? true;
  const limit = Math.max(1, options.chunkChars ?? DEFAULT_CHUNK_CHARS);
  const columns = resolveColumns(frame, options.columns);
  const table = frame.table;
  const rows = options.rows;
  if (rows !== undefined) checkRows(table, rows);
  const count = rows === undefined ? table.numRows() : rows.length;

  const getters = columns.map((c) => table.getter(c.name));
  const types = columns.map((c) => c.type);
  const width = columns.length;

  let pieces: string[] = [columns.map((c) => textField(c.name, escape)).join(',') + EOL];
  let size = pieces[0].length;
  for (let i = 0; i < count; i++) {
    const row = rows === undefined ? i : rows[i];
    let line = width > 0 ? formatValue(getters[0](row), types[0], escape) : '';
    for (let j = 1; j < width; j++) line += ',' + formatValue(getters[j](row), types[j], escape);
    // A lone empty field would be a blank line, which readers skip: write it as "".
    line += width === 1 && line === '' ? '""' + EOL : EOL;
    pieces.push(line);
    size += line.length;
    if (size >= limit) {
      yield pieces.join('');
      pieces = [];
      size = 0;
    }
  }
  if (pieces.length > 0) yield pieces.join('');
}

/** The CSV file of a frame, or of the given rows and columns of it, as a Blob (see the file comment). */
export function frameToCsv(frame: Frame, options: CsvOptions = {}): Blob {
  return new Blob(Array.from(csvChunks(frame, options)), { type: CSV_MIME });
}
