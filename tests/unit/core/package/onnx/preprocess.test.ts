/**
 * The preprocessing subgraph alone: its design matrix must be the studio's (`transform`,
 * `transformRecord`) bit for bit, in both runtimes, for fitted preprocessors and for the cases
 * `fitPreprocessor` never makes (an (other) column, an imputed value that is not a category).
 */
import { describe, expect, it } from 'vitest';
import { dateInput, describePreprocessor, fitPreprocessor, transform, transformRecord } from '$src/core/model/features';
import type { CategoricalFeature, FittedFeature, Preprocessor } from '$src/core/model/types';
import { GraphBuilder } from '$src/core/package/onnx/builder';
import { ExportError } from '$src/core/package/onnx/errors';
import { inspectOnnx } from '$src/core/package/onnx/export';
import { emitPreprocessing } from '$src/core/package/onnx/preprocess';
import { CHECKER_UNAVAILABLE, FEATURES, RUNTIMES, checkWithOnnx, feedsFromFrame, feedsFromRecords, fixtureFrame, runOnnx } from './helpers';

/** A graph whose one output is the design matrix. */
function designGraph(p: Preprocessor): Uint8Array {
  const g = new GraphBuilder({ name: 'preprocessing' });
  const design = emitPreprocessing(g, p);
  expect(design.width).toBe(p.width);
  g.addOutput(design.name, 'float32', ['N', design.width], { name: 'design' });
  return g.build();
}

const { frame, parts } = fixtureFrame(5);
const train = Array.from(parts.keys()).filter((i) => parts[i] === 0);
const fitted = fitPreprocessor(frame, train, FEATURES, { minCategoryCount: 4 });

const RECORDS: Record<string, unknown>[] = [
  {},
  { island: '', colour: '' },
  { island: 'Mars', colour: 'RED', 'Body Mass (g)': 1e30, joined: '2099-12-31' },
  { island: 'Atlantis', colour: 'green', member: true, flipper: -3 },
  { island: 'Biscoe', colour: 'Red', 'Body Mass (g)': -0, member: false },
];

/** The same features with categorical ones changed. */
function variant(change: (f: CategoricalFeature) => Partial<CategoricalFeature>): Preprocessor {
  return describePreprocessor(fitted.features.map((f): FittedFeature => (f.kind === 'categorical' ? { ...f, ...change(f) } : f)));
}

const VARIANTS: { title: string; p: Preprocessor }[] = [
  { title: 'as fitted (other: false)', p: fitted },
  { title: 'with an (other) column', p: variant(() => ({ other: true })) },
  { title: 'imputed value not a category, no (other)', p: variant((f) => ({ categories: f.categories.filter((c) => c !== f.impute) })) },
  { title: 'imputed value not a category, with (other)', p: variant((f) => ({ categories: f.categories.filter((c) => c !== f.impute), other: true })) },
  { title: 'the empty text as the imputed value', p: variant(() => ({ impute: '' })) },
  { title: 'one numeric feature (no Concat)', p: describePreprocessor([fitted.features[3]]) },
  { title: 'one categorical feature with one category', p: describePreprocessor([{ ...(fitted.features[4] as CategoricalFeature), categories: ['Dream'], impute: 'Dream', other: true }]) },
];

describe.each(VARIANTS)('preprocessing graph: $title', ({ p }) => {
  const bytes = designGraph(p);

  it.each(RUNTIMES)('gives the studio’s design matrix bit for bit in $name', async ({ ort }) => {
    const fromFrame = await runOnnx(ort, bytes, feedsFromFrame(p, frame));
    const x = transform(p, frame);
    expect(fromFrame.design.dims).toEqual([x.rows, x.width]);
    expect(fromFrame.design.data).toEqual(x.values);

    const fromRecords = await runOnnx(ort, bytes, feedsFromRecords(p, RECORDS));
    const expected = new Float32Array(RECORDS.length * p.width);
    RECORDS.forEach((r, i) => expected.set(transformRecord(p, r), i * p.width));
    expect(fromRecords.design.data).toEqual(expected);
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes the ONNX checker', () => {
    expect(checkWithOnnx(bytes)).toBeNull();
  });
});

describe('preprocessing graph', () => {
  it('has one input per feature, named as the column: float32 for numbers, string for text', () => {
    const info = inspectOnnx(designGraph(fitted));
    expect(info.inputs).toEqual([
      { name: 'Body Mass (g)', type: 'float32', shape: ['N', 1] },
      { name: 'flipper', type: 'float32', shape: ['N', 1] },
      { name: 'member', type: 'float32', shape: ['N', 1] },
      { name: 'joined', type: 'float32', shape: ['N', 1] },
      { name: 'island', type: 'string', shape: ['N', 1] },
      { name: 'colour', type: 'string', shape: ['N', 1] },
    ]);
    expect(info.opsets).toEqual({ 'ai.onnx': 17, 'ai.onnx.ml': 3 });
  });

  it('takes no rows', async () => {
    const bytes = designGraph(fitted);
    const empty = feedsFromRecords(fitted, []);
    for (const { ort } of RUNTIMES) {
      const out = await runOnnx(ort, bytes, empty);
      expect(out.design.dims).toEqual([0, fitted.width]);
    }
  });

  it('refuses a preprocessor without features', () => {
    const g = new GraphBuilder({ name: 'x' });
    expect(() => emitPreprocessing(g, { features: [], width: 0, columnNames: [] })).toThrow(ExportError);
    expect(() => emitPreprocessing(g, { features: [], width: 0, columnNames: [] })).toThrow(/no features/);
  });

  it('refuses a feature of an unknown kind, and the same feature twice', () => {
    const g = new GraphBuilder({ name: 'x' });
    const odd = { kind: 'embedding', name: 'z' } as unknown as FittedFeature;
    expect(() => emitPreprocessing(g, { features: [odd], width: 1, columnNames: ['z'] })).toThrow(/z is of a kind the exporter does not know/);
    const twice = describePreprocessor([fitted.features[0], fitted.features[0]]);
    expect(() => emitPreprocessing(new GraphBuilder({ name: 'x' }), twice)).toThrow(/Body Mass \(g\) appears twice/);
  });
});

describe('the date block: civil_from_days in the graph', () => {
  // Parts passed through as they are (mean 0, std 1, first day 1970-01-01), to read them back.
  const identity: Preprocessor = describePreprocessor([
    { kind: 'numeric', name: 'when', sourceType: 'date', impute: 0, mean: 0, std: 1, date: { origin: 0, impute: [1, 2, 3, 4, 5], mean: [0, 0, 0, 0, 0], std: [1, 1, 1, 1, 1] } },
  ]);
  const bytes = designGraph(identity);
  const DAY = 86_400_000;
  const first = Date.UTC(1900, 0, 1) / DAY;
  const last = Date.UTC(2100, 11, 31) / DAY;

  it('gives the year, month, day of week, day of year and day count Date gives, for every day 1900–2100 (onnxruntime-node)', async () => {
    const count = last - first + 1;
    // Each day at midnight and at 23:59 (as float32 days rounded down): the same date.
    const input = new Float32Array(count * 2 + 1);
    for (let k = 0; k < count; k++) {
      input[2 * k] = first + k;
      input[2 * k + 1] = dateInput((first + k) * DAY + 86_340_000);
    }
    input[count * 2] = NaN;
    const out = await runOnnx(RUNTIMES[0].ort, bytes, { when: input });
    const design = out.design.data as Float32Array;
    expect(out.design.dims).toEqual([input.length, 5]);
    let wrong = 0;
    for (let r = 0; r < count * 2; r++) {
      const date = new Date(Math.floor(input[r]) * DAY);
      const start = Date.UTC(date.getUTCFullYear(), 0, 1);
      const want = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDay(), (date.getTime() - start) / DAY + 1, Math.fround(input[r])];
      const got = Array.from(design.subarray(r * 5, r * 5 + 5));
      if (got.some((v, j) => v !== want[j])) {
        if (wrong++ < 5) expect([input[r], got]).toEqual([input[r], want]);
      }
      // A time of day never moves the date to the next day.
      if (r % 2 === 1 && date.getTime() !== (first + (r - 1) / 2) * DAY) wrong++;
    }
    expect(wrong).toBe(0);
    // A missing date: each part's imputed value.
    expect(Array.from(design.subarray(count * 10))).toEqual([1, 2, 3, 4, 5]);
  });
});
