/**
 * The bridge between parsed columns and Arquero tables, and between tables and the Arrow IPC
 * chunks the store keeps. Runs in the data worker and in Node tests.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { dateText, shortNumber } from '../format';
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
    chunk: (index) => (rows === 0 ? table.toArrowIPC() : rowRange(table, index * chunkRows, Math.min(rows, (index + 1) * chunkRows)).toArrowIPC()),
  };
}

/**
 * Rows [start, end) as a table of their own. Built from views of the column arrays where the
 * table holds plain ones: Arquero encodes such a table from whole arrays (typed arrays as they
 * are), while a `slice` of it is encoded value by value through a row scan, three times slower.
 */
function rowRange(table: ColumnTable, start: number, end: number): ColumnTable {
  if (table.isFiltered() || table.isOrdered()) return table.slice(start, end);
  const names = table.columnNames();
  const data: Record<string, unknown> = {};
  for (const name of names) {
    const column = table.column(name) as unknown;
    if (ArrayBuffer.isView(column) && !(column instanceof DataView)) data[name] = (column as Float64Array).subarray(start, end);
    else if (Array.isArray(column)) data[name] = column.slice(start, end);
    else return table.slice(start, end);
  }
  return aq.table(data, names);
}

/** Splits a table into Arrow IPC byte chunks of `chunkRows` consecutive rows. */
export function encodeChunks(table: ColumnTable, chunkRows = CHUNK_ROWS): Uint8Array[] {
  const source = tableChunks(table, chunkRows);
  return Array.from({ length: source.count }, (_, index) => source.chunk(index));
}

/** Rebuilds a table from its stored chunks, in order (see `TableAssembler`). */
export function decodeChunks(chunks: readonly Uint8Array[]): ColumnTable {
  if (chunks.length === 0) throw new Error('A stored dataset has no chunks.');
  const parts = chunks.map((bytes) => aq.fromArrow(bytes));
  const assembler = new TableAssembler(parts.reduce((rows, part) => rows + part.numRows(), 0));
  for (const part of parts) assembler.addTable(part);
  return assembler.finish();
}

type TypedArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
type Values = ArrayLike<unknown> & { constructor: unknown };

function isTyped(values: Values): values is TypedArray & Values {
  return ArrayBuffer.isView(values) && !(values instanceof DataView);
}

/**
 * Joins a stored table's chunks, given one at a time, into one array per column, each allocated
 * once at its full length: a typed array where the chunks hold one (numbers, row ids), else a
 * plain array. A chunk can be dropped as soon as it is added, so a table read from the store is
 * never in memory twice. (Arquero's `concat` would also make every column a plain array, where a
 * million numbers cost a boxed object each once a cell is null, and every later read — profile,
 * recipe, training data — goes through the slow element path.)
 */
export class TableAssembler {
  readonly #rows: number;
  #at = 0;
  #names: string[] | null = null;
  #columns: (TypedArray | unknown[])[] = [];

  constructor(rows: number) {
    this.#rows = rows;
  }

  /** Adds the next chunk's Arrow IPC bytes. */
  add(bytes: Uint8Array): void {
    this.addTable(aq.fromArrow(bytes));
  }

  addTable(part: ColumnTable): void {
    const rows = part.numRows();
    if (this.#at + rows > this.#rows) throw new Error(`A stored dataset holds more rows than its ${this.#rows}.`);
    const names = part.columnNames();
    if (this.#names === null) {
      this.#names = names;
      this.#columns = names.map((name) => {
        const values = valuesOf(part, name);
        return isTyped(values) ? new (values.constructor as new (n: number) => TypedArray)(this.#rows) : new Array<unknown>(this.#rows);
      });
    } else if (names.length !== this.#names.length || names.some((name, c) => name !== this.#names![c])) {
      throw new Error('The chunks of a stored dataset do not have the same columns.');
    }
    names.forEach((name, c) => {
      const values = valuesOf(part, name);
      const column = this.#columns[c];
      if (isTyped(values) && values.constructor === column.constructor) {
        (column as TypedArray).set(values, this.#at);
        return;
      }
      // A chunk whose values are not the column's typed kind: the column becomes a plain array.
      const out = Array.isArray(column) ? column : (this.#columns[c] = Array.from(column.subarray(0, this.#at), Number) as unknown[]);
      out.length = this.#rows;
      for (let i = 0; i < rows; i++) out[this.#at + i] = values[i];
    });
    this.#at += rows;
  }

  finish(): ColumnTable {
    if (this.#names === null) throw new Error('A stored dataset has no chunks.');
    if (this.#at !== this.#rows) throw new Error(`A stored dataset holds ${this.#at} rows, not the ${this.#rows} its record says.`);
    const data: Record<string, unknown> = {};
    this.#names.forEach((name, c) => (data[name] = this.#columns[c]));
    return aq.table(data, this.#names);
  }
}

function valuesOf(table: ColumnTable, name: string): Values {
  const column = table.column(name) as unknown as { toArray?: () => Values } & Values;
  return typeof column.toArray === 'function' ? column.toArray() : column;
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
    // Six significant digits are enough to read a value; the stored value keeps full precision.
    return column.type === 'integer' ? String(value) : shortNumber(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return dateText(value.getTime());
  }
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}
