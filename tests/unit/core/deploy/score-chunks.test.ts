import { describe, expect, it } from 'vitest';
import { modelOutput, scoreInChunks, type ChunkOutputs, type RunModel } from '$src/core/deploy/score-chunks';
import type { FeedColumn } from '$src/core/deploy/feeds';
import type { ServingSpec } from '$src/core/deploy/serving-spec';

const regression: ServingSpec = {
  modelId: 'm', modelName: 'M', task: 'regression', classes: [],
  inputs: [{ name: 'x', type: 'float32', sourceType: 'number', categories: null, typical: null }],
  rules: [], columns: [],
};

/** A model that predicts 2x, and records the chunk sizes it was run on. */
function doubling(calls: number[]): RunModel {
  return async (feeds: FeedColumn[], rows: number) => {
    calls.push(rows);
    const x = feeds[0].values as Float32Array;
    return { prediction: Float32Array.from(x, (v) => 2 * v) };
  };
}

describe('scoring in chunks', () => {
  it('runs the model on consecutive chunks, the last one shorter, in row order', async () => {
    const x = Float64Array.from({ length: 7 }, (_, i) => i);
    const calls: number[] = [];
    const chunks: ChunkOutputs[] = [];
    await scoreInChunks(regression, 7, (name) => (name === 'x' ? x : undefined), doubling(calls), (c) => chunks.push(c), { chunkRows: 3 });
    expect(calls).toEqual([3, 3, 1]);
    expect(chunks.map((c) => [c.start, c.rows])).toEqual([[0, 3], [3, 3], [6, 1]]);
    expect(Array.from(chunks[1].outputs.prediction!)).toEqual([6, 8, 10]);
    expect(chunks[2].flags).toEqual([[]]);
  });

  it('flags rows on the chunk they belong to', async () => {
    const x = [1, 'seven', 3, null];
    const chunks: ChunkOutputs[] = [];
    await scoreInChunks(regression, 4, () => x, doubling([]), (c) => chunks.push(c), { chunkRows: 2 });
    expect(chunks[0].flags[0]).toEqual([]);
    expect(chunks[0].flags[1]).toHaveLength(1);
    expect(chunks[1].flags).toEqual([[], []]);
  });

  it('stops before the next chunk once cancelled, with the cancellation error ingest uses', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const run = doubling(calls);
    const scoring = scoreInChunks(regression, 10, () => new Float64Array(10), async (feeds, rows) => {
      controller.abort();
      return run(feeds, rows);
    }, () => undefined, { signal: controller.signal, chunkRows: 4 });
    await expect(scoring).rejects.toMatchObject({ name: 'IngestCancelled', message: 'Scoring was cancelled.' });
    expect(calls).toEqual([4]);
  });

  it('scores nothing for no rows', async () => {
    const calls: number[] = [];
    await scoreInChunks(regression, 0, () => undefined, doubling(calls), () => undefined);
    expect(calls).toEqual([]);
  });
});

describe('the model output on a live batch', () => {
  it('joins the predictions of every chunk into one column', async () => {
    const x = Float64Array.from({ length: 25_001 }, (_, i) => i % 100);
    const calls: number[] = [];
    const output = await modelOutput(regression, x.length, () => x, doubling(calls));
    expect(calls).toEqual([10_000, 10_000, 5001]);
    expect(output).toHaveLength(25_001);
    expect(output![10_099]).toBe(2 * 99);
    expect(output![25_000]).toBe(0);
  });

  it('joins a classifier\'s probabilities row by row', async () => {
    const spec: ServingSpec = { ...regression, task: 'classification', classes: ['a', 'b'] };
    const run: RunModel = async (_feeds, rows) => ({ label: new Array(rows).fill('a'), probabilities: Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? 0.75 : 0.25)) });
    expect(Array.from((await modelOutput(spec, 2, () => [1, 2], run))!)).toEqual([0.75, 0.25, 0.75, 0.25]);
  });

  it('is null when the graph gives neither probabilities nor predictions', async () => {
    const spec: ServingSpec = { ...regression, task: 'unknown' };
    expect(await modelOutput(spec, 3, () => [1, 2, 3], async () => ({ first: [0, 0, 0] }))).toBeNull();
  });
});
