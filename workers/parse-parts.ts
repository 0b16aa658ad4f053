/**
 * Runs the parts of a large delimited file in parse workers, one each, so that a file is parsed
 * on several cores (src/core/data/ingest/parts.ts decides, cuts and joins). The workers end when
 * the parts are read, fail or are cancelled.
 */
import * as Comlink from 'comlink';
import { Cancelled } from '../src/core/cancellation';
import type { Parallel, PartResult, PartTask } from '../src/core/data/ingest/parts';
import type { ParseApi } from './parse.worker';

// More parts than this gain little: joining and memory grow with each.
const MAX_PARTS = 8;
// On a 2-core machine two parts took as long as one pass (measured in Node) while the parts and
// their join held the columns twice: fewer cores read in one pass.
const MIN_CORES = 4;

/** Parallel parsing for `ingestFile`, or undefined on a machine with few cores. */
export function parseInParts(): Parallel | undefined {
  const cores = navigator.hardwareConcurrency ?? 1;
  return cores >= MIN_CORES ? { parts: Math.min(MAX_PARTS, cores), run: runParts } : undefined;
}

async function runParts(tasks: PartTask[], signal: AbortSignal | undefined, onBytes: (part: number, bytes: number) => void): Promise<(PartResult | null)[]> {
  const workers = tasks.map(() => new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'parse' }));
  let abort = (): void => undefined;
  try {
    return await new Promise<(PartResult | null)[]>((resolve, reject) => {
      abort = () => reject(new Cancelled('Loading was cancelled.'));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort);
      // A worker that cannot start never answers: fail, and the file is read in one pass.
      for (const worker of workers) worker.addEventListener('error', (event) => reject(new Error(event.message || 'a parse worker failed')));
      const parts = tasks.map((task, k) => Comlink.wrap<ParseApi>(workers[k]).parsePart(task, Comlink.proxy((bytes: number) => onBytes(k, bytes))));
      Promise.all(parts).then(resolve, reject);
    });
  } finally {
    signal?.removeEventListener('abort', abort);
    for (const worker of workers) worker.terminate();
  }
}
