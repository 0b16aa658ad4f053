/**
 * The bridge between parsed columns and Arquero tables, and between tables and the Arrow IPC
 * chunks the store keeps. Runs in the data worker and in Node tests.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { ColumnInfo, ParsedTable } from './columns';

/** Rows per stored chunk: small enough to write and read without long pauses, large enough to be few. */
export const CHUNK_ROWS = 65_536;

export function toArqueroTable(parsed: ParsedTable): ColumnTable {
  const data: Record<string, unknown> = {};
  for (const column of parsed.columns) data[column.info.name] = column.values;
  // Passing names keeps the column order of the file even where a name looks like an index.
  return aq.table(data, parsed.columns.map((c) => c.info.name));
}

/**
 * A table as Arrow IPC chunks of `chunkRows` consecutive rows, each encoded only when asked for
 * (the store writes one and lets it go before the next is made). An empty table is one chunk.
 */
export function tableChunks(table: ColumnTable, chunkRows = CHUNK_ROWS): { count: number; chunk(index: number): Uint8Array } {
  const rows = table.numRows();
  return {
    count: Math.max(1, Math.ceil(rows / chunkRows)),
    chunk: (index) => (rows === 0 ? table.toArrowIPC() : table.slice(index * chunkRows, Math.min(rows, (index + 1) * chunkRows)).toArrowIPC()),
  };
}

/** Splits a table into Arrow IPC byte chunks of `chunkRows` consecutive rows. */
export function encodeChunks(table: ColumnTable, chunkRows = CHUNK_ROWS): Uint8Array[] {
  const source = tableChunks(table, chunkRows);
  return Array.from({ length: source.count }, (_, index) => source.chunk(index));
}

/**
 * Rebuilds a table from its stored chunks, in order. Each column is joined into one array of the
 * kind its chunks hold: a typed array where every chunk has the same typed array (numbers without
 * nulls, row ids), else a plain array. Arquero's `concat` would turn every column into a plain
 * array, where a million numbers cost a boxed object each once one cell is null, and every later
 * read (profile, recipe, training data) goes through the slow element path.
 */
export function decodeChunks(chunks: readonly Uint8Array[]): ColumnTable {
  if (chunks.length === 0) throw new Error('A stored dataset has no chunks.');
  const parts = chunks.map((bytes) => aq.fromArrow(bytes));
  if (parts.length === 1) return parts[0];
  const names = parts[0].columnNames();
  const data: Record<string, unknown> = {};
  for (const name of names) data[name] = joinColumn(parts.map((part) => valuesOf(part, name)));
  return aq.table(data, names);
}

type Values = ArrayLike<unknown> & { constructor: unknown };

function valuesOf(table: ColumnTable, name: string): Values {
  const column = table.column(name) as unknown as { toArray?: () => Values } & Values;
  if (column === undefined) throw new Error(`A stored chunk lacks the column "${name}".`);
  return typeof column.toArray === 'function' ? column.toArray() : column;
}

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

function joinColumn(pieces: Values[]): ArrayLike<unknown> {
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const kind = pieces[0].constructor;
  if (ArrayBuffer.isView(pieces[0]) && !(pieces[0] instanceof DataView) && pieces.every((piece) => piece.constructor === kind)) {
    const out = new (kind as new (n: number) => TypedArray)(length);
    let at = 0;
    for (const piece of pieces as TypedArray[]) {
      out.set(piece, at);
      at += piece.length;
    }
    return out;
  }
  const out: unknown[] = new Array(length);
  let at = 0;
  for (const piece of pieces) for (let i = 0; i < piece.length; i++) out[at++] = piece[i];
  return out;
}

/** A cell as the preview shows it: text, or null for a missing value. */
export type DisplayCell = string | null;

/**
 * Formats a window of rows for display. Values are turned into text here, in the worker, so the
 * main thread never receives more than the rows on screen.
 */
export function formatRows(table: ColumnTable, columns: readonly ColumnInfo[], offset: number, limit: number): DisplayCell[][] {
  const end = Math.min(table.numRows(), Math.max(0, offset) + Math.max(0, limit));
  const getters = columns.map((c) => table.getter(c.name));
  const rows: DisplayCell[][] = [];
  for (let row = Math.max(0, offset); row < end; row++) {
    rows.push(columns.map((c, j) => formatCell(getters[j](row), c)));
  }
  return rows;
}

export function formatCell(value: unknown, column: ColumnInfo): DisplayCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    if (column.type === 'integer' || Number.isInteger(value)) return String(value);
    // Six significant digits are enough to read a value; the stored value keeps full precision.
    return String(Number(value.toPrecision(6)));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}
