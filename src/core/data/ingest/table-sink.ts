/**
 * Records → columns: the first record is the header, every later one a row fed to one column
 * builder per column; ragged rows are evened out and counted, rows of empty fields skipped. A
 * sink can also take a later part of a file whose header is already known, and be appended to
 * the sink of the part before it (parallel parsing).
 */
import { IngestError } from '../columns';
import type { IngestWarning, ParsedColumn } from '../columns';
import type { ByteRecord } from './delimited-bytes';
import { fieldText, isBlankField } from './delimited-bytes';
import type { Delimiter } from './delimiter';
import { ColumnBuilder } from './infer';
import type { ColumnBuilderState } from './infer';
import { cleanNames } from './names';

export interface DelimitedTable {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  delimiter: Delimiter | null;
  /** Some number was written with a decimal comma (semicolon-separated files only). */
  usedDecimalComma: boolean;
}

export interface SinkOptions {
  decimalComma: boolean;
  /** The first record is Excel's "sep=;" line, not the header. */
  skipFirstLine?: boolean;
  /** The header's width, for a part of the file after the header: every record is a row. */
  width?: number;
}

interface Tally {
  count: number;
  first: number;
}

/** Quoted fields that swallowed lines (see `checkQuotedLines`): how many, and where the first one is. */
interface Swallowed {
  count: number;
  /** Line where the first such field starts, and where its closing quote is. */
  first: number;
  last: number;
  /** Its position in the record (0-based). */
  column: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Plain data for sending a sink to another thread. */
export interface SinkState {
  names: string[] | null;
  headerWarnings: IngestWarning[];
  trailingUnnamed: boolean;
  width: number;
  rowCount: number;
  short: Tally;
  long: Tally;
  empty: Tally;
  swallowed: Swallowed;
  builders: ColumnBuilderState[];
}

export function emptyFileError(fileName: string): IngestError {
  return new IngestError(
    `"${fileName}" is empty: it has no rows or columns, only blank space. Choose a file with a header row and at least one row of data.`,
  );
}

export class TableSink {
  private readonly decimalComma: boolean;
  private skipFirstLine: boolean;
  private names: string[] | null = null;
  private headerWarnings: IngestWarning[] = [];
  private trailingUnnamed = false;
  private width = 0;
  private rowCount = 0;
  private short: Tally = { count: 0, first: 0 };
  private long: Tally = { count: 0, first: 0 };
  private empty: Tally = { count: 0, first: 0 };
  private swallowed: Swallowed = { count: 0, first: 0, last: 0, column: 0 };
  private builders: ColumnBuilder[] = [];

  constructor(options: SinkOptions) {
    this.decimalComma = options.decimalComma;
    this.skipFirstLine = options.skipFirstLine ?? false;
    if (options.width !== undefined) this.setWidth(options.width);
  }

  /** The header's names once it has been read. */
  get header(): readonly string[] | null {
    return this.names;
  }

  readonly add = (record: ByteRecord, line: number): void => {
    if (this.skipFirstLine) {
      this.skipFirstLine = false;
      return;
    }
    const k = record.count;
    // A row of empty fields (",,,", left behind by spreadsheets) holds nothing: skip it.
    let empty = true;
    for (let f = 0; empty && f < k; f++) empty = isBlankField(record, f);
    if (empty) {
      if (this.empty.count++ === 0) this.empty.first = line;
      return;
    }
    const width = this.width;
    if (this.builders.length === 0) {
      const fields = Array.from({ length: k }, (_, f) => fieldText(record, f));
      const cleaned = cleanNames(fields, line);
      this.names = cleaned.names;
      this.headerWarnings = cleaned.warnings;
      this.trailingUnnamed = k > 1 && fields[k - 1].trim() === '';
      this.setWidth(cleaned.names.length);
      return;
    }
    this.rowCount++;
    if (record.lines > 0) this.checkQuotedLines(record, line);
    const m = k < width ? k : width;
    const { buf, starts, ends, quoted } = record;
    const builders = this.builders;
    for (let c = 0; c < m; c++) {
      if (quoted[c] === 0) builders[c].addBytes(buf, starts[c], ends[c], line);
      else builders[c].addText(fieldText(record, c), line);
    }
    if (k < width) {
      for (let c = k; c < width; c++) builders[c].addMissing(1);
      if (this.short.count++ === 0) this.short.first = line;
    } else if (k > width) {
      // Trailing delimiters ("a,b,c,,") add empty fields that hold nothing: not worth a warning.
      for (let c = width; c < k; c++) {
        if (!isBlankField(record, c)) {
          if (this.long.count++ === 0) this.long.first = line;
          break;
        }
      }
    }
  };

  /**
   * Looks at the quoted fields of a record that spans several lines. RFC 4180 allows line breaks
   * in quotes, and a text cell holding a paragraph is fine; but a quote left open swallows the
   * lines after it into one cell, up to the next quote in the file, and the file still reads.
   * That next quote is usually the one opening a later quoted field, so text follows the quote
   * that closed the swallowing field (`"hello … 3,"x",30` closes before `x`). No CSV writer
   * writes text after a closing quote, so this never fires on a well-formed file, whatever its
   * cells hold. Reported: a field that spans lines, has text after its closing quote, and whose
   * swallowed lines hold the delimiter (they look like rows). Not caught: a quote that happens to
   * close right before a delimiter (a stray `5'11"` further down), which reads as well-formed.
   */
  private checkQuotedLines(record: ByteRecord, line: number): void {
    const { buf, starts, ends, quoted, delimiter } = record;
    if (delimiter < 0) return;
    let at = line;
    for (let f = 0; f < record.count; f++) {
      const start = starts[f];
      const end = ends[f];
      let breaks = 0;
      let delimiters = 0;
      for (let i = start; i < end; i++) {
        const b = buf[i];
        if (b === LF || b === CR) {
          if (b === CR && i + 1 < end && buf[i + 1] === LF) i++;
          breaks++;
        } else if (b === delimiter && breaks > 0) delimiters++;
      }
      // quoted = 0: the range is the field between its quotes, with nothing after them.
      if (breaks > 0 && delimiters > 0 && quoted[f] === 1 && textAfterClosingQuote(buf, start, end) && this.swallowed.count++ === 0) {
        this.swallowed = { count: 1, first: at, last: at + breaks, column: f };
      }
      at += breaks;
    }
  }

  private setWidth(width: number): void {
    this.width = width;
    for (let c = 0; c < width; c++) this.builders.push(new ColumnBuilder({ decimalComma: this.decimalComma }));
  }

  /**
   * Appends the rows of `other`, a sink for the part of the file right after this one's, whose
   * lines are numbered from 1 (`lineOffset` is added). Returns false, changing nothing, where the
   * result would not be the same as one sink reading both parts (see `ColumnBuilder.append`).
   */
  append(other: TableSink, lineOffset: number): boolean {
    if (this.names === null || other.names !== null || other.width !== this.width) return false;
    if (!this.builders.every((b, c) => b.canAppend(other.builders[c]))) return false;
    this.builders.forEach((b, c) => b.append(other.builders[c], lineOffset));
    this.rowCount += other.rowCount;
    this.short = join(this.short, other.short, lineOffset);
    this.long = join(this.long, other.long, lineOffset);
    this.empty = join(this.empty, other.empty, lineOffset);
    const swallowed = other.swallowed;
    if (this.swallowed.count > 0) this.swallowed = { ...this.swallowed, count: this.swallowed.count + swallowed.count };
    else if (swallowed.count > 0) this.swallowed = { ...swallowed, first: swallowed.first + lineOffset, last: swallowed.last + lineOffset };
    return true;
  }

  /** Makes room in every column for `rows` rows in all (before appending the parts that follow). */
  reserveRows(rows: number): void {
    for (const builder of this.builders) builder.reserveTotal(rows);
  }

  toState(): SinkState {
    return {
      names: this.names,
      headerWarnings: this.headerWarnings,
      trailingUnnamed: this.trailingUnnamed,
      width: this.width,
      rowCount: this.rowCount,
      short: this.short,
      long: this.long,
      empty: this.empty,
      swallowed: this.swallowed,
      builders: this.builders.map((b) => b.toState()),
    };
  }

  static fromState(state: SinkState, decimalComma: boolean): TableSink {
    const sink = new TableSink({ decimalComma });
    sink.names = state.names;
    sink.headerWarnings = state.headerWarnings;
    sink.trailingUnnamed = state.trailingUnnamed;
    sink.width = state.width;
    sink.rowCount = state.rowCount;
    sink.short = state.short;
    sink.long = state.long;
    sink.empty = state.empty;
    sink.swallowed = state.swallowed;
    sink.builders = state.builders.map((b) => ColumnBuilder.fromState(b));
    return sink;
  }

  /** The columns and warnings, once every record has been added. */
  finish(fileName: string, delimiter: Delimiter | null): DelimitedTable {
    if (this.names === null) throw emptyFileError(fileName);
    const header = this.names;
    const width = this.width;
    const builders = this.builders;
    if (this.rowCount === 0) {
      throw new IngestError(
        `"${fileName}" has a header but no data rows: only the column names (${preview(header)}) were found. Add at least one row of data below the header, or choose another file.`,
      );
    }
    // "a,b,\n1,2,\n": a trailing delimiter on every line makes an unnamed, empty last column.
    // Exports from spreadsheets do this; the column holds nothing, so it is dropped without a word.
    let headerWarnings = this.headerWarnings;
    if (this.trailingUnnamed && builders[width - 1].filled === 0) {
      const dropped = header[width - 1];
      builders.pop();
      headerWarnings = headerWarnings.filter((w) => w.column !== dropped);
    }
    // One renamed column each: as many as the header is wide, so no spreading into a call.
    const warnings: IngestWarning[] = headerWarnings.slice();

    const { empty, short, long, swallowed } = this;
    if (empty.count > 0) {
      warnings.push({
        code: 'empty-row',
        line: empty.first,
        count: empty.count,
        message: `${empty.count === 1 ? '1 row has' : `${empty.count} rows have`} only empty fields (first at line ${empty.first}); ${empty.count === 1 ? 'it was' : 'they were'} skipped.`,
      });
    }
    if (short.count > 0) {
      warnings.push({
        code: 'ragged-row',
        line: short.first,
        count: short.count,
        message: `${rows(short.count)} fewer fields than the header's ${width} (first at line ${short.first}); the missing cells were left empty. If that is not expected, check the delimiter and the quotes on that line.`,
      });
    }
    if (long.count > 0) {
      warnings.push({
        code: 'ragged-row',
        line: long.first,
        count: long.count,
        message: `${rows(long.count)} more fields than the header's ${width} (first at line ${long.first}); the extra fields were dropped. Check the delimiter and the quotes on that line, or add names for the extra columns to the header.`,
      });
    }


    if (swallowed.count > 0) warnings.push(swallowedWarning(swallowed, header, delimiter));

    const columns: ParsedColumn[] = [];
    let usedDecimalComma = false;
    builders.forEach((builder, c) => {
      usedDecimalComma ||= builder.usedDecimalComma;
      const done = builder.finish(header[c], 'line');
      columns.push(done.column);
      for (const warning of done.warnings) warnings.push(warning);
    });
    return { rowCount: this.rowCount, columns, warnings, delimiter, usedDecimalComma };
  }
}

/** Whether a field written as `"…"` (from its opening quote to `end`) goes on after its closing quote. */
function textAfterClosingQuote(buf: Uint8Array, start: number, end: number): boolean {
  if (buf[start] !== QUOTE) return false;
  for (let i = start + 1; i < end; i++) {
    if (buf[i] !== QUOTE) continue;
    if (i + 1 < end && buf[i + 1] === QUOTE) i++;
    else return i + 1 < end;
  }
  return false;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes' };

function swallowedWarning(s: Swallowed, header: readonly string[], delimiter: Delimiter | null): IngestWarning {
  const where = s.column < header.length ? `in column "${header[s.column]}" ` : '';
  const lines = s.last - s.first;
  const read = lines === 1 ? `line ${s.last} was` : `lines ${s.first + 1}–${s.last} (${lines} lines) were`;
  const more = s.count > 1 ? ` ${s.count - 1} more quoted ${s.count === 2 ? 'field does' : 'fields do'} the same.` : '';
  return {
    code: 'swallowed-lines',
    line: s.first,
    count: s.count,
    ...(s.column < header.length && { column: header[s.column] }),
    message:
      `A quoted field ${where}starts on line ${s.first} and closes on line ${s.last}, so ${read} read into that one cell, ` +
      `though they hold ${DELIMITER_NAMES[delimiter ?? ','] ?? 'delimiters'} like rows of their own.${more} ` +
      `If they are rows, a closing quote (") is missing on line ${s.first}: add it (a quote inside a field is written twice, "") and load the file again.`,
  };
}

function join(a: Tally, b: Tally, lineOffset: number): Tally {
  if (b.count === 0) return a;
  return { count: a.count + b.count, first: a.count > 0 ? a.first : b.first + lineOffset };
}

function rows(count: number): string {
  return count === 1 ? '1 row has' : `${count} rows have`;
}

function preview(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `"${n}"`).join(', ');
  return names.length > 5 ? `${shown}, …` : shown;
}
