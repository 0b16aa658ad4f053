/**
 * A streaming parser for delimited text (RFC 4180 and the common ways files stray from it).
 * Text arrives in chunks of any size; a field, a quoted newline or a CRLF may be split across
 * chunks. Records come out with the physical line on which they start, counting every line break
 * (CRLF, LF or lone CR), also those inside quoted fields, so messages point at the line an editor
 * shows.
 *
 * - A quote opens a quoted field only at the start of a field (spaces before it are allowed);
 *   inside, `""` is a quote and delimiters and line breaks are data.
 * - A quote inside an unquoted field is kept as it is (`5'11"`), and so is text after a closing
 *   quote (`"abc"def` → `abcdef`).
 * - Blank lines (nothing but spaces and tabs) are skipped.
 * - A quoted field that never closes is an IngestError naming the line where it opened.
 */
import { MAX_QUOTED_CHARS, unclosedQuoteError } from './unclosed-quote';

/** Receives each record; `fields` is reused afterwards, so copy it to keep it. */
export type RecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted field: either `""` or the end of the field. */
  QuoteInQuoted,
}

export class DelimitedParser {
  private readonly delimiter: number;
  private readonly onRecord: RecordHandler;
  private readonly fileName: string;

  private state = State.FieldStart;
  private line = 1;
  private fields: string[] = [];
  private recordLine = 1;
  private recordStarted = false;
  private recordHadQuote = false;
  private partial = '';
  private quoteLine = 0;
  /** The previous chunk ended in CR: a LF starting the next chunk belongs to the same line break. */
  private pendingCR = false;

  /**
   * @param delimiter one character, or null for a file with a single column
   * @param fileName for messages
   */
  constructor(delimiter: string | null, onRecord: RecordHandler, fileName: string) {
    this.delimiter = delimiter === null ? -1 : delimiter.charCodeAt(0);
    this.onRecord = onRecord;
    this.fileName = fileName;
  }

  /** The physical line the parser has reached (1-based). */
  get currentLine(): number {
    return this.line;
  }

  push(text: string): void {
    const n = text.length;
    const d = this.delimiter;
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && text.charCodeAt(0) === LF) {
        if (this.state === State.Quoted) this.partial += '\n';
        i = 1;
      }
    }
    while (i < n) {
      switch (this.state) {
        case State.FieldStart: {
          if (!this.recordStarted) {
            this.recordStarted = true;
            this.recordLine = this.line;
          }
          let k = i;
          while (k < n && text.charCodeAt(k) === SPACE && d !== SPACE) k++;
          if (k < n && text.charCodeAt(k) === QUOTE) {
            this.state = State.Quoted;
            this.recordHadQuote = true;
            this.quoteLine = this.line;
            i = k + 1;
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === d || c === LF || c === CR) break;
            j++;
          }
          if (j === n) {
            this.partial += text.slice(i, n);
            i = n;
            break;
          }
          this.fields.push(this.partial.length > 0 ? this.partial + text.slice(i, j) : text.slice(i, j));
          this.partial = '';
          this.state = State.FieldStart;
          if (c === d) i = j + 1;
          else {
            this.endRecord();
            i = this.lineBreak(text, j);
          }
          break;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          const end = j === -1 ? n : j;
          this.countQuotedLines(text, i, end, n);
          this.partial += text.slice(i, end);
          if (this.partial.length > MAX_QUOTED_CHARS) this.unclosedQuote(true);
          if (j === -1) {
            i = n;
          } else {
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.partial += '"';
            this.state = State.Quoted;
            i++;
          } else if (c === d) {
            this.fields.push(this.partial);
            this.partial = '';
            this.state = State.FieldStart;
            i++;
          } else if (c === LF || c === CR) {
            this.fields.push(this.partial);
            this.partial = '';
            this.state = State.FieldStart;
            this.endRecord();
            i = this.lineBreak(text, i);
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
      }
    }
  }

  /** Call once after the last chunk. */
  end(): void {
    switch (this.state) {
      case State.Quoted:
        this.unclosedQuote(false);
        break;
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.fields.push(this.partial);
        this.partial = '';
        break;
      case State.FieldStart:
        // "a,b," at the very end: the last field is empty.
        if (this.recordStarted && this.fields.length > 0) this.fields.push('');
        break;
    }
    this.state = State.FieldStart;
    if (this.recordStarted) this.endRecord();
  }

  private endRecord(): void {
    const fields = this.fields;
    // A line of nothing but spaces (and tabs, in a tab-separated file) is a blank line.
    let blank = !this.recordHadQuote && (fields.length === 1 || this.delimiter === TAB);
    for (let f = 0; blank && f < fields.length; f++) blank = fields[f].trim() === '';
    if (!blank && fields.length > 0) this.onRecord(fields, this.recordLine);
    // The array is reused for the next record (less garbage on large files): handlers copy what they keep.
    fields.length = 0;
    this.recordStarted = false;
    this.recordHadQuote = false;
  }

  /** Steps over the line break at `j` and counts it; returns the index after it. */
  private lineBreak(text: string, j: number): number {
    this.line++;
    if (text.charCodeAt(j) === CR) {
      if (j + 1 < text.length) return text.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      this.pendingCR = true;
    }
    return j + 1;
  }

  private countQuotedLines(text: string, from: number, to: number, n: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) this.line++;
      else if (c === CR) {
        this.line++;
        if (k + 1 < to && text.charCodeAt(k + 1) === LF) k++;
        else if (k + 1 === n) this.pendingCR = true;
      }
    }
  }

  private unclosedQuote(tooLong: boolean): never {
    throw unclosedQuoteError(this.fileName, this.quoteLine, tooLong);
  }
}
