/**
 * `planRecipe`: what becomes of each recipe step in the exported graph (in the graph, skipped by
 * design, not expressible) and why, which inputs the graph takes, and the refusals; plus the
 * graph of a plan with not-expressible steps and a join, fed the cleaned and joined columns,
 * against the studio's values.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import type { Frame } from '$src/core/data/frame';
import { columnValues } from '$src/core/data/recipe/frame-ops';
import { baseFrame, replayRecipe } from '$src/core/data/recipe/replay';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import { categoricalInput, describePreprocessor, numericInput } from '$src/core/model/features';
import type { FittedFeature } from '$src/core/model/types';
import { GraphBuilder } from '$src/core/package/onnx/builder';
import { exportPackage, inspectOnnx } from '$src/core/package/onnx/export';
import { emitRecipe, planRecipe } from '$src/core/package/onnx/recipe';
import type { RecipePlan } from '$src/core/package/onnx/recipe';
import { context, makeFrame } from '../../data/recipe/helpers';
import { CHECKER_UNAVAILABLE, RUNTIMES, checkWithOnnx, feedsFromPlanInputs, runOnnx } from './helpers';
import { expectExportError } from '../../../helpers/errors';

const RAW: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 3 },
  { name: 'income', type: 'number', missing: 5 },
  { name: 'city', type: 'text', missing: 2 },
  { name: 'name', type: 'text', missing: 0 },
  { name: 'member', type: 'boolean', missing: 1 },
  { name: 'since', type: 'date', missing: 0 },
  { name: 'id', type: 'integer', missing: 0 },
  { name: 'outcome', type: 'text', missing: 4 },
];

function statuses(plan: RecipePlan): [number, string][] {
  return plan.steps.map((s) => [s.index, s.status]);
}


describe('planRecipe: steps in the graph', () => {
  const steps: RecipeStep[] = [
    { kind: 'impute', column: 'age', strategy: 'median', fitted: { value: 40, from: 'train', rows: 10 } },
    { kind: 'impute', column: 'city', strategy: 'most-frequent', fitted: { value: 'Oslo', from: 'train', rows: 10 } },
    { kind: 'clip', column: 'income', method: 'iqr', fitted: { lower: 0, upper: 1e5, from: 'train', rows: 10 } },
    { kind: 'replace', column: 'income', from: -1, to: null },
    { kind: 'replace', column: 'city', from: 'Olso', to: 'Oslo' },
    { kind: 'derive', name: 'per_year', expression: { op: 'divide', left: { column: 'income' }, right: { column: 'age' } } },
    { kind: 'derive', name: 'log_income', expression: { op: 'log', operand: { column: 'income' } } },
    { kind: 'derive', name: 'senior', expression: { op: 'condition', where: { match: 'all', conditions: [{ column: 'age', op: 'greater-or-equal', value: 65 }] } } },
    { kind: 'rename-column', column: 'member', to: 'is_member' },
    { kind: 'drop-column', column: 'id' },
    { kind: 'cast', column: 'age', to: 'number' },
    { kind: 'cast', column: 'is_member', to: 'integer' },
  ];
  const plan = planRecipe(steps, RAW, ['age', 'city', 'income', 'per_year', 'log_income', 'senior', 'is_member']);

  it('marks every per-row step in the graph, with what the graph does', () => {
    expect(statuses(plan)).toEqual(steps.map((_, k) => [k, 'in-graph']));
    const reason = (k: number) => plan.steps[k].reason;
    expect(reason(0)).toBe('In the graph: a missing age (NaN) becomes 40.');
    expect(reason(1)).toBe("In the graph: an empty (missing) city becomes 'Oslo'.");
    expect(reason(2)).toBe('In the graph: income is limited to [0, 100000]; a missing value stays missing.');
    expect(reason(3)).toBe("In the graph: income equal to -1 (compared as float32, the precision of the input) becomes missing.");
    expect(reason(4)).toBe("In the graph: city equal to 'Olso' becomes 'Oslo'.");
    expect(reason(5)).toMatch(/^In the graph: per_year = income ÷ age in double precision; a result that is not a finite number \(division by zero, log of zero or less/);
    expect(reason(7)).toMatch(/^In the graph: senior is 1 where age >= 65 holds, else 0/);
    expect(reason(8)).toMatch(/^Name bookkeeping only/);
    expect(reason(9)).toMatch(/^Bookkeeping only: nothing in the graph reads id/);
    expect(reason(10)).toMatch(/nothing to do/);
    expect(plan.notes).toEqual([]);
  });

  it('takes the raw columns under their raw names and types', () => {
    expect(plan.inputs.map((x) => [x.name, x.type, x.source, x.columnType])).toEqual([
      ['age', 'float32', 'raw', 'integer'],
      ['income', 'float32', 'raw', 'number'],
      ['city', 'string', 'raw', 'text'],
      ['member', 'float32', 'raw', 'boolean'],
    ]);
    const f = (name: string) => plan.features.find((x) => x.name === name)!;
    expect(f('per_year')).toMatchObject({ kind: 'numeric', inputs: ['age', 'income'], steps: [0, 2, 3, 5] });
    expect(f('city')).toMatchObject({ kind: 'categorical', inputs: ['city'], steps: [1, 4] });
    expect(f('is_member')).toMatchObject({ kind: 'numeric', inputs: ['member'], steps: [] });
  });
});

describe('planRecipe: steps skipped by design or unused', () => {
  it('skips row-set steps and labels, saying why', () => {
    const steps: RecipeStep[] = [
      { kind: 'filter', where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 17 }] }, keep: true },
      { kind: 'dedupe', columns: [] },
      { kind: 'drop-missing', columns: ['income'] },
      { kind: 'append', datasetId: 'd2', datasetName: 'More people' },
      { kind: 'label-rule', column: 'outcome', where: { match: 'all', conditions: [{ column: 'age', op: 'less', value: 30 }] }, label: 'young' },
      { kind: 'label-manual', column: 'outcome', labels: { 3: 'old' } },
      { kind: 'impute', column: 'outcome', strategy: 'most-frequent', fitted: { value: 'young', from: 'all', rows: 9 } },
      { kind: 'trim', column: 'name' },
    ];
    const plan = planRecipe(steps, RAW, ['age', 'income']);
    expect(statuses(plan)).toEqual(steps.map((_, k) => [k, 'skipped']));
    expect(plan.steps[0].reason).toMatch(/^Skipped by design: it chooses which rows the model was trained on/);
    expect(plan.steps[1].reason).toMatch(/^Skipped by design: it removes repeated rows/);
    expect(plan.steps[2].reason).toMatch(/^Skipped by design: it removes rows with missing values/);
    expect(plan.steps[3].reason).toMatch(/^Skipped by design: it adds the rows of More people/);
    expect(plan.steps[4].reason).toBe("Skipped: labels concern the target (outcome), not the model's inputs.");
    expect(plan.steps[6].reason).toBe('Skipped: it changes only outcome, which the model does not use.');
    expect(plan.steps[7].reason).toMatch(/^Skipped: it changes only name, which the model does not use\. \(ONNX \(opset 17\) has no operator that removes white space/);
    expect(plan.inputs.map((x) => x.name)).toEqual(['age', 'income']);
    expect(plan.notes).toHaveLength(4);
  });
});

describe('planRecipe: steps the graph cannot express', () => {
  it('takes a trimmed column as a cleaned input, after that step, and keeps the later steps in the graph', () => {
    const steps: RecipeStep[] = [
      { kind: 'impute', column: 'city', strategy: 'constant', constant: 'none' },
      { kind: 'trim', column: 'city' },
      { kind: 'replace', column: 'city', from: 'oslo', to: 'Oslo' },
    ];
    const plan = planRecipe(steps, RAW, ['city']);
    expect(statuses(plan)).toEqual([[0, 'skipped'], [1, 'not-expressible'], [2, 'in-graph']]);
    expect(plan.steps[1].reason).toBe(
      'ONNX (opset 17) has no operator that removes white space from text, so the graph takes city as it is after this step: trim the values before sending them.',
    );
    expect(plan.steps[0].reason).toMatch(/^Not in the graph: the graph takes city as it is after step 2 \(Trim white space in city\), which it cannot do, so the values it is sent already include this step on city\.$/);
    expect(plan.inputs).toEqual([
      expect.objectContaining({ name: 'city', type: 'string', source: 'cleaned', column: 'city', step: 1 }),
    ]);
    expect(plan.inputs[0].description).toMatch(/^city as it is after step 2 \(Trim white space in city\), which the graph cannot do: apply it before sending/);
    expect(plan.notes[0]).toMatch(/^Step 2 \(Trim white space in city\) cannot be done in the graph: ONNX/);
    expect(plan.features[0]).toMatchObject({ inputs: ['city'], steps: [2] });
  });

  it('names a cleaned input apart from a raw input of the same name', () => {
    const steps: RecipeStep[] = [
      { kind: 'derive', name: 'is_ann', expression: { op: 'condition', where: { match: 'all', conditions: [{ column: 'name', op: 'equals', value: 'Ann' }] } } },
      { kind: 'trim', column: 'name' },
    ];
    const plan = planRecipe(steps, RAW, ['is_ann', 'name']);
    expect(plan.inputs.map((x) => [x.name, x.source])).toEqual([['name', 'raw'], ['name (after step 2)', 'cleaned']]);
    expect(plan.steps[1].reason).toMatch(/so the graph takes name \(as the input name \(after step 2\)\) as it is after this step/);
  });

  it('refuses casts that read or write text, and text searches', () => {
    const steps: RecipeStep[] = [
      { kind: 'cast', column: 'age', to: 'text' },
      { kind: 'cast', column: 'name', to: 'number' },
      { kind: 'derive', name: 'has_o', expression: { op: 'condition', where: { match: 'any', conditions: [{ column: 'city', op: 'contains', value: 'o' }] } } },
      { kind: 'cast', column: 'member', to: 'text' },
      { kind: 'cast', column: 'income', to: 'integer' },
    ];
    const plan = planRecipe(steps, RAW, ['age', 'name', 'has_o', 'member', 'income']);
    expect(statuses(plan)).toEqual([[0, 'not-expressible'], [1, 'not-expressible'], [2, 'not-expressible'], [3, 'in-graph'], [4, 'in-graph']]);
    expect(plan.steps[0].reason).toMatch(/^Writing whole numbers as text the way the studio does has no ONNX operator, so the graph takes age as it is after this step: cast the values before sending them\.$/);
    expect(plan.steps[1].reason).toMatch(/^Reading text as numbers by the studio's rules/);
    expect(plan.steps[2].reason).toMatch(/^The graph cannot test city contains "o": ONNX \(opset 17\) has no text search \("contains"\), so the graph takes has_o as it is after this step: send 1 where the condition holds, 0 elsewhere\.$/);
    expect(plan.steps[3].reason).toBe("In the graph: true becomes 'true', false 'false', as in the studio.");
    expect(plan.inputs.map((x) => [x.name, x.type, x.source])).toEqual([
      ['income', 'float32', 'raw'],
      ['member', 'float32', 'raw'],
      ['age', 'string', 'cleaned'],
      ['name', 'float32', 'cleaned'],
      ['has_o', 'float32', 'cleaned'],
    ]);
    expect(plan.features.map((f) => f.kind)).toEqual(['categorical', 'numeric', 'numeric', 'categorical', 'numeric']);
  });

  it('takes a labelled column the model uses as a cleaned input', () => {
    const steps: RecipeStep[] = [{ kind: 'label-manual', column: 'city', labels: { 1: 'Bergen' } }];
    const plan = planRecipe(steps, RAW, ['city']);
    expect(statuses(plan)).toEqual([[0, 'not-expressible']]);
    expect(plan.steps[0].reason).toMatch(/^Labels are not given to served rows, and the model uses city as an input/);
  });

  it('takes joined columns as inputs, named as the join names them', () => {
    const steps: RecipeStep[] = [
      { kind: 'join', datasetId: 'd2', datasetName: 'Cities', leftKey: 'city', rightKey: 'town', how: 'inner' },
      { kind: 'impute', column: 'population', strategy: 'constant', constant: 0 },
    ];
    const datasetColumns = {
      d2: [
        { name: 'town', type: 'text', missing: 0 },
        { name: 'population', type: 'integer', missing: 0 },
        { name: 'age', type: 'number', missing: 0 },
        { name: 'mayor', type: 'text', missing: 0 },
      ] as ColumnInfo[],
    };
    const plan = planRecipe(steps, RAW, ['age', 'population', 'age (right)'], { datasetColumns });
    expect(statuses(plan)).toEqual([[0, 'not-expressible'], [1, 'in-graph']]);
    expect(plan.inputs.map((x) => [x.name, x.type, x.source, x.step])).toEqual([
      ['age', 'float32', 'raw', null],
      ['population', 'float32', 'dataset', 0],
      ['age (right)', 'float32', 'dataset', 0],
    ]);
    expect(plan.steps[0].reason).toBe(
      'The graph cannot look rows up in another dataset, so it takes population, age (right) as inputs: look them up in Cities by town (= city) before sending. ' +
        'Rows without a match were left out of training; a served row is predicted either way.',
    );
    // Without the other dataset's columns, a column the recipe does not make is taken from the last join.
    const found = planRecipe(steps, RAW, ['age', 'population']);
    expect(found.inputs.map((x) => [x.name, x.source, x.step])).toEqual([['age', 'raw', null], ['population', 'dataset', 0]]);
    expect(statuses(found)).toEqual([[0, 'not-expressible'], [1, 'in-graph']]);
    // A joined column the graph takes cleaned (after a later step it cannot do): the join is the caller's too.
    const trimmed = planRecipe([steps[0], { kind: 'trim', column: 'mayor' }], RAW, ['mayor']);
    expect(statuses(trimmed)).toEqual([[0, 'not-expressible'], [1, 'not-expressible']]);
    expect(trimmed.steps[0].reason).toMatch(/^The graph cannot look rows up in another dataset\. Not in the graph: the graph takes mayor as it is after step 2 \(Trim white space in mayor\)/);
    expect(trimmed.inputs.map((x) => [x.name, x.type, x.source, x.step])).toEqual([['mayor', 'string', 'cleaned', 1]]);
    // A join whose columns the model does not use is skipped.
    expect(statuses(planRecipe(steps, RAW, ['age'], { datasetColumns }))).toEqual([[0, 'skipped'], [1, 'skipped']]);
  });

  it('takes the columns an append adds as inputs', () => {
    const steps: RecipeStep[] = [{ kind: 'append', datasetId: 'd3', datasetName: 'Later' }];
    const plan = planRecipe(steps, RAW, ['age', 'score'], { datasetColumns: { d3: [{ name: 'age', type: 'integer', missing: 0 }, { name: 'score', type: 'number', missing: 0 }] } });
    expect(plan.steps[0]).toMatchObject({ status: 'skipped' });
    expect(plan.steps[0].reason).toMatch(/Its column score is an input of the graph: send it with each row\.$/);
    expect(plan.inputs.map((x) => [x.name, x.source])).toEqual([['age', 'raw'], ['score', 'dataset']]);
  });
});

describe('planRecipe: refusals', () => {
  it('refuses a feature that neither the raw data nor the recipe makes', () => {
    expectExportError(() => planRecipe([], RAW, ['height']), /^The model takes the column height, which is neither a raw column nor made by an earlier step; the recipe may have changed since the model was trained/);
  });

  it('refuses a step on a column no step made', () => {
    expectExportError(() => planRecipe([{ kind: 'trim', column: 'street' }], RAW, ['age']), /^Step 1 \(Trim white space in street\) works on street, which is neither a raw column nor made by an earlier step/);
  });

  it('refuses a feature whose kind does not fit what the recipe makes', () => {
    expectExportError(
      () => planRecipe([{ kind: 'cast', column: 'member', to: 'text' }], RAW, ['member'], { featureKinds: { member: 'numeric' } }),
      /^The model takes member as numbers, but the recipe makes it text/,
    );
  });
});

// ---- The graph of a plan with cleaned and joined inputs, against the studio's values ----

describe('a graph with not-expressible steps, fed cleaned and joined columns', () => {
  const people = makeFrame(
    {
      age: [34, null, 71, 50, 18, 65],
      city: [' Oslo', 'Bergen ', null, 'Oslo', 'Tromsø', '  '],
      income: [52000.5, 31000, null, -1, 0, 88000.25],
      member: [true, false, null, true, false, true],
    },
    { age: 'integer', city: 'text', income: 'number', member: 'boolean' },
  );
  const raw = baseFrame(people.table, people.columns);
  const cities = makeFrame({ town: ['Oslo', 'Bergen'], population: [709000, 286000], coastal: [true, true] }, { town: 'text', population: 'integer', coastal: 'boolean' });
  const ctx = context(null, { cities });
  const steps: RecipeStep[] = [
    { kind: 'replace', column: 'income', from: -1, to: null },
    { kind: 'trim', column: 'city' },
    { kind: 'join', datasetId: 'cities', datasetName: 'Cities', leftKey: 'city', rightKey: 'town', how: 'left' },
    { kind: 'impute', column: 'population', strategy: 'constant', constant: 1000 },
    { kind: 'derive', name: 'per_head', expression: { op: 'divide', left: { column: 'income' }, right: { column: 'population' } } },
    { kind: 'cast', column: 'age', to: 'text' },
    { kind: 'impute', column: 'city', strategy: 'constant', constant: 'elsewhere' },
    { kind: 'cast', column: 'member', to: 'text' },
  ];
  const prepared = replayRecipe(raw, steps, ctx);
  const names = ['age', 'city', 'population', 'per_head', 'coastal', 'member'];
  const features: FittedFeature[] = names.map((name) => {
    const type = prepared.columns.find((c) => c.name === name)!.type;
    return type === 'text'
      ? { kind: 'categorical', name, sourceType: type, impute: '', categories: ['x'], other: false }
      : { kind: 'numeric', name, sourceType: type, impute: 0, mean: 0, std: 1 };
  });
  const datasetColumns = { cities: cities.columns };
  const plan = planRecipe(steps, raw.columns, names, { datasetColumns });
  const frameAfter = (input: { step: number | null }): Frame => (input.step === null ? raw : replayRecipe(raw, steps.slice(0, input.step + 1), ctx));

  it('plans cleaned and joined inputs', () => {
    expect(statuses(plan)).toEqual([[0, 'in-graph'], [1, 'not-expressible'], [2, 'not-expressible'], [3, 'in-graph'], [4, 'in-graph'], [5, 'not-expressible'], [6, 'in-graph'], [7, 'in-graph']]);
    expect(plan.inputs.map((x) => [x.name, x.type, x.source])).toEqual([
      ['income', 'float32', 'raw'],
      ['member', 'float32', 'raw'],
      ['city', 'string', 'cleaned'],
      ['population', 'float32', 'dataset'],
      ['coastal', 'float32', 'dataset'],
      ['age', 'string', 'cleaned'],
    ]);
  });

  it.each(RUNTIMES)('gives the studio’s values in $name', async ({ ort }) => {
    const g = new GraphBuilder({ name: 'recipe' });
    const values = emitRecipe(g, plan, features);
    for (const f of features) g.addOutput(values.get(f.name)!, f.kind === 'numeric' ? 'float32' : 'string', ['N', 1], { name: `out:${f.name}` });
    const out = await runOnnx(ort, g.build(), feedsFromPlanInputs(plan.inputs, frameAfter));
    for (const f of features) {
      const cells = columnValues(prepared, f.name) as ArrayLike<unknown>;
      const want = Array.from({ length: cells.length }, (_, k) => (f.kind === 'numeric' ? numericInput(f, cells[k]) : categoricalInput(cells[k])));
      expect([f.name, Array.from(out[`out:${f.name}`].data as ArrayLike<unknown>)]).toEqual([f.name, want]);
    }
  });

  it('exports the whole model with the plan, and the graph passes the checker', () => {
    const preprocessor = describePreprocessor(features.map((f) => (f.kind === 'numeric' ? { ...f, impute: 0.5 } : { ...f, impute: 'x' })));
    const { bytes, plan: exported } = exportPackage({
      name: 'joined',
      parameters: {
        kind: 'logistic-regression',
        task: 'classification',
        layers: [{ inputs: preprocessor.width, outputs: 2, weights: Float32Array.from({ length: preprocessor.width * 2 }, (_, k) => ((k % 5) - 2) / 10), bias: Float32Array.of(0.1, -0.1), activation: 'linear' }],
        outputScale: null,
      },
      preprocessor,
      target: { column: 'outcome', task: 'classification', classes: ['no', 'yes'] },
      features: names,
      metadata: { trained_at: '2025-01-01T00:00:00.000Z', recipe: steps, metrics: {} },
      recipe: { steps, rawColumns: raw.columns, datasetColumns },
    });
    expect(exported.inputs.map((x) => x.name)).toEqual(plan.inputs.map((x) => x.name));
    expect(inspectOnnx(bytes).inputs.map((x) => x.name)).toEqual(['income', 'member', 'city', 'population', 'coastal', 'age']);
    if (CHECKER_UNAVAILABLE === null) expect(checkWithOnnx(bytes)).toBeNull();
    else console.warn(`ONNX checker skipped: ${CHECKER_UNAVAILABLE}`);
  });
});

describe('exportPackage without a recipe', () => {
  it('plans one input per feature and no steps', () => {
    const features: FittedFeature[] = [
      { kind: 'numeric', name: 'age', sourceType: 'integer', impute: 40, mean: 40, std: 10 },
      { kind: 'categorical', name: 'city', sourceType: 'text', impute: 'Oslo', categories: ['Oslo', 'Bergen'], other: false },
    ];
    const preprocessor = describePreprocessor(features);
    const { plan } = exportPackage({
      name: 'plain',
      parameters: { kind: 'linear-regression', task: 'regression', layers: [{ inputs: 3, outputs: 1, weights: Float32Array.of(1, 2, 3), bias: Float32Array.of(0), activation: 'linear' }], outputScale: null },
      preprocessor,
      target: { column: 'y', task: 'regression', classes: [] },
      features: ['age', 'city'],
      metadata: { trained_at: '2025-01-01T00:00:00.000Z', recipe: [], metrics: {} },
    });
    expect(plan.steps).toEqual([]);
    expect(plan.inputs.map((x) => [x.name, x.type, x.source])).toEqual([['age', 'float32', 'raw'], ['city', 'string', 'raw']]);
  });
});
