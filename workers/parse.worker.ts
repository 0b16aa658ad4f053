/**
 * A parse worker: reads one part of a large delimited file (src/core/data/ingest/parts.ts). The
 * data worker starts one per part of a file (workers/parse-parts.ts) and ends them when it is read.
 */
import * as Comlink from 'comlink';
import { partBuffers, parsePart, type PartResult, type PartTask } from '../src/core/data/ingest/parts';

const api = {
  async parsePart(task: PartTask, onBytes: (bytes: number) => void): Promise<PartResult | null> {
    const result = await parsePart(task, onBytes);
    return result === null ? null : Comlink.transfer(result, partBuffers(result));
  },
};

export type ParseApi = typeof api;
Comlink.expose(api);
