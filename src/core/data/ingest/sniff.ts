/**
 * What kind of file this is, from its name and from its first bytes. Content wins: people rename
 * files, and programs save JSON as ".txt" or Parquet as ".csv". When name and content disagree,
 * the file is read by its content and the description says so.
 */
import { IngestError } from '../columns';
import { hasArrowFileMagic, hasArrowStreamStart } from './arrow';
import { decodeHead, looksBinary, sniffEncoding } from './encoding';
import type { EncodingGuess } from './encoding';
import { hasParquetMagic } from './parquet';

export type Format = 'delimited' | 'json' | 'jsonl' | 'arrow' | 'parquet';

/** Bytes read from the start of the file to decide its format. */
export const SNIFF_BYTES = 65_536;

const BY_EXTENSION: Record<string, Format> = {
  csv: 'delimited',
  tsv: 'delimited',
  tab: 'delimited',
  txt: 'delimited',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  arrows: 'arrow',
  parquet: 'parquet',
  pq: 'parquet',
};

/** Lower-case extension without the dot ('' when there is none). */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function formatFromExtension(extension: string): Format | null {
  return BY_EXTENSION[extension] ?? null;
}

export function formatLabel(format: Format, extension = ''): string {
  switch (format) {
    case 'delimited':
      return extension === 'tsv' || extension === 'tab' ? 'TSV' : extension === 'txt' ? 'text' : 'CSV';
    case 'json':
      return 'JSON';
    case 'jsonl':
      return 'JSON Lines';
    case 'arrow':
      return 'Arrow';
    case 'parquet':
      return 'Parquet';
  }
}

export interface Sniffed {
  format: Format;
  /** For text formats. */
  encoding?: EncodingGuess;
}

/** The first line parses as a JSON object and the next non-blank line starts another one. */
function looksLikeJsonLines(text: string): boolean {
  const match = /^\s*(\{[^\n]*)\r?\n\s*\{/.exec(text);
  if (match === null) return false;
  try {
    const first: unknown = JSON.parse(match[1]);
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

/**
 * @param head the first SNIFF_BYTES bytes (or the whole file, if shorter)
 * @param named the format the extension suggests, if any
 * @param whole whether `head` is the whole file
 */
export function sniffFormat(head: Uint8Array, named: Format | null, fileName: string, whole: boolean): Sniffed {
  if (hasParquetMagic(head)) return { format: 'parquet' };
  if (hasArrowFileMagic(head) || hasArrowStreamStart(head)) return { format: 'arrow' };
  if (head[0] === 0x46 && head[1] === 0x45 && head[2] === 0x41 && head[3] === 0x31) {
    throw new IngestError(
      `"${fileName}" is a Feather version 1 file, an old format the studio cannot read. Save the data again as Feather version 2 (Arrow), Parquet or CSV.`,
    );
  }
  const encoding = sniffEncoding(head);
  if (looksBinary(head, encoding)) {
    // Old Arrow streams have no marker at the start; let the Arrow reader decide.
    if (named === 'arrow') return { format: 'arrow' };
    if (named === 'parquet') {
      throw new IngestError(
        `"${fileName}" could not be read as Parquet: it does not start the way every Parquet file does ("PAR1"), so it is damaged or not Parquet. Export it again and load the complete file.`,
      );
    }
    throw new IngestError(
      `"${fileName}" does not look like a text file: it contains binary data (it may be a spreadsheet, an image or a compressed file). Save the data as CSV, TSV, JSON, JSON Lines, Arrow or Parquet and load that file.`,
    );
  }

  const text = decodeHead(head.subarray(encoding.bom), encoding.encoding);
  const start = /[^\s\uFEFF]/.exec(text);
  if (start === null) return { format: named === 'jsonl' || named === 'json' ? named : 'delimited', encoding };
  const first = start[0];
  const after = /[^\s]/.exec(text.slice(start.index + 1))?.[0];

  if (first === '{') {
    if (named === 'jsonl' || looksLikeJsonLines(text)) return { format: 'jsonl', encoding };
    if (after === '"' || after === '}' || after === undefined) return { format: 'json', encoding };
  }
  if (first === '[') {
    // "[id],[name]" is a CSV header in SQL Server's style; JSON has a value after the bracket.
    if (after === undefined || /["{[\]\-0-9tfn]/.test(after)) return { format: 'json', encoding };
  }
  if (named === 'json' && whole && /["\-0-9tfn]/.test(first)) {
    try {
      JSON.parse(text);
      // A lone number or string: the JSON reader refuses it with a clear message.
      return { format: 'json', encoding };
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  return { format: 'delimited', encoding };
}
