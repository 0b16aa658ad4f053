/**
 * From delimited text to columns: detect the delimiter on the first part of the file, then parse
 * every record into a `TableSink` (header, rows, column builders).
 */
import { ByteDelimitedParser } from './delimited-bytes';
import { detectDelimiter, DELIMITERS } from './delimiter';
import type { Delimiter } from './delimiter';
import { TableSink } from './table-sink';
import type { DelimitedTable } from './table-sink';

export { emptyFileError } from './table-sink';
export type { DelimitedTable } from './table-sink';

/**
 * Bytes at the start of the file used to choose the delimiter: a fixed amount, so the choice does
 * not depend on how the file happens to arrive in chunks (and a parallel read makes the same one).
 */
export const SAMPLE_BYTES = 1 << 20;

export interface DelimitedOptions {
  fileName: string;
  /** The delimiter the file name suggests (tab for .tsv). */
  preferred?: Delimiter;
}

export interface Layout {
  delimiter: Delimiter | null;
  /** The first line is Excel's "sep=;" naming the delimiter: skip it. */
  skipFirstLine: boolean;
}

/** The delimiter, from the first SAMPLE_BYTES of the file (`complete` when that is the whole file). */
export function detectLayout(sample: Uint8Array, complete: boolean, preferred: Delimiter | undefined): Layout {
  // stream: a character cut at the end of the sample is left out, not replaced.
  const head = new TextDecoder('utf-8', { ignoreBOM: true }).decode(sample, { stream: true });
  // Excel writes "sep=;" as a first line to name the delimiter; honour it and skip the line.
  const hint = /^sep=(.)\r?\n/i.exec(head);
  if (hint !== null && (DELIMITERS as readonly string[]).includes(hint[1])) return { delimiter: hint[1] as Delimiter, skipFirstLine: true };
  return { delimiter: detectDelimiter(head, complete, preferred), skipFirstLine: false };
}

/** Reads delimited text from chunks of UTF-8 bytes (without a byte order mark). */
export async function readDelimited(chunks: AsyncIterable<Uint8Array>, options: DelimitedOptions): Promise<DelimitedTable> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    return await parse(iterator, options);
  } finally {
    // Stops reading the file when parsing ends early (an unclosed quote, a cancel).
    await iterator.return?.(undefined);
  }
}

async function parse(iterator: AsyncIterator<Uint8Array>, options: DelimitedOptions): Promise<DelimitedTable> {
  const { fileName } = options;
  const sample: Uint8Array[] = [];
  let sampleLength = 0;
  let complete = false;
  while (sampleLength <= SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done === true) {
      complete = true;
      break;
    }
    sample.push(next.value);
    sampleLength += next.value.length;
  }
  const head = new Uint8Array(Math.min(sampleLength, SAMPLE_BYTES));
  for (let at = 0, k = 0; at < head.length; k++) {
    const piece = sample[k].subarray(0, head.length - at);
    head.set(piece, at);
    at += piece.length;
  }
  const { delimiter, skipFirstLine } = detectLayout(head, complete, options.preferred);
  const sink = new TableSink({ decimalComma: delimiter === ';', skipFirstLine });
  const parser = new ByteDelimitedParser(delimiter, sink.add, fileName);
  for (const chunk of sample) parser.push(chunk);
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    parser.push(next.value);
  }
  parser.end();
  return sink.finish(fileName, delimiter);
}
