/**
 * The column model every data step shares. A parsed dataset is a set of equally long columns,
 * each with an inferred type; missing values are `NaN` in numeric columns and `null` elsewhere.
 * This is deliberately independent of Arquero so that parsers stay plain, testable functions;
 * the data worker turns a `ParsedTable` into an Arquero table.
 */

/** The types the studio infers for a column, from every row. */
export type ColumnType = 'number' | 'integer' | 'boolean' | 'date' | 'text';

/** Values of one column: numbers (integer and number columns) use NaN for missing. */
export type ColumnValues = Float64Array | (boolean | null)[] | (Date | null)[] | (string | null)[];

/**
 * How a date column written with day and month (`05/06/2025`) was read. Absent for other columns
 * and for dates written year first or with points (`24.12.2025`, always day first).
 */
export interface DateReading {
  order: 'day-first' | 'month-first';
  /** Nothing in the column settles the order, so the user may switch it (every date can be read both ways). */
  switchable: boolean;
  /** Plain words for the Data step: which reading, and what settled it. */
  note: string;
}

/** What the studio knows about a column after ingest. */
export interface ColumnInfo {
  /** Name as used everywhere in the studio (after renaming empty or duplicate names). */
  name: string;
  type: ColumnType;
  /** Number of missing cells (missing tokens, empty cells, and values that did not fit the type). */
  missing: number;
  dates?: DateReading;
}

export interface ParsedColumn {
  info: ColumnInfo;
  values: ColumnValues;
}

/** A problem a person must know about; the file was still read. */
export interface IngestWarning {
  /** Stable machine-readable kind, e.g. 'ragged-row', 'type-mismatch', 'renamed-column'. */
  code: string;
  /** Plain words: what happened, where (line number), and what the studio did about it. */
  message: string;
  /** 1-based line number in the file, where there is one. */
  line?: number;
  column?: string;
  /** How many rows or cells it concerns. */
  count?: number;
}

export interface ParsedTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  /** How the file was read, shown to the user: e.g. 'CSV, comma-separated, UTF-8'. */
  description: string;
}

/**
 * A file that cannot be read at all (empty, binary, invalid JSON, unbalanced quote …).
 * The message is shown in an alert as is: it says what was wrong and what to do.
 */
export class IngestError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'IngestError';
    this.line = line;
  }
}

