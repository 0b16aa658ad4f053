/**
 * The cleaning recipe inside the exported graph, against the studio's own pipeline: raw frames
 * are cleaned with the studio's recipe engine (`applyNewStep`, `replayRecipe`), a model is
 * trained on the prepared frame, the model is exported with its recipe, and the graph is fed the
 * RAW values (cleaned ones only for the steps the plan says it cannot express). Every row must
 * give the studio's label and, within 1e-4, its probabilities and predictions — rows with missing
 * values, zeros under a division, negatives under a log and rows a filter removed included.
 *
 * A second part checks the recipe's expressions alone, value for value, on edge cases (division
 * by zero, log of 0 and of negatives, pow(1, missing), overflow, casts, conditions on every type).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '$src/core/data/frame';
import { PART } from '$src/core/data/frame';
import { columnValues, rowIds } from '$src/core/data/recipe/frame-ops';
import { applyNewStep, baseFrame, replayRecipe } from '$src/core/data/recipe/replay';
import type { Condition, DeriveExpression, RecipeStep } from '$src/core/data/recipe/steps';
import { categoricalInput, numericInput, transform } from '$src/core/model/features';
import { predictModel, predictLabels } from '$src/core/model/predict';
import { prepareTrainingData } from '$src/core/model/prepare';
import { defaultSettings, trainModel } from '$src/core/model/train';
import type { FittedFeature, ModelKind, Task } from '$src/core/model/types';
import { GraphBuilder } from '$src/core/package/onnx/builder';
import { exportOnnx, exportPackage, inspectOnnx } from '$src/core/package/onnx/export';
import type { ExportableModel } from '$src/core/package/onnx/export';
import { emitRecipe, planRecipe } from '$src/core/package/onnx/recipe';
import type { PlanInput, RecipePlan } from '$src/core/package/onnx/recipe';
import { createRandom } from '$src/core/random';
import { context, makeFrame } from '../../data/recipe/helpers';
import { CHECKER_UNAVAILABLE, RUNTIMES, checkWithOnnx, feedsFromPlanInputs, runOnnx } from './helpers';
import type { FeedValues } from './helpers';

const ROW_SET = new Set(['filter', 'dedupe', 'drop-missing', 'append']);

/** Steps as the studio replays them for one served row: without the row-set steps. */
function perRow(steps: readonly RecipeStep[]): RecipeStep[] {
  return steps.filter((s) => !ROW_SET.has(s.kind));
}

// ---- The fixture: raw columns of every type, and a recipe of every kind ----

function rawFixture(seed: number, n = 260): { raw: Frame; parts: Uint8Array } {
  const r = createRandom(seed);
  const cols: Record<string, (number | string | boolean | null)[]> = {
    mass: [], flipper: [], ratio: [], small: [], island: [], colour: [], tag: [], member: [], joined: [], code: [], noise: [], old: [], species: [], score: [],
  };
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  const islands = ['Biscoe', 'Dream', 'Torgersen', 'Biscoe', 'Dream'];
  const colours = ['red', ' red', 'red ', 'green', 'Red', '  green', 'blue'];
  for (let i = 0; i < n; i++) {
    const m = round(r.normal(4200, 700), 1);
    const f = Math.round(r.normal(200, 12));
    const ratio = r.next() < 0.1 ? 0 : round(r.uniform(-1, 3), 2);
    const small = round(r.uniform(-2, 2), 2);
    const isl = islands[r.int(islands.length)];
    const member = r.next() < 0.4;
    const day = Math.floor(r.uniform(0, 900));
    const code = r.int(3);
    const noise = round(r.normal(0, 1), 3);
    cols.mass.push(r.next() < 0.08 ? null : m);
    cols.flipper.push(r.next() < 0.05 ? -999 : r.next() < 0.05 ? null : f);
    cols.ratio.push(r.next() < 0.05 ? null : ratio);
    cols.small.push(r.next() < 0.05 ? null : small);
    cols.island.push(r.next() < 0.08 ? null : isl);
    cols.colour.push(r.next() < 0.05 ? null : r.next() < 0.04 ? '   ' : colours[r.int(colours.length)]);
    cols.tag.push(r.next() < 0.5 ? ' a ' : 'b');
    cols.member.push(r.next() < 0.06 ? null : member);
    cols.joined.push(r.next() < 0.05 ? null : new Date(Date.UTC(2021, 0, 1 + day)).toISOString().slice(0, 10));
    cols.code.push(r.next() < 0.04 ? null : code);
    cols.noise.push(noise);
    cols.old.push(i);
    const score = (m - 4200) / 700 + (f - 200) / 12 + (isl === 'Dream' ? 1.2 : isl === 'Torgersen' ? -1.2 : 0) + (member ? 0.5 : -0.5) + Math.max(-1, ratio) * 0.3 + r.normal(0, 0.5);
    cols.species.push(score < -0.8 ? 'Adelie' : score < 0.8 ? 'Chinstrap' : 'Gentoo');
    cols.score.push(round(score * 3 + 10, 3));
  }
  // Rows at the edges, in the test part: all missing, a zero and a negative under the derives, a sentinel, only spaces.
  const extra: Record<string, (number | string | boolean | null)[]> = {
    mass: [null, 4000, 4000.1, 9000],
    flipper: [null, -999, 260, 150],
    ratio: [null, 0, -1, 1],
    small: [null, -2, 0, 2],
    island: [null, 'Dream', 'Mars', 'Biscoe'],
    colour: [null, '   ', ' green ', 'purple'],
    tag: [null, null, ' a ', 'b'],
    member: [null, true, false, true],
    joined: [null, '2022-06-01', '2030-01-01', '1999-12-31'],
    code: [null, 2, 1, 0],
    noise: [null, 0, 1e3, -1e3],
    old: [1, 2, 3, 4],
    species: ['Adelie', 'Gentoo', 'Chinstrap', 'Gentoo'],
    score: [10, 11, 12, 13],
  };
  for (const [name, values] of Object.entries(extra)) cols[name].push(...values);
  // Two exact copies of earlier rows (for dedupe).
  for (const copy of [3, 7]) for (const name of Object.keys(cols)) cols[name].push(cols[name][copy]);
  const rows = cols.mass.length;
  const parts = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) parts[i] = i < n * 0.6 ? PART.train : i < n * 0.8 ? PART.validation : PART.test;
  const frame = makeFrame(cols, {
    mass: 'number', flipper: 'integer', ratio: 'number', small: 'number', island: 'text', colour: 'text', tag: 'text', member: 'boolean', joined: 'date', code: 'integer', noise: 'number', old: 'integer', species: 'text', score: 'number',
  });
  return { raw: baseFrame(frame.table, frame.columns), parts };
}

const cond = (match: 'all' | 'any', conditions: Condition[]): DeriveExpression => ({ op: 'condition', where: { match, conditions } });

const RECIPE: RecipeStep[] = [
  { kind: 'replace', column: 'flipper', from: -999, to: null },
  { kind: 'impute', column: 'mass', strategy: 'median' },
  { kind: 'impute', column: 'island', strategy: 'most-frequent' },
  { kind: 'replace', column: 'island', from: 'Biscoe', to: 'Biscoe Island' },
  { kind: 'clip', column: 'flipper', method: 'iqr', k: 1 },
  { kind: 'derive', name: 'bmi', expression: { op: 'divide', left: { column: 'mass' }, right: { column: 'ratio' } } },
  { kind: 'derive', name: 'lg', expression: { op: 'log', operand: { column: 'ratio' } } },
  { kind: 'derive', name: 'sum', expression: { op: 'add', left: { column: 'mass' }, right: { column: 'flipper' } } },
  { kind: 'derive', name: 'diff', expression: { op: 'subtract', left: { column: 'flipper' }, right: { constant: 200 } } },
  { kind: 'derive', name: 'prod', expression: { op: 'multiply', left: { column: 'ratio' }, right: { column: 'small' } } },
  { kind: 'derive', name: 'pw', expression: { op: 'power', left: { column: 'small' }, right: { constant: 0.5 } } },
  { kind: 'derive', name: 'rt', expression: { op: 'sqrt', operand: { column: 'ratio' } } },
  { kind: 'derive', name: 'ab', expression: { op: 'abs', operand: { column: 'small' } } },
  { kind: 'derive', name: 'sq', expression: { op: 'square', operand: { column: 'small' } } },
  { kind: 'derive', name: 'ex', expression: { op: 'exp', operand: { column: 'small' } } },
  { kind: 'derive', name: 'big', expression: cond('all', [{ column: 'mass', op: 'greater', value: 4000 }, { column: 'island', op: 'equals', value: 'Dream' }]) },
  {
    kind: 'derive',
    name: 'late',
    expression: cond('any', [
      { column: 'joined', op: 'greater-or-equal', value: '2022-06-01' },
      { column: 'member', op: 'equals', value: true },
      { column: 'flipper', op: 'is-missing' },
      { column: 'island', op: 'one-of', values: ['Torgersen', 'Mars'] },
    ]),
  },
  { kind: 'rename-column', column: 'noise', to: 'noise2' },
  { kind: 'drop-column', column: 'old' },
  { kind: 'filter', where: { match: 'all', conditions: [{ column: 'mass', op: 'greater', value: 6000 }] }, keep: false },
  { kind: 'dedupe', columns: [] },
  { kind: 'trim', column: 'colour' },
  { kind: 'impute', column: 'colour', strategy: 'most-frequent' },
  { kind: 'trim', column: 'tag' },
  { kind: 'cast', column: 'code', to: 'boolean' },
  { kind: 'cast', column: 'flipper', to: 'number' },
  { kind: 'impute', column: 'member', strategy: 'most-frequent' },
  { kind: 'drop-missing', columns: ['flipper'] },
];

const FEATURES = ['mass', 'flipper', 'bmi', 'lg', 'sum', 'diff', 'prod', 'pw', 'rt', 'ab', 'sq', 'ex', 'big', 'late', 'noise2', 'island', 'colour', 'member', 'code', 'joined'];

/** Applies the recipe as the Clean step does (check, fit on the train rows, apply). */
function clean(raw: Frame, parts: Uint8Array, steps: readonly RecipeStep[]): { prepared: Frame; fitted: RecipeStep[] } {
  const ctx = context(Array.from(parts, (p) => (p === PART.train ? 1 : 0)));
  let frame = raw;
  const fitted: RecipeStep[] = [];
  for (const s of steps) {
    const r = applyNewStep(frame, s, ctx);
    fitted.push(r.step);
    frame = r.frame;
  }
  return { prepared: frame, fitted };
}

/** The frame an input is read from: the raw frame, or the frame right after the input's step (per-row steps only). */
function frameOfInput(raw: Frame, fitted: readonly RecipeStep[]): (input: { step: number | null; column: string }) => Frame {
  return (input) => {
    if (input.step === null) return raw;
    return replayRecipe(raw, perRow(fitted.slice(0, input.step + 1)), context());
  };
}

// ---- End to end: train, export with the recipe, run on raw values ----

interface Case {
  title: string;
  kind: ModelKind;
  task: Task;
  target: string;
  hidden?: number[];
}

const CASES: Case[] = [
  { title: 'logistic regression, 3 classes', kind: 'logistic-regression', task: 'classification', target: 'species' },
  { title: 'MLP, 3 classes', kind: 'mlp', task: 'classification', target: 'species', hidden: [8] },
  { title: 'MLP, regression', kind: 'mlp', task: 'regression', target: 'score', hidden: [8] },
  // Trees take their own preprocessing (raw numbers, ordinal codes) behind the same recipe.
  { title: 'boosted trees, 3 classes', kind: 'gradient-boosted-trees', task: 'classification', target: 'species' },
  { title: 'boosted trees, regression', kind: 'gradient-boosted-trees', task: 'regression', target: 'score' },
];

interface Trained {
  c: Case;
  model: ExportableModel;
  bytes: Uint8Array;
  plan: RecipePlan;
  feeds: Record<string, FeedValues>;
  expected: Float32Array;
  rows: number;
  /** Rows that are in the prepared (training) frame: not removed by a row-set step. */
  kept: number;
}

const trained: Trained[] = [];
const measured = { probability: 0, prediction: 0 };

async function train(c: Case, seed: number): Promise<Trained> {
  const { raw, parts } = rawFixture(seed);
  const { prepared, fitted } = clean(raw, parts, RECIPE);
  const ids = rowIds(prepared);
  const preparedParts = Uint8Array.from(ids, (id) => parts[id]);
  const data = prepareTrainingData(prepared, preparedParts, { target: c.target, task: c.task, features: FEATURES, kind: c.kind });
  const settings = {
    ...defaultSettings(c.kind, c.task, data.train.x.rows, seed),
    epochs: 30,
    patience: 0,
    learningRate: c.kind === 'mlp' ? 0.02 : 0.05,
    ...(c.hidden ? { hiddenLayers: c.hidden } : {}),
  };
  const result = await trainModel(data, settings, { tf });
  const model: ExportableModel = {
    name: c.title,
    parameters: result.parameters,
    preprocessor: data.preprocessor,
    target: data.target,
    features: FEATURES,
    metadata: { trained_at: '2025-01-02T03:04:05.000Z', recipe: fitted, metrics: {} },
    recipe: { steps: fitted, rawColumns: raw.columns },
  };
  const { bytes, plan } = exportPackage(model);
  // The studio's pipeline for a served row: the per-row steps on every raw row, transform, forward.
  const served = replayRecipe(raw, perRow(fitted), context());
  const x = transform(data.preprocessor, served);
  const expected = predictModel(result.parameters, x);
  const feeds = feedsFromPlanInputs(plan.inputs, frameOfInput(raw, fitted));
  return { c, model, bytes, plan, feeds, expected, rows: x.rows, kept: ids.length };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const [i, c] of CASES.entries()) trained.push(await train(c, 31 + i));
}, 120_000);

afterAll(() => {
  console.log(
    `ONNX recipe parity, max |onnx − studio| over ${trained.length} models × ${RUNTIMES.length} runtimes on raw rows: ` +
      `probabilities ${measured.probability.toExponential(2)}, predictions ${measured.prediction.toExponential(2)}`,
  );
});

describe.each(CASES.map((c, i) => ({ ...c, i })))('export with the recipe: $title', ({ i, task }) => {
  it.each(RUNTIMES)('takes raw values in $name and gives the studio’s labels and numbers', async ({ ort }) => {
    const t = trained[i];
    // Rows removed by the filter and dedupe are still served: the parity covers them too.
    expect(t.rows).toBeGreaterThan(t.kept);
    const out = await runOnnx(ort, t.bytes, t.feeds);
    if (task === 'classification') {
      const classes = t.model.target.classes;
      expect(out.probabilities.dims).toEqual([t.rows, classes.length]);
      const probabilities = out.probabilities.data as Float32Array;
      for (let j = 0; j < probabilities.length; j++) {
        const d = Math.abs(probabilities[j] - t.expected[j]);
        measured.probability = Math.max(measured.probability, d);
        expect(d).toBeLessThanOrEqual(1e-4);
      }
      const labels = predictLabels(t.expected, classes);
      expect(Array.from(out.label.data as string[])).toEqual(labels);
      expect(new Set(labels).size).toBeGreaterThan(1);
    } else {
      const prediction = out.prediction.data as Float32Array;
      expect(out.prediction.dims).toEqual([t.rows, 1]);
      for (let j = 0; j < prediction.length; j++) {
        const d = Math.abs(prediction[j] - t.expected[j]);
        measured.prediction = Math.max(measured.prediction, d);
        expect(d).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True)', () => {
    expect(checkWithOnnx(trained[i].bytes)).toBeNull();
  });

  it('takes the raw columns, named as loaded, and the trimmed column as a cleaned input', () => {
    const t = trained[i];
    const info = inspectOnnx(t.bytes);
    expect(info.inputs).toEqual([
      { name: 'mass', type: 'float32', shape: ['N', 1] },
      { name: 'flipper', type: 'float32', shape: ['N', 1] },
      { name: 'ratio', type: 'float32', shape: ['N', 1] },
      { name: 'small', type: 'float32', shape: ['N', 1] },
      { name: 'island', type: 'string', shape: ['N', 1] },
      { name: 'member', type: 'float32', shape: ['N', 1] },
      { name: 'joined', type: 'float32', shape: ['N', 1] },
      { name: 'code', type: 'float32', shape: ['N', 1] },
      { name: 'noise', type: 'float32', shape: ['N', 1] },
      { name: 'colour', type: 'string', shape: ['N', 1] },
    ]);
    expect(t.plan.inputs.map((x) => [x.name, x.source, x.step])).toEqual([
      ['mass', 'raw', null], ['flipper', 'raw', null], ['ratio', 'raw', null], ['small', 'raw', null], ['island', 'raw', null],
      ['member', 'raw', null], ['joined', 'raw', null], ['code', 'raw', null], ['noise', 'raw', null], ['colour', 'cleaned', 21],
    ]);
    expect(info.opsets).toEqual({ 'ai.onnx': 17, 'ai.onnx.ml': 3 });
  });
});

describe('the recipe in the metadata', () => {
  it('lists every step with its status and reason, and describes every input', () => {
    const t = trained[0];
    const m = inspectOnnx(t.bytes).metadata;
    const steps = JSON.parse(m.recipe) as { step: number; kind: string; status: string; reason: string; definition: RecipeStep }[];
    expect(steps).toHaveLength(RECIPE.length);
    expect(steps.map((s) => s.step)).toEqual(RECIPE.map((_, k) => k + 1));
    expect(steps.map((s) => s.definition.kind)).toEqual(RECIPE.map((s) => s.kind));
    const status = Object.fromEntries(steps.map((s) => [s.step - 1, s.status]));
    for (const [k, s] of RECIPE.entries()) {
      const want = ROW_SET.has(s.kind) || (s.kind === 'trim' && s.column === 'tag') ? 'skipped' : s.kind === 'trim' ? 'not-expressible' : 'in-graph';
      expect([k, status[k]]).toEqual([k, want]);
    }
    for (const s of steps) expect(s.reason.length).toBeGreaterThan(20);
    // The fitted values travel with the steps.
    expect((steps[1].definition as Extract<RecipeStep, { kind: 'impute' }>).fitted?.value).toEqual(expect.any(Number));
    const inputs = JSON.parse(m.inputs) as PlanInput[];
    expect(inputs.map((x) => x.name)).toEqual(t.plan.inputs.map((x) => x.name));
    expect(inputs.find((x) => x.name === 'colour')!.description).toMatch(/after step 22 \(Trim white space in colour\)/);
    expect(Object.keys(m).sort()).toEqual(['classes', 'features', 'format_version', 'inputs', 'kind', 'metrics', 'producer', 'recipe', 'target', 'task', 'trained_at']);
  });

  it('says in notes which steps are not in the graph and why', () => {
    const notes = trained[0].plan.notes.join('\n');
    expect(notes).toMatch(/Step 22 \(Trim white space in colour\) cannot be done in the graph: ONNX \(opset 17\) has no operator that removes white space/);
    expect(notes).toMatch(/Step 20 .* is not in the graph: Skipped by design/);
    expect(notes).toMatch(/Step 21 \(.*\) is not in the graph: Skipped by design: it removes repeated rows/);
  });

  it('exportOnnx gives the same bytes as exportPackage', () => {
    const t = trained[0];
    expect(exportOnnx(t.model)).toEqual(t.bytes);
  });
});

// ---- The recipe's expressions alone, value for value, on edge cases ----

/** A graph whose outputs are the recipe's values of `features` (as the model's preprocessing would take them). */
function recipeGraph(plan: RecipePlan, features: FittedFeature[]): Uint8Array {
  const g = new GraphBuilder({ name: 'recipe' });
  const values = emitRecipe(g, plan, features);
  for (const f of features) g.addOutput(values.get(f.name)!, f.kind === 'numeric' ? 'float32' : 'string', ['N', 1], { name: `out:${f.name}` });
  return g.build();
}

function stubFeature(name: string, frame: Frame): FittedFeature {
  const type = frame.columns.find((c) => c.name === name)!.type;
  return type === 'text'
    ? { kind: 'categorical', name, sourceType: type, impute: '', categories: ['x'], other: false }
    : { kind: 'numeric', name, sourceType: type, impute: 0, mean: 0, std: 1 };
}

describe('recipe expressions, value for value', () => {
  const f32 = Math.fround;
  // Values a float32 input carries exactly, so any difference would be the graph's.
  const base = makeFrame(
    {
      a: [f32(2.5), 0, -1, null, 1, f32(-2.5), 4, 1e6, 3, f32(0.1)],
      b: [2, 0, 0, 1, null, f32(0.5), -8, 2, 700, 3],
      i: [1, 2, 3, null, -999, 7, 0, 2, 1, 5],
      flag: [true, false, null, true, false, true, null, false, true, true],
      day: ['2021-01-01', null, '2022-06-01', '2024-02-29', '1969-12-31', '2021-01-01', null, '2030-01-01', '2000-01-01', '2021-01-02'],
      // No '' among present text: ingest reads an empty cell as missing, as the graph's '' is.
      word: ['Dream', 'Dream ', null, 'dream', 'Biscoe', ' Dream', 'Mars', null, 'Dream', 'x'],
    },
    { a: 'number', b: 'number', i: 'integer', flag: 'boolean', day: 'date', word: 'text' },
  );
  const raw = baseFrame(base.table, base.columns);
  const steps: RecipeStep[] = [
    { kind: 'derive', name: 'div', expression: { op: 'divide', left: { column: 'a' }, right: { column: 'b' } } },
    { kind: 'derive', name: 'pow', expression: { op: 'power', left: { column: 'a' }, right: { column: 'b' } } },
    { kind: 'derive', name: 'pow1', expression: { op: 'power', left: { constant: 1 }, right: { column: 'b' } } },
    { kind: 'derive', name: 'log', expression: { op: 'log', operand: { column: 'a' } } },
    { kind: 'derive', name: 'sqrt', expression: { op: 'sqrt', operand: { column: 'a' } } },
    { kind: 'derive', name: 'exp', expression: { op: 'exp', operand: { column: 'b' } } },
    { kind: 'derive', name: 'sq', expression: { op: 'square', operand: { column: 'a' } } },
    { kind: 'derive', name: 'abs', expression: { op: 'abs', operand: { column: 'a' } } },
    { kind: 'derive', name: 'sub', expression: { op: 'subtract', left: { column: 'i' }, right: { column: 'a' } } },
    { kind: 'derive', name: 'mul', expression: { op: 'multiply', left: { column: 'a' }, right: { constant: 3 } } },
    { kind: 'derive', name: 'add', expression: { op: 'add', left: { column: 'b' }, right: { column: 'i' } } },
    { kind: 'derive', name: 'c1', expression: cond('all', [{ column: 'a', op: 'less-or-equal', value: 0.1 }, { column: 'flag', op: 'not-equals', value: true }]) },
    { kind: 'derive', name: 'c2', expression: cond('any', [{ column: 'word', op: 'not-equals', value: 'Dream' }, { column: 'day', op: 'less', value: '2021-01-02' }]) },
    { kind: 'derive', name: 'c3', expression: cond('all', [{ column: 'word', op: 'is-not-missing' }, { column: 'i', op: 'one-of', values: [1, 2, 7] }]) },
    { kind: 'derive', name: 'c4', expression: cond('any', [{ column: 'word', op: 'one-of', values: ['Mars', 'dream'] }, { column: 'b', op: 'is-missing' }]) },
    { kind: 'replace', column: 'i', from: -999, to: null },
    { kind: 'replace', column: 'b', from: null, to: 42 },
    { kind: 'replace', column: 'word', from: 'Mars', to: 'Venus' },
    { kind: 'replace', column: 'word', from: 'Biscoe', to: null },
    { kind: 'replace', column: 'flag', from: null, to: false },
    { kind: 'impute', column: 'i', strategy: 'constant', constant: 5 },
    { kind: 'impute', column: 'day', strategy: 'most-frequent' },
    { kind: 'impute', column: 'word', strategy: 'constant', constant: 'none' },
    { kind: 'clip', column: 'a', method: 'percentile', lowerPercentile: 10, upperPercentile: 80 },
    { kind: 'cast', column: 'a', to: 'integer' },
    { kind: 'derive', name: 'ms', expression: { op: 'divide', left: { column: 'b' }, right: { constant: 4 } } },
    { kind: 'cast', column: 'ms', to: 'date' },
    { kind: 'derive', name: 'bin', expression: { op: 'subtract', left: { column: 'i' }, right: { constant: 2 } } },
    { kind: 'cast', column: 'bin', to: 'boolean' },
    { kind: 'cast', column: 'flag', to: 'text' },
    { kind: 'cast', column: 'day', to: 'number' },
  ];
  const { prepared, fitted } = clean(raw, new Uint8Array(10).fill(PART.train), steps);
  const names = prepared.columns.map((c) => c.name);
  const features = names.map((n) => stubFeature(n, prepared));
  const plan = planRecipe(fitted, raw.columns, names);
  const bytes = recipeGraph(plan, features);

  it('puts every step in the graph', () => {
    expect(plan.steps.map((s) => [s.index, s.status])).toEqual(fitted.map((_, k) => [k, 'in-graph']));
    expect(plan.inputs.map((x) => x.name)).toEqual(['a', 'b', 'i', 'flag', 'day', 'word']);
  });

  it.each(RUNTIMES)('gives the studio’s values in $name', async ({ ort }) => {
    const feeds = feedsFromPlanInputs(plan.inputs, () => raw);
    const out = await runOnnx(ort, bytes, feeds);
    for (const f of features) {
      const values = columnValues(prepared, f.name) as ArrayLike<unknown>;
      const got = Array.from(out[`out:${f.name}`].data as ArrayLike<unknown>);
      const want = Array.from({ length: values.length }, (_, k) =>
        f.kind === 'numeric' ? numericInput(f, values[k]) : categoricalInput(values[k]),
      );
      expect([f.name, got]).toEqual([f.name, want]);
    }
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('passes onnx.checker.check_model(full_check=True)', () => {
    expect(checkWithOnnx(bytes)).toBeNull();
  });
});
