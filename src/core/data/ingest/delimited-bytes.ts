/**
 * The streaming parser of delimited.ts, on UTF-8 bytes: the same rules (see there), but a record
 * comes out as byte ranges into the buffer it was read from, so cells never have to become
 * strings unless they are text.
 *
 * A record cut by the end of a chunk is carried over and parsed again, whole, with the next
 * chunk; so a record always lies in one buffer and a character is never cut in two.
 */
import { isSpaceByte } from './byte-tokens';
import { MAX_QUOTED_CHARS, unclosedQuoteError } from './unclosed-quote';

/** One record: field `f` is `buf[starts[f], ends[f])`. Reused for the next record: copy what you keep. */
export interface ByteRecord {
  buf: Uint8Array;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /**
   * 1 where the range still holds the field as written, quotes and all, because it is not one
   * run of bytes once unquoted (`"a""b"`, `"abc"def`): read it with `fieldText`.
   */
  quoted: Uint8Array;
  /** Line breaks inside the record (in quoted fields): 0 for a record on one line. */
  lines: number;
  /** The delimiter's byte, −1 for a file of one column. */
  delimiter: number;
}

export type ByteRecordHandler = (record: ByteRecord, line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

// ignoreBOM: a cell that starts with U+FEFF keeps it (the file's own BOM was skipped before parsing).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of field `f`, unquoted. */
export function fieldText(record: ByteRecord, f: number): string {
  const { buf } = record;
  const start = record.starts[f];
  const end = record.ends[f];
  if (record.quoted[f] === 0) return decoder.decode(buf.subarray(start, end));
  // "a""b"tail → a"btail: inside the quotes "" is one quote; after the closing quote, as written.
  const parts: string[] = [];
  let from = start + 1;
  let i = from;
  for (;;) {
    if (buf[i] !== QUOTE) {
      i++;
      continue;
    }
    parts.push(decoder.decode(buf.subarray(from, i)));
    if (buf[i + 1] === QUOTE && i + 1 < end) {
      parts.push('"');
      i += 2;
      from = i;
    } else break;
  }
  parts.push(decoder.decode(buf.subarray(i + 1, end)));
  return parts.join('');
}

/** Whether field `f` is empty once trimmed. */
export function isBlankField(record: ByteRecord, f: number): boolean {
  if (record.quoted[f] === 1) return fieldText(record, f).trim() === '';
  const { buf } = record;
  const end = record.ends[f];
  for (let i = record.starts[f]; i < end; i++) {
    const b = buf[i];
    if (isSpaceByte(b)) continue;
    // Other Unicode spaces (no-break space, …) are rare: let trim decide.
    return b >= 0x80 && fieldText(record, f).trim() === '';
  }
  return true;
}

export class ByteDelimitedParser {
  private readonly delimiter: number;
  private readonly onRecord: ByteRecordHandler;
  private readonly fileName: string;

  private line = 1;
  private carry: Uint8Array | null = null;
  /** The previous chunk ended in CR: a LF starting the next chunk belongs to the same line break. */
  private pendingCR = false;
  private readonly record: ByteRecord = {
    buf: new Uint8Array(0),
    count: 0,
    starts: new Int32Array(64),
    ends: new Int32Array(64),
    quoted: new Uint8Array(64),
    lines: 0,
    delimiter: -1,
  };

  /**
   * @param delimiter one ASCII character, or null for a file with a single column
   * @param fileName for messages
   */
  constructor(delimiter: string | null, onRecord: ByteRecordHandler, fileName: string) {
    this.delimiter = delimiter === null ? -1 : delimiter.charCodeAt(0);
    this.record.delimiter = this.delimiter;
    this.onRecord = onRecord;
    this.fileName = fileName;
  }

  /** The physical line the parser has reached (1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** Whether every byte pushed so far belongs to a finished record (none is cut off, open quotes included). */
  get atRecordEnd(): boolean {
    return this.carry === null;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let buf = chunk;
    let from = 0;
    if (this.carry !== null) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    } else if (this.pendingCR && chunk[0] === LF) {
      from = 1;
    }
    this.pendingCR = false;
    const rest = this.parse(buf, from, false);
    // A copy, so that the chunk it came from is not kept alive.
    if (rest < buf.length) this.carry = buf.slice(rest);
  }

  /** Call once after the last chunk. */
  end(): void {
    const carry = this.carry;
    this.carry = null;
    if (carry !== null) this.parse(carry, 0, true);
  }

  /** Parses the records in `buf` from `from`; returns where an unfinished one starts (or the length). */
  private parse(buf: Uint8Array, from: number, final: boolean): number {
    const n = buf.length;
    const d = this.delimiter;
    const record = this.record;
    record.buf = buf;
    let i = from;
    while (i < n) {
      const recordStart = i;
      const recordLine = this.line;
      let count = 0;
      let hadQuote = false;
      for (;;) {
        let k = i;
        if (d !== SPACE) while (k < n && buf[k] === SPACE) k++;
        let start: number;
        let end: number;
        let quoted = 0;
        if (k < n && buf[k] === QUOTE) {
          hadQuote = true;
          const quoteLine = this.line;
          let j = k + 1;
          let close = -1;
          let pairs = 0;
          for (;;) {
            const q = buf.indexOf(QUOTE, j);
            this.countLines(buf, j, q === -1 ? n : q);
            if (q === -1 || (q + 1 === n && !final)) break;
            if (q + 1 < n && buf[q + 1] === QUOTE) {
              pairs++;
              j = q + 2;
              continue;
            }
            close = q;
            break;
          }
          if (close === -1) {
            this.checkLength(buf, k + 1, n, pairs, quoteLine);
            if (final) this.unclosedQuote(quoteLine, false);
            this.line = recordLine;
            return recordStart;
          }
          this.checkLength(buf, k + 1, close, pairs, quoteLine);
          // Without "" pairs the field is the run of bytes between the quotes.
          start = pairs > 0 ? k : k + 1;
          end = pairs > 0 ? close + 1 : close;
          quoted = pairs > 0 ? 1 : 0;
          let after = close + 1;
          let c = buf[after];
          if (after < n && c !== d && c !== LF && c !== CR) {
            // Text after the closing quote is kept: "abc"def → abcdef.
            while (after < n && (c = buf[after]) !== d && c !== LF && c !== CR) after++;
            if (after === n && !final) {
              this.line = recordLine;
              return recordStart;
            }
            start = k;
            end = after;
            quoted = 1;
          }
          i = after;
        } else {
          let j = i;
          while (j < n) {
            const c = buf[j];
            if (c === d || c === LF || c === CR) break;
            j++;
          }
          if (j === n && !final) {
            this.line = recordLine;
            return recordStart;
          }
          start = i;
          end = j;
          i = j;
        }
        this.addField(count++, start, end, quoted);
        if (i < n && buf[i] === d) {
          i++;
          if (i < n) continue;
          if (!final) {
            this.line = recordLine;
            return recordStart;
          }
          // "a,b," at the very end: the last field is empty.
          this.addField(count++, n, n, 0);
        }
        break;
      }
      record.count = count;
      this.endRecord(hadQuote, recordLine);
      if (i < n) i = this.lineBreak(buf, i, final);
    }
    return n;
  }

  private addField(f: number, start: number, end: number, quoted: number): void {
    const record = this.record;
    if (f === record.starts.length) {
      const starts = new Int32Array(2 * f);
      const ends = new Int32Array(2 * f);
      const flags = new Uint8Array(2 * f);
      starts.set(record.starts);
      ends.set(record.ends);
      flags.set(record.quoted);
      record.starts = starts;
      record.ends = ends;
      record.quoted = flags;
    }
    record.starts[f] = start;
    record.ends[f] = end;
    record.quoted[f] = quoted;
  }

  private endRecord(hadQuote: boolean, line: number): void {
    const record = this.record;
    record.lines = this.line - line;
    // A line of nothing but spaces (and tabs, in a tab-separated file) is a blank line.
    let blank = !hadQuote && (record.count === 1 || this.delimiter === TAB);
    for (let f = 0; blank && f < record.count; f++) blank = isBlankField(record, f);
    if (!blank) this.onRecord(record, line);
  }

  /** Steps over the line break at `j` and counts it; returns the index after it. */
  private lineBreak(buf: Uint8Array, j: number, final: boolean): number {
    this.line++;
    if (buf[j] === CR) {
      if (j + 1 < buf.length) return buf[j + 1] === LF ? j + 2 : j + 1;
      this.pendingCR = !final;
    }
    return j + 1;
  }

  private countLines(buf: Uint8Array, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = buf[k];
      if (c === LF) this.line++;
      else if (c === CR) {
        this.line++;
        if (k + 1 < to && buf[k + 1] === LF) k++;
      }
    }
  }

  /** The old parser's limit counts UTF-16 characters of the unquoted field. */
  private checkLength(buf: Uint8Array, from: number, to: number, pairs: number, line: number): void {
    if (to - from - pairs <= MAX_QUOTED_CHARS) return;
    let chars = -pairs;
    for (let k = from; k < to; k++) {
      const b = buf[k];
      if ((b & 0xc0) !== 0x80) chars += b >= 0xf0 ? 2 : 1;
    }
    if (chars > MAX_QUOTED_CHARS) this.unclosedQuote(line, true);
  }

  private unclosedQuote(line: number, tooLong: boolean): never {
    throw unclosedQuoteError(this.fileName, line, tooLong);
  }
}
