/**
 * Column builders: they take a column's cells one at a time, count what kind each cell is, and
 * at the end choose the column's type from ALL of its cells (not a prefix, unlike Arquero's
 * `fromCSV`, which looks at 1,000 values).
 *
 * The type rules are in type-rules.ts, the order of day and month in date-order.ts. Values that
 * do not fit the chosen type become missing and are reported in one 'type-mismatch' warning per
 * column, with the count, the first line and an example (column-warnings.ts). They are never
 * turned into NaN silently. A column with no values at all is text, with a warning.
 *
 * Memory: a column is stored as a growable Float64Array (numbers, booleans as 0/1, dates as epoch
 * ms) plus a sparse map of the few cells that did not fit, so numeric columns never keep their
 * raw strings. Only a column that turns out to hold mostly other values switches to keeping one
 * string per cell, rebuilding the earlier cells from their numbers — or from their text as written,
 * kept aside for the few cells whose text differs from how the value prints (cell-text.ts).
 * Repeated strings and dates share one object (see pool.ts).
 */
import type { ColumnType, DateReading, IngestWarning, ParsedColumn } from '../columns';
import { DateForm, TokenKind, classify, isMissingToken, lastDateForm, parseBoolean, parseDate, parseNumber, swapDayMonth } from './tokens';
import type { Token } from './tokens';
import { Pool } from './pool';
import { asciiString, classifyBytes, isMissingBytes, isSpaceByte, printsAsWritten } from './byte-tokens';
import { ByteStrings, decodeUtf8 } from './byte-strings';
import { VerbatimCells } from './verbatim';
import type { VerbatimState } from './verbatim';
import { bytesPrintDifferently, detach, mayPrintDifferently, storeKindOf, storedValueText, valueText } from './cell-text';
import type { StoreKind } from './cell-text';
import { emptyColumnWarning, mismatchWarning, shifted } from './column-warnings';
import type { FirstMisfit, PlaceLabel } from './column-warnings';
import { dateReading } from './date-order';
import { chooseType, fittingCount } from './type-rules';

export { allowedMisfits } from './type-rules';
export { emptyColumnWarning } from './column-warnings';
export type { PlaceLabel } from './column-warnings';

/** A column builder's cells and counts as plain data, for sending it to another thread. */
export interface ColumnBuilderState {
  decimalComma: boolean;
  len: number;
  nonMissing: number;
  counts: Float64Array<ArrayBuffer>;
  notNumber?: FirstMisfit;
  notBoolean?: FirstMisfit;
  notDate?: FirstMisfit;
  dateForms: Float64Array<ArrayBuffer>;
  dayFirstAt?: FirstMisfit;
  monthFirstAt?: FirstMisfit;
  usedDecimalComma: boolean;
  raw: (string | null)[] | null;
  storeKind: StoreKind | null;
  store: Float64Array<ArrayBuffer> | null;
  others: Map<number, string>;
  verbatim: VerbatimState;
  lossy: boolean;
}

// Above this many off-type cells (and 5% of the column) a column is probably text: keep strings.
const MAX_SPARSE_MISFITS = 64;
// Cells whose written form is kept beside their value; past this, earlier cells of a column that
// turns out to be text are rebuilt from their values (bounded memory for huge numeric columns).
const MAX_VERBATIM = 200_000;

export class ColumnBuilder {
  private readonly decimalComma: boolean;
  private len = 0;

  private nonMissing = 0;
  private readonly counts: Float64Array<ArrayBuffer> = new Float64Array(7);
  private notNumber: FirstMisfit | undefined;
  private notBoolean: FirstMisfit | undefined;
  private notDate: FirstMisfit | undefined;
  /** How many dates were written in each `DateForm`, and the first that settles each order. */
  private readonly dateForms: Float64Array<ArrayBuffer> = new Float64Array(5);
  private dayFirstAt: FirstMisfit | undefined;
  private monthFirstAt: FirstMisfit | undefined;
  /** Whether some number was written with a decimal comma (shown in the file's description). */
  usedDecimalComma = false;

  private raw: (string | null)[] | null = null;
  private storeKind: StoreKind | null = null;
  private store: Float64Array<ArrayBuffer> | null = new Float64Array(256);
  private others = new Map<number, string>();
  /**
   * Cells stored as numbers, booleans or dates whose text differs from how the value prints
   * ("1.50", "+5", "TRUE"), so a column that turns out to be text gets them back as written.
   */
  private verbatim = new VerbatimCells();
  /** Some cell's text differed from how its value prints but was not kept (more than MAX_VERBATIM). */
  private lossy = false;
  private strings = new Pool<string, string>();
  private readonly texts = new ByteStrings();

  private readonly token: Token = { kind: TokenKind.Missing, value: NaN };

  constructor(options: { decimalComma?: boolean } = {}) {
    this.decimalComma = options.decimalComma ?? false;
  }

  get length(): number {
    return this.len;
  }

  /** How many cells hold a value (not missing). */
  get filled(): number {
    return this.nonMissing;
  }

  /** Adds a cell read from text. `line` is where it was found, for messages. */
  addText(cell: string, line: number): void {
    const trimmed = cell.trim();
    if (isMissingToken(trimmed)) {
      this.addMissing(1);
      return;
    }
    const t = classify(trimmed, this.decimalComma, this.token);
    if (this.decimalComma && t.kind === TokenKind.Number && !this.usedDecimalComma && trimmed.includes(',')) {
      this.usedDecimalComma = true;
    }
    if (t.kind === TokenKind.Date) this.noteDate(line, trimmed, null, 0, 0);
    this.accept(t.kind, t.value, trimmed, line);
  }

  /**
   * Adds the cell `buf[start, end)` of UTF-8 bytes: the same as `addText` with its text, but a
   * cell that fits the column's type as the earlier cells did is stored without becoming a string.
   */
  addBytes(buf: Uint8Array, start: number, end: number, line: number): void {
    let s = start;
    let e = end;
    while (s < e && isSpaceByte(buf[s])) s++;
    while (e > s && isSpaceByte(buf[e - 1])) e--;
    // Other Unicode spaces (a no-break space) are for String.prototype.trim to remove.
    if (s < e && (buf[s] >= 0x80 || buf[e - 1] >= 0x80)) {
      this.addText(decodeUtf8(buf, s, e), line);
      return;
    }
    if (isMissingBytes(buf, s, e)) {
      this.addMissing(1);
      return;
    }
    const t = classifyBytes(buf, s, e, this.decimalComma, this.token);
    const kind = t.kind;
    if (this.decimalComma && kind === TokenKind.Number && !this.usedDecimalComma && buf.subarray(s, e).includes(44)) {
      this.usedDecimalComma = true;
    }
    if (kind === TokenKind.Date) this.noteDate(line, null, buf, s, e);
    if (
      this.raw === null &&
      this.storeKind !== null &&
      storeKindOf(kind) === this.storeKind &&
      (this.notNumber !== undefined || kind === TokenKind.Integer || kind === TokenKind.Number) &&
      (this.notBoolean !== undefined || kind === TokenKind.Boolean) &&
      (this.notDate !== undefined || kind === TokenKind.Date)
    ) {
      // What `accept` would do with this cell, without making its text a string.
      if (!printsAsWritten() && !this.lossy && bytesPrintDifferently(kind, t.value, buf, s, e)) {
        if (this.verbatim.size < MAX_VERBATIM) this.verbatim.addBytes(this.len, buf, s, e);
        else this.lossy = true;
      }
      this.nonMissing++;
      this.counts[kind]++;
      this.reserve(1);
      this.store![this.len++] = t.value;
      return;
    }
    this.accept(kind, t.value, this.texts.get(buf, s, e), line);
  }

  /**
   * Counts how the date just classified was written, and keeps the first date that settles the
   * order of day and month (its text from `text`, or from the ASCII bytes `buf[start, end)`).
   */
  private noteDate(line: number, text: string | null, buf: Uint8Array | null, start: number, end: number): void {
    const form = lastDateForm();
    this.dateForms[form]++;
    if (form === DateForm.DayFirst && this.dayFirstAt === undefined) {
      this.dayFirstAt = { line, text: text ?? asciiString(buf!, start, end) };
    } else if (form === DateForm.MonthFirst && this.monthFirstAt === undefined) {
      this.monthFirstAt = { line, text: text ?? asciiString(buf!, start, end) };
    }
  }

  /** Adds a value parsed from JSON: numbers and booleans keep their type; strings are read as text cells. */
  addValue(value: unknown, line: number): void {
    if (value === null || value === undefined) this.addMissing(1);
    else if (typeof value === 'number') {
      if (Number.isNaN(value)) this.addMissing(1);
      else if (!Number.isFinite(value)) this.accept(TokenKind.Text, NaN, String(value), line);
      else this.accept(Number.isSafeInteger(value) ? TokenKind.Integer : TokenKind.Number, value, undefined, line);
    } else if (typeof value === 'boolean') this.accept(TokenKind.Boolean, value ? 1 : 0, undefined, line);
    else if (typeof value === 'string') this.addText(value, line);
    else this.addText(JSON.stringify(value) ?? String(value), line);
  }

  addMissing(count: number): void {
    if (this.raw !== null) {
      for (let i = 0; i < count; i++) this.raw.push(null);
    } else {
      this.reserve(count);
      if (count === 1) this.store![this.len] = NaN;
      else this.store!.fill(NaN, this.len, this.len + count);
    }
    this.len += count;
  }

  private reserve(extra: number): void {
    const store = this.store!;
    if (this.len + extra <= store.length) return;
    this.grow(extra);
  }

  private grow(extra: number): void {
    const store = this.store!;
    let size = Math.max(256, store.length * 2);
    while (size < this.len + extra) size *= 2;
    const bigger = new Float64Array(size);
    bigger.set(store.subarray(0, this.len));
    this.store = bigger;
  }

  private accept(kind: TokenKind, value: number, text: string | undefined, line: number): void {
    this.nonMissing++;
    this.counts[kind]++;
    if (this.notNumber === undefined && kind !== TokenKind.Integer && kind !== TokenKind.Number && kind !== TokenKind.Code) {
      this.notNumber = { line, text: text ?? valueText(kind, value) };
    }
    if (this.notBoolean === undefined && kind !== TokenKind.Boolean) {
      this.notBoolean = { line, text: text ?? valueText(kind, value) };
    }
    if (this.notDate === undefined && kind !== TokenKind.Date) {
      this.notDate = { line, text: text ?? valueText(kind, value) };
    }

    if (this.raw !== null) {
      this.raw.push(text === undefined ? valueText(kind, value) : this.keep(text));
      this.len++;
      return;
    }
    if (this.storeKind === null) {
      this.storeKind = storeKindOf(kind);
      if (this.storeKind === null) {
        this.switchToStrings();
        this.raw!.push(text === undefined ? valueText(kind, value) : this.keep(text));
        this.len++;
        return;
      }
    }
    this.reserve(1);
    if (storeKindOf(kind) === this.storeKind) {
      this.store![this.len] = value;
      if (text !== undefined && !this.lossy && mayPrintDifferently(kind, text) && text !== valueText(kind, value)) {
        if (this.verbatim.size < MAX_VERBATIM) this.verbatim.add(this.len, text);
        else this.lossy = true;
      }
    } else {
      this.store![this.len] = NaN;
      this.others.set(this.len, text === undefined ? valueText(kind, value) : this.keep(text));
      if (this.others.size > MAX_SPARSE_MISFITS && this.others.size * 20 > this.nonMissing) {
        this.len++;
        this.switchToStrings();
        return;
      }
    }
    this.len++;
  }

  /** The text to store for a cell: shared with equal cells, and detached from its chunk. */
  private keep(text: string): string {
    return this.strings.get(text) ?? this.strings.add(text, detach(text));
  }

  private storedText(i: number): string | null {
    const other = this.others.get(i);
    if (other !== undefined) return other;
    const written = this.verbatim.get(i);
    if (written !== undefined) return this.keep(written);
    const v = this.store![i];
    if (Number.isNaN(v)) return null;
    return storedValueText(this.storeKind, v);
  }

  private switchToStrings(): void {
    const raw: (string | null)[] = new Array(this.len);
    for (let i = 0; i < this.len; i++) raw[i] = this.storedText(i);
    this.raw = raw;
    this.store = null;
    this.others = new Map();
    this.verbatim = new VerbatimCells();
  }

  private textAt(i: number): string | null {
    return this.raw !== null ? this.raw[i] : this.storedText(i);
  }

  /** Makes room for `cells` cells in all, so that appending parts needs no bigger copies. */
  reserveTotal(cells: number): void {
    if (this.raw === null && this.store!.length < cells) {
      const store = new Float64Array(cells);
      store.set(this.store!.subarray(0, this.len));
      this.store = store;
    }
  }

  /** Whether neither part switched to strings and together they never would. */
  private staysTyped(other: ColumnBuilder): boolean {
    return (
      this.raw === null &&
      other.raw === null &&
      (this.storeKind === null || other.storeKind === null || this.storeKind === other.storeKind) &&
      this.others.size + other.others.size <= MAX_SPARSE_MISFITS
    );
  }

  /**
   * Whether `append(other)` gives what one builder reading all the cells in order would hold. It
   * does not where a column turns to text after dropping the written form of more than
   * MAX_VERBATIM cells: which cells lost it depends on the order of reading.
   */
  canAppend(other: ColumnBuilder): boolean {
    return this.staysTyped(other) || !(this.lossy || other.lossy);
  }

  /**
   * Appends the cells of `other`, which come after this builder's cells (a later part of the
   * same file, its lines numbered from 1: `lineOffset` is added to them). Check `canAppend` first.
   */
  append(other: ColumnBuilder, lineOffset: number): void {
    const offset = this.len;
    if (this.staysTyped(other)) {
      // Values, misfits and written forms line up; the first MAX_VERBATIM written forms are kept, as in one pass.
      this.storeKind ??= other.storeKind;
      this.reserve(other.len);
      this.store!.set(other.store!.subarray(0, other.len), offset);
      for (const [i, text] of other.others) this.others.set(offset + i, text);
      const all = this.verbatim.append(other.verbatim, offset, MAX_VERBATIM);
      this.lossy ||= other.lossy || !all;
    } else {
      // Every cell's text is known exactly: as strings, the order of switching does not matter.
      if (this.raw === null) this.switchToStrings();
      for (let i = 0; i < other.len; i++) {
        const text = other.textAt(i);
        this.raw!.push(text === null ? null : this.keep(text));
      }
    }
    this.len += other.len;
    this.nonMissing += other.nonMissing;
    for (let k = 0; k < this.counts.length; k++) this.counts[k] += other.counts[k];
    this.notNumber ??= shifted(other.notNumber, lineOffset);
    this.notBoolean ??= shifted(other.notBoolean, lineOffset);
    this.notDate ??= shifted(other.notDate, lineOffset);
    for (let k = 0; k < this.dateForms.length; k++) this.dateForms[k] += other.dateForms[k];
    this.dayFirstAt ??= shifted(other.dayFirstAt, lineOffset);
    this.monthFirstAt ??= shifted(other.monthFirstAt, lineOffset);
    this.usedDecimalComma ||= other.usedDecimalComma;
  }

  /** Plain data for sending to another thread (the builder is not used afterwards). */
  toState(): ColumnBuilderState {
    return {
      decimalComma: this.decimalComma,
      len: this.len,
      nonMissing: this.nonMissing,
      counts: this.counts,
      notNumber: this.notNumber,
      notBoolean: this.notBoolean,
      notDate: this.notDate,
      dateForms: this.dateForms,
      dayFirstAt: this.dayFirstAt,
      monthFirstAt: this.monthFirstAt,
      usedDecimalComma: this.usedDecimalComma,
      raw: this.raw,
      storeKind: this.storeKind,
      store: this.store === null ? null : this.store.slice(0, this.len),
      others: this.others,
      verbatim: this.verbatim.toState(),
      lossy: this.lossy,
    };
  }

  static fromState(state: ColumnBuilderState): ColumnBuilder {
    const builder = new ColumnBuilder({ decimalComma: state.decimalComma });
    builder.len = state.len;
    builder.nonMissing = state.nonMissing;
    builder.counts.set(state.counts);
    builder.notNumber = state.notNumber;
    builder.notBoolean = state.notBoolean;
    builder.notDate = state.notDate;
    builder.dateForms.set(state.dateForms);
    builder.dayFirstAt = state.dayFirstAt;
    builder.monthFirstAt = state.monthFirstAt;
    builder.usedDecimalComma = state.usedDecimalComma;
    builder.raw = state.raw;
    builder.storeKind = state.storeKind;
    builder.store = state.store;
    builder.others = state.others;
    builder.verbatim = VerbatimCells.fromState(state.verbatim);
    builder.lossy = state.lossy;
    return builder;
  }

  /** The type the cells call for, by the rules in type-rules.ts. */
  chooseType(): ColumnType {
    return chooseType(this.counts, this.nonMissing);
  }

  /**
   * Builds the column. `name` and `place` only shape the warnings: "first at line 1204".
   */
  finish(name: string, place: PlaceLabel): { column: ParsedColumn; warnings: IngestWarning[] } {
    const type = this.chooseType();
    const n = this.len;
    const warnings: IngestWarning[] = [];
    let values: ParsedColumn['values'];
    let missing = 0;
    let dates: DateReading | undefined;

    if (type === 'integer' || type === 'number') {
      let out: Float64Array;
      if (this.raw === null && this.storeKind === 'number') {
        // A store of exactly the column's length becomes the column: no copy.
        out = this.store!.length === n ? this.store! : this.store!.slice(0, n);
        for (const [i, text] of this.others) out[i] = parseNumber(text, this.decimalComma);
      } else {
        out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const text = this.textAt(i);
          out[i] = text === null ? NaN : parseNumber(text, this.decimalComma);
        }
      }
      for (let i = 0; i < n; i++) if (Number.isNaN(out[i])) missing++;
      values = out;
    } else if (type === 'boolean') {
      const out: (boolean | null)[] = new Array(n);
      const stored = this.raw === null && this.storeKind === 'boolean';
      for (let i = 0; i < n; i++) {
        let b: boolean | null;
        if (stored && !this.others.has(i)) {
          const v = this.store![i];
          b = Number.isNaN(v) ? null : v === 1;
        } else {
          const text = this.textAt(i);
          b = text === null ? null : parseBoolean(text);
        }
        out[i] = b;
        if (b === null) missing++;
      }
      values = out;
    } else if (type === 'date') {
      const out: (Date | null)[] = new Array(n);
      const stored = this.raw === null && this.storeKind === 'date';
      const pool = new Pool<number, Date>();
      const reading = dateReading(name, { forms: this.dateForms, dates: this.counts[TokenKind.Date], dayFirstAt: this.dayFirstAt, monthFirstAt: this.monthFirstAt });
      dates = reading.dates;
      if (reading.warning !== undefined) warnings.push(reading.warning);
      for (let i = 0; i < n; i++) {
        let ms: number;
        if (stored && !this.others.has(i)) ms = this.store![i];
        else {
          const text = this.textAt(i);
          ms = text === null ? NaN : parseDate(text);
        }
        if (reading.swap && ms === ms) ms = swapDayMonth(ms);
        out[i] = Number.isNaN(ms) ? null : (pool.get(ms) ?? pool.add(ms, new Date(ms)));
        if (out[i] === null) missing++;
      }
      values = out;
    } else {
      const out: (string | null)[] = this.raw ?? Array.from({ length: n }, (_, i) => this.storedText(i));
      for (let i = 0; i < n; i++) if (out[i] === null) missing++;
      values = out;
    }

    if (this.nonMissing === 0 && n > 0) {
      warnings.push(emptyColumnWarning(name, n));
    } else if (type !== 'text') {
      const misfits = this.nonMissing - fittingCount(this.counts, type);
      const first = type === 'boolean' ? this.notBoolean : type === 'date' ? this.notDate : this.notNumber;
      if (misfits > 0 && first !== undefined) warnings.push(mismatchWarning(name, type, misfits, first, place));
    }

    // The builder's buffers now belong to the column; drop our references.
    this.raw = null;
    this.store = null;
    this.others = new Map();
    this.strings = new Pool();
    const info = dates === undefined ? { name, type, missing } : { name, type, missing, dates };
    return { column: { info, values }, warnings };
  }


}
