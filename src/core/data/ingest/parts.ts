/**
 * Reading a large delimited file in parts at once (one worker each), then joining them into the
 * table one pass would give: the file is cut after line breaks near each 1/n of it, every part
 * is parsed on its own, and the parts' sinks are appended in order, their line numbers moved on
 * by the lines before them.
 *
 * A cut may fall inside a quoted field that holds a line break. Then the part before the cut
 * ends inside an unfinished record; parts are checked for that in order (the first part starts
 * where the file does, so when it ends on a record boundary, the second starts on one, and so
 * on). Any doubt — an unfinished record, text that is not UTF-8, an error in a part, a join that
 * would not be exact — gives null, and the caller reads the file in one pass.
 */
import { Cancelled } from '../../cancellation';
import { ByteDelimitedParser } from './delimited-bytes';
import type { Delimiter } from './delimiter';
import { checkUtf8 } from './encoding';
import { Progress, readBytes, throwIfAborted } from './stream';
import type { ReadContext } from './stream';
import { TableSink } from './table-sink';
import type { DelimitedTable, SinkState } from './table-sink';
import { SAMPLE_BYTES, detectLayout } from './text-table';
import type { DelimitedOptions } from './text-table';

/** Smaller files are read in one pass: starting workers would cost more than it saves. */
export const MIN_PARALLEL_BYTES = 16 << 20;

/** Bytes searched for a line break after each tentative cut. */
const CUT_WINDOW = 1 << 16;

const LF = 10;
const CR = 13;

/** What a part needs to be parsed on its own. */
export interface PartTask {
  file: Blob;
  /** Bytes [start, end) of the file. */
  start: number;
  end: number;
  fileName: string;
  delimiter: Delimiter | null;
  /** The first part: skips Excel's "sep=" line and reads the header. */
  first: boolean;
  skipFirstLine: boolean;
  /** Later parts: the header's width (every record is a row). */
  width: number;
  /** The last part: the file ends with it. */
  last: boolean;
}

export interface PartResult {
  sink: SinkState;
  /** Line breaks in the part: the next part's lines come after these. */
  lines: number;
}

/**
 * Runs the parts (in workers, in the app) and gives each one's result, null for one that failed;
 * `onBytes(k, bytes)` says how many bytes part k has read so far, for the progress bar.
 */
export type PartRunner = (tasks: PartTask[], signal: AbortSignal | undefined, onBytes: (part: number, bytes: number) => void) => Promise<(PartResult | null)[]>;

export interface Parallel {
  /** How many parts to cut the file into (the number of workers). */
  parts: number;
  run: PartRunner;
}

/**
 * Parses one part. Null when it cannot stand for its bytes in a one-pass read: it does not end
 * on a record boundary (a cut inside quotes), it is not UTF-8, or parsing it failed (a part that
 * starts inside quotes may fail where the whole file would not).
 */
export async function parsePart(task: PartTask, onBytes?: (bytes: number) => void): Promise<PartResult | null> {
  const sink = new TableSink({
    decimalComma: task.delimiter === ';',
    skipFirstLine: task.first && task.skipFirstLine,
    width: task.first ? undefined : task.width,
  });
  const parser = new ByteDelimitedParser(task.delimiter, sink.add, task.fileName);
  const ctx: ReadContext = { fileName: task.fileName };
  try {
    const progress = new Progress(task.end - task.start, onBytes && ((bytes) => onBytes(bytes)));
    for await (const chunk of checkUtf8(readBytes(task.file.slice(task.start, task.end), ctx, progress))) parser.push(chunk);
    if (task.last) parser.end();
    else if (!parser.atRecordEnd) return null;
  } catch {
    return null;
  }
  return { sink: sink.toState(), lines: parser.currentLine - 1 };
}

/**
 * Where to cut `[start, end)` of the file into about `parts` parts: just after a line break
 * near each 1/n of it (after the LF of a CRLF). Returns the parts' start offsets, `start` first.
 */
export async function cutPoints(file: Blob, start: number, end: number, parts: number): Promise<number[]> {
  const cuts = [start];
  for (let k = 1; k < parts; k++) {
    const at = Math.max(start + Math.floor(((end - start) * k) / parts), cuts[cuts.length - 1]);
    const window = new Uint8Array(await file.slice(at, Math.min(end, at + CUT_WINDOW)).arrayBuffer());
    let cut = window.indexOf(LF);
    if (cut === -1) {
      // Only lone CRs (old Mac files); one at the window's end may be the CR of a CRLF.
      cut = window.indexOf(CR);
      if (cut === window.length - 1) cut = -1;
    }
    if (cut === -1 || at + cut + 1 >= end) continue;
    if (at + cut + 1 > cuts[cuts.length - 1]) cuts.push(at + cut + 1);
  }
  return cuts;
}

/**
 * Reads a UTF-8 file (bytes from `start`, after any BOM) in parts through `parallel`. Null when
 * the parts cannot be joined into exactly what one pass gives: the caller then makes that pass.
 */
export async function readDelimitedInParts(
  file: Blob,
  start: number,
  options: DelimitedOptions,
  parallel: Parallel,
  ctx: ReadContext,
  progress: Progress,
): Promise<DelimitedTable | null> {
  const { fileName } = options;
  const sampleEnd = Math.min(file.size, start + SAMPLE_BYTES);
  const sample = new Uint8Array(await file.slice(start, sampleEnd).arrayBuffer());
  throwIfAborted(ctx.signal);
  const { delimiter, skipFirstLine } = detectLayout(sample, sampleEnd === file.size, options.preferred);
  // The header's width, for the parts after the first: read from the sample as the first part will.
  const head = new TableSink({ decimalComma: false, skipFirstLine });
  try {
    new ByteDelimitedParser(delimiter, head.add, fileName).push(sample);
  } catch {
    return null;
  }
  if (head.header === null) return null;
  const width = head.header.length;

  const cuts = await cutPoints(file, start, file.size, parallel.parts);
  if (cuts.length < 2) return null;
  const tasks: PartTask[] = cuts.map((from, k) => ({
    file,
    start: from,
    end: k + 1 < cuts.length ? cuts[k + 1] : file.size,
    fileName,
    delimiter,
    first: k === 0,
    skipFirstLine,
    width,
    last: k + 1 === cuts.length,
  }));
  let results: (PartResult | null)[];
  try {
    // The bar shows the bytes all parts have read together.
    const read = new Float64Array(tasks.length);
    results = await parallel.run(tasks, ctx.signal, (k, bytes) => {
      read[k] = bytes;
      progress.report(start + read.reduce((sum, b) => sum + b, 0));
    });
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    throwIfAborted(ctx.signal);
    return null;
  }
  throwIfAborted(ctx.signal);
  progress.report(file.size);
  if (results.some((r) => r === null)) return null;
  const parts = results as (PartResult | null)[];
  const sink = TableSink.fromState(parts[0]!.sink, delimiter === ';');
  if (sink.header === null || sink.header.length !== width) return null;
  sink.reserveRows(parts.reduce((rows, part) => rows + part!.sink.rowCount, 0));
  let lines = parts[0]!.lines;
  parts[0] = null;
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k]!;
    // Each part's columns are let go once appended, so they are not held twice.
    parts[k] = null;
    if (!sink.append(TableSink.fromState(part.sink, delimiter === ';'), lines)) return null;
    lines += part.lines;
  }
  return sink.finish(fileName, delimiter);
}

/** The buffers of a part's result, to transfer rather than copy it to another thread (each once). */
export function partBuffers(result: PartResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const b of result.sink.builders) {
    if (b.store !== null) buffers.add(b.store.buffer);
    buffers.add(b.counts.buffer);
    buffers.add(b.verbatim.cells.buffer);
    buffers.add(b.verbatim.ends.buffer);
    buffers.add(b.verbatim.bytes.buffer);
  }
  return [...buffers];
}
