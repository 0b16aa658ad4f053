/**
 * Scoring many rows with a served model, a chunk at a time: each chunk's raw values are read into
 * the graph's inputs (flagging bad values on their rows) and run. A chunk is big enough to be
 * fast and small enough to report progress and to see a cancel between chunks. The runtime itself
 * (onnxruntime-web in the serve worker) is passed in as `run`.
 */
import { throwIfCancelled } from '../cancellation';
import type { FeedColumn } from './feeds';
import { prepareRows } from './score';
import type { ServingSpec } from './serving-spec';

/** Rows per inference call. */
export const SCORE_CHUNK_ROWS = 10_000;

/** A graph's outputs by the names the studio's exports use (`first`: the first output, for other graphs). */
export interface ModelOutputs {
  label?: ArrayLike<unknown>;
  probabilities?: Float32Array;
  prediction?: Float32Array;
  first?: ArrayLike<unknown>;
}

/** Runs the graph on `rows` rows of inputs. */
export type RunModel = (feeds: FeedColumn[], rows: number) => Promise<ModelOutputs>;

/** One chunk scored: rows `start … start + rows − 1`, their flags and the graph's outputs. */
export interface ChunkOutputs {
  start: number;
  rows: number;
  flags: string[][];
  outputs: ModelOutputs;
}

export interface ScoreChunksOptions {
  /** Checked before each chunk: once aborted, scoring stops with a `Cancelled` error. */
  signal?: AbortSignal;
  chunkRows?: number;
}

/**
 * Scores `rows` rows of the columns `column` gives (undefined: the column is absent), chunk by
 * chunk, handing each chunk's outputs to `onChunk` in row order.
 */
export async function scoreInChunks(
  spec: ServingSpec,
  rows: number,
  column: (name: string) => ArrayLike<unknown> | undefined,
  run: RunModel,
  onChunk: (chunk: ChunkOutputs) => void,
  { signal, chunkRows = SCORE_CHUNK_ROWS }: ScoreChunksOptions = {},
): Promise<void> {
  for (let start = 0; start < rows; start += chunkRows) {
    throwIfCancelled(signal, 'Scoring was cancelled.');
    const n = Math.min(chunkRows, rows - start);
    const prepared = prepareRows(spec, n, column, start);
    onChunk({ start, rows: n, flags: prepared.flags, outputs: await run(prepared.feeds, n) });
  }
}

/**
 * The served model's output on every row, one float per row and class (probabilities) or per
 * row (predictions); null when the graph gives neither.
 */
export async function modelOutput(spec: ServingSpec, rows: number, column: (name: string) => ArrayLike<unknown> | undefined, run: RunModel): Promise<Float32Array | null> {
  const parts: Float32Array[] = [];
  await scoreInChunks(spec, rows, column, run, ({ outputs }) => {
    const values = spec.task === 'classification' ? outputs.probabilities : outputs.prediction;
    if (values) parts.push(values);
  });
  return concatFloats(parts);
}

function concatFloats(parts: readonly Float32Array[]): Float32Array | null {
  if (parts.length === 0) return null;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
