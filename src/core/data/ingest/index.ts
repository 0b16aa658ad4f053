/**
 * Reading a user's file into a `ParsedTable`: CSV / TSV / TXT, JSON, JSON Lines, Arrow IPC and
 * Parquet. DOM-free: it runs in the data worker and in Node tests. See README.md for the rules.
 */
import { Cancelled } from '../../cancellation';
import { IngestError } from '../columns';
import type { IngestWarning, ParsedColumn, ParsedTable } from '../columns';
import { readArrow } from './arrow';
import { NotUtf8Error, checkUtf8, countLineBreaks, decodeChunks, decodeWindows1252, encodeUtf8, firstInvalidUtf8, reportLineAt } from './encoding';
import type { EncodingGuess } from './encoding';
import { delimiterName } from './delimiter';
import { JSON_LINES, readJson } from './json';
import { readJsonLines } from './jsonl';
import { readParquet } from './parquet';
import { SNIFF_BYTES, extensionOf, formatFromExtension, formatLabel, sniffFormat } from './sniff';
import type { Format } from './sniff';
import { Progress, readAllBytes, readBytes, throwIfAborted } from './stream';
import type { ReadContext } from './stream';
import { emptyFileError, readDelimited } from './text-table';
import { MIN_PARALLEL_BYTES, readDelimitedInParts } from './parts';
import type { Parallel } from './parts';
import { count } from './words';

export interface IngestOptions {
  /** The file's name as the user chose it; its extension is a hint, the content decides. */
  fileName: string;
  signal?: AbortSignal;
  /** Called while reading, at most about ten times a second, and once at the end. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Large UTF-8 delimited files are parsed in parts, at once, through this (workers in the app). */
  parallel?: Parallel;
  /**
   * Called once the content has told the format, before the body is read: throws (an
   * IngestError) to refuse a file the caller cannot hold (see ../capacity.ts).
   */
  admit?: (format: Format, bytes: number) => void | Promise<void>;
}

/** JSON has to be one string in memory for `JSON.parse`; beyond this, JSON Lines is the way. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

interface Body {
  rowCount: number;
  columns: ParsedColumn[];
  warnings: IngestWarning[];
  description: string;
}

/**
 * Reads a file (a File or any Blob) into columns with inferred types.
 * @throws IngestError when the file cannot be read; its message is meant for the user as is
 * @throws Cancelled when `options.signal` aborts
 */
export async function ingestFile(file: Blob, options: IngestOptions): Promise<ParsedTable> {
  const ctx: ReadContext = { fileName: options.fileName, signal: options.signal, onProgress: options.onProgress };
  const { fileName } = ctx;
  try {
    throwIfAborted(ctx.signal);
    if (file.size === 0) throw emptyFileError(fileName);
    const extension = extensionOf(fileName);
    const named = formatFromExtension(extension);
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    throwIfAborted(ctx.signal);
    const sniffed = sniffFormat(head, named, fileName, head.length >= file.size);
    await options.admit?.(sniffed.format, file.size);
    throwIfAborted(ctx.signal);
    const progress = new Progress(file.size, ctx.onProgress);

    let format: Format = sniffed.format;
    let body: Body;
    switch (sniffed.format) {
      case 'parquet': {
        const table = await readParquet(file, ctx, progress);
        body = { ...table, description: table.shape };
        break;
      }
      case 'arrow': {
        const bytes = await readAllBytes(file, ctx, progress);
        const table = readArrow(bytes, fileName, ctx.signal);
        body = { ...table, description: table.shape };
        break;
      }
      case 'json': {
        if (file.size > MAX_JSON_BYTES) {
          throw new IngestError(
            `"${fileName}" is too large to read as one JSON document (${Math.round(file.size / 1048576)} MB; the limit is ${MAX_JSON_BYTES / 1048576} MB). Save the data as JSON Lines (.jsonl, one record per line), CSV or Parquet, which are read piece by piece.`,
          );
        }
        const bytes = await readAllBytes(file, ctx, progress);
        const decoded = decodeWhole(bytes, sniffed.encoding!);
        const table = readJson(decoded.text, fileName);
        const encoding = decoded.label === 'UTF-8' ? '' : `, ${decoded.label}`;
        if (table === JSON_LINES) {
          format = 'jsonl';
          const lines = await readJsonLines(oneChunk(decoded.text), fileName);
          body = { ...lines, description: `JSON Lines, ${count(lines.rowCount, 'record')}${encoding}` };
        } else {
          body = { ...table, description: `JSON, ${table.shape}${encoding}` };
        }
        if (decoded.warning !== undefined) body.warnings.unshift(decoded.warning);
        break;
      }
      case 'jsonl': {
        const { result, label, warning } = await readText(file, ctx, progress, sniffed.encoding!, (chunks) => readJsonLines(chunks, fileName));
        const encoding = label === 'UTF-8' ? '' : `, ${label}`;
        body = { ...result, description: `JSON Lines, ${count(result.rowCount, 'record')}${encoding}` };
        if (warning !== undefined) body.warnings.unshift(warning);
        break;
      }
      case 'delimited': {
        const preferred = extension === 'tsv' || extension === 'tab' ? '\t' : undefined;
        const guess = sniffed.encoding!;
        const inParts =
          options.parallel !== undefined && options.parallel.parts > 1 && guess.encoding === 'utf-8' && file.size >= MIN_PARALLEL_BYTES
            ? await readDelimitedInParts(file, guess.bom, { fileName, preferred }, options.parallel, ctx, progress)
            : null;
        const { result, label, warning } =
          inParts !== null
            ? { result: inParts, label: guess.label, warning: undefined }
            : await readUtf8(file, ctx, progress, guess, (chunks) => readDelimited(chunks, { fileName, preferred }));
        const layout = result.delimiter === null ? 'one column (no delimiter found)' : `${delimiterName(result.delimiter)}-separated`;
        const decimal = result.usedDecimalComma ? ', decimal comma' : '';
        const kind = formatLabel('delimited', named === 'delimited' ? extension : '');
        body = { ...result, description: `${kind}, ${layout}${decimal}, ${label}` };
        if (warning !== undefined) body.warnings.unshift(warning);
        break;
      }
    }

    if (named !== null && named !== format) {
      const said = formatLabel(named, extension);
      const is = formatLabel(format);
      body.description += ` (the name ends in .${extension}, but the content is ${is})`;
      body.warnings.unshift({
        code: 'format-mismatch',
        message: `The file name ends in .${extension}, which suggests ${said}, but the content is ${is}; it was read as ${is}.`,
      });
    }
    progress.done();
    return { rowCount: body.rowCount, columns: body.columns, warnings: body.warnings, description: body.description };
  } catch (error) {
    if (error instanceof IngestError || error instanceof Cancelled) throw error;
    // Anything else is a fault in reading, not in the file; still give the person words.
    const wrapped = new IngestError(
      `"${fileName}" could not be read: ${(error as Error)?.message ?? String(error)}. If the file opens in another program, save it again as CSV and try that.`,
    );
    (wrapped as Error).cause = error;
    throw wrapped;
  }
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

function notUtf8Warning(line: number): IngestWarning {
  return {
    code: 'encoding',
    line,
    message: `The file is not valid UTF-8 (first at line ${line}), so it was read as Windows-1252, the usual encoding of older Windows and Excel exports. If letters such as é or € look wrong, save the file again as UTF-8.`,
  };
}

/**
 * Streams the file as text through `run`. A file that turns out not to be UTF-8 is read again
 * from the start as Windows-1252.
 */
async function readText<T>(
  file: Blob,
  ctx: ReadContext,
  progress: Progress,
  guess: EncodingGuess,
  run: (chunks: AsyncIterable<string>) => Promise<T>,
): Promise<{ result: T; label: string; warning?: IngestWarning }> {
  try {
    return { result: await run(decodeChunks(readBytes(file, ctx, progress), guess.encoding)), label: guess.label };
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    throwIfAborted(ctx.signal);
    let line = 1;
    const chunks = reportLineAt(decodeChunks(readBytes(file, ctx, progress, guess.bom), 'windows-1252'), error.byteOffset - guess.bom, (l) => {
      line = l;
    });
    const result = await run(chunks);
    return { result, label: 'Windows-1252', warning: notUtf8Warning(line) };
  }
}

/**
 * Streams the file as UTF-8 bytes through `run`: UTF-8 as it is (without its BOM), other
 * encodings decoded and encoded again. A file that turns out not to be UTF-8 is read again from
 * the start as Windows-1252, as in `readText`.
 */
async function readUtf8<T>(
  file: Blob,
  ctx: ReadContext,
  progress: Progress,
  guess: EncodingGuess,
  run: (chunks: AsyncIterable<Uint8Array>) => Promise<T>,
): Promise<{ result: T; label: string; warning?: IngestWarning }> {
  if (guess.encoding !== 'utf-8') {
    return { result: await run(encodeUtf8(decodeChunks(readBytes(file, ctx, progress), guess.encoding))), label: guess.label };
  }
  try {
    return { result: await run(checkUtf8(readBytes(file, ctx, progress, guess.bom))), label: guess.label };
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    throwIfAborted(ctx.signal);
    let line = 1;
    // The offset counts from after the BOM: the bytes were read from there.
    const chunks = reportLineAt(decodeChunks(readBytes(file, ctx, progress, guess.bom), 'windows-1252'), error.byteOffset, (l) => {
      line = l;
    });
    const result = await run(encodeUtf8(chunks));
    return { result, label: 'Windows-1252', warning: notUtf8Warning(line) };
  }
}

/** Decodes a whole file (JSON), with the same Windows-1252 fallback as streamed text. */
function decodeWhole(bytes: Uint8Array, guess: EncodingGuess): { text: string; label: string; warning?: IngestWarning } {
  if (guess.encoding !== 'utf-8') return { text: new TextDecoder(guess.encoding).decode(bytes), label: guess.label };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), label: guess.label };
  } catch {
    const body = bytes.subarray(guess.bom);
    const text = decodeWindows1252(body);
    const offset = firstInvalidUtf8(body);
    return { text, label: 'Windows-1252', warning: notUtf8Warning(1 + countLineBreaks(text, 0, offset)) };
  }
}
