/**
 * Packaging a trained model: the ONNX bytes — the model, its preprocessing and the recipe steps
 * that apply per row — and the material of the parity check: the test part's inputs as the graph
 * takes them (raw columns, or cleaned ones where a step cannot be expressed) and the in-app
 * model's outputs on the same rows. The data worker builds both here and posts the second to the
 * serve worker, which runs the bytes in onnxruntime-web and compares.
 */
import type { ColumnInfo } from '../data/columns';
import { PART, ROW_ID, type Frame } from '../data/frame';
import type { DataSession } from '../data/session';
import { replayRecipe } from '../data/recipe/replay';
import type { RecipeStep } from '../data/recipe/steps';
import { TREE_PARITY_TOLERANCE, type ExpectedOutputs, type FeedColumn } from '../deploy/feeds';
import { categoricalInput, columnInput } from '../model/features';
import { predictModel } from '../model/predict';
import { prepareEvaluationMatrix } from '../model/prepare';
import { isEnsembleParameters, type DesignMatrix } from '../model/types';
import type { ModelRecord } from '../records';
import { exportPackage } from './onnx/export';
import type { RecipePlan } from './onnx/recipe';
import { parityParts } from './parity-sample';

/** What packaging reads of a stored model. */
export type PackagedModel = Pick<ModelRecord, 'name' | 'parameters' | 'preprocessor' | 'target' | 'features' | 'createdAt' | 'validation' | 'acceptance' | 'formatVersion' | 'trainedOn'>;

/** What packaging tells the page: the bytes, the graph's inputs, and every recipe step's place in it. */
export interface PackageResult {
  bytes: Uint8Array;
  inputs: RecipePlan['inputs'];
  steps: RecipePlan['steps'];
  notes: string[];
  /** Rows of the test part, and whether the parity check used a sample of them (parity-sample.ts). */
  testRows: number;
  sampled: boolean;
}

/** The parity check's material: the graph's inputs on the compared rows, and what the in-app model gave there. */
export interface ParityMaterial {
  feeds: FeedColumn[];
  rows: number;
  expected: ExpectedOutputs;
}

/**
 * Exports `model`, trained on the open dataset of `session`, with the recipe steps it was trained
 * after; `datasetColumns` are the columns of the project's datasets that append and join steps read.
 */
export function packageModel(session: DataSession, model: PackagedModel, datasetColumns: Record<string, ColumnInfo[]>): { result: PackageResult; parity: ParityMaterial } {
  const lastTest = model.acceptance[model.acceptance.length - 1];
  const steps = session.pipeline.recipe.slice(0, model.trainedOn.recipeSteps);
  const { bytes, plan } = exportPackage({
    name: model.name,
    parameters: model.parameters,
    preprocessor: model.preprocessor,
    target: model.target,
    features: model.features,
    formatVersion: model.formatVersion,
    recipe: { steps, rawColumns: session.raw.columns, datasetColumns },
    metadata: {
      trained_at: new Date(model.createdAt).toISOString(),
      recipe: steps,
      metrics: { validation: model.validation.metrics, baseline: model.validation.baseline, ...(lastTest && { test: lastTest.metrics }) },
    },
  });
  const { parity, testRows, sampled } = parityMaterial(session, model, plan.inputs, steps);
  return { result: { bytes, inputs: plan.inputs, steps: plan.steps, notes: plan.notes, testRows, sampled }, parity };
}

/**
 * The graph's inputs on the test rows (all of them, or an even sample of a large test part) and
 * the in-app model's outputs there. Each input is read from the frame it comes from — raw, or the
 * recipe replayed up to its step — by row id; rows an append added have no raw row to read and
 * are left out.
 */
function parityMaterial(session: DataSession, model: PackagedModel, inputs: RecipePlan['inputs'], steps: readonly RecipeStep[]) {
  const frames = new Map<number | null, { frame: Frame; at: (id: number) => number }>();
  const frameAt = (step: number | null) => {
    let entry = frames.get(step);
    if (!entry) {
      const frame = step === null ? session.raw : replayRecipe(session.raw, steps.slice(0, step + 1), session.context());
      entry = { frame, at: firstPositions(frame.table.array(ROW_ID) as ArrayLike<number>) };
      frames.set(step, entry);
    }
    return entry;
  };
  const parts = session.parts();
  const testRows = parts.reduce((count, part) => count + (part === PART.test ? 1 : 0), 0);
  const test = prepareEvaluationMatrix(session.prepared, parityParts(parts, testRows), 'test', model.preprocessor, model.target);
  const preparedIds = session.prepared.table.array(ROW_ID) as ArrayLike<number>;
  const sources = inputs.map((input) => ({ input, ...frameAt(input.source === 'raw' ? null : input.step) }));
  const rows: number[] = [];
  for (let r = 0; r < test.positions.length; r++) {
    const id = preparedIds[test.positions[r]];
    if (sources.every((src) => src.at(id) >= 0)) rows.push(r);
  }
  const feeds: FeedColumn[] = sources.map(({ input, frame, at }) => {
    const get = frame.table.getter(input.column);
    const valueAt = (r: number) => get(at(preparedIds[test.positions[rows[r]]]));
    if (input.type === 'float32') {
      const type = input.columnType ?? 'number';
      return { name: input.name, type: 'float32' as const, values: Float32Array.from({ length: rows.length }, (_, r) => columnInput(input.name, type, valueAt(r))) };
    }
    return { name: input.name, type: 'string' as const, values: Array.from({ length: rows.length }, (_, r) => categoricalInput(valueAt(r))) };
  });
  const expected: ExpectedOutputs = {
    task: model.target.task,
    classes: model.target.classes,
    output: predictModel(model.parameters, matrixRows(test.x, rows)),
    ...(isEnsembleParameters(model.parameters) ? { tolerance: TREE_PARITY_TOLERANCE } : {}),
  };
  return { parity: { feeds, rows: rows.length, expected }, testRows, sampled: test.positions.length < testRows };
}

/** Rows `rows` of a design matrix, as a matrix of their own. */
function matrixRows(x: DesignMatrix, rows: readonly number[]): DesignMatrix {
  const subset = { rows: rows.length, width: x.width, values: new Float32Array(rows.length * x.width) };
  rows.forEach((r, i) => subset.values.set(x.values.subarray(r * x.width, (r + 1) * x.width), i * x.width));
  return subset;
}

/** The first position of every row id (a join repeats ids), as id → position or −1. */
export function firstPositions(ids: ArrayLike<number>): (id: number) => number {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const at = new Int32Array(max + 1).fill(-1);
  for (let i = ids.length - 1; i >= 0; i--) at[ids[i]] = i;
  return (id) => (id >= 0 && id <= max ? at[id] : -1);
}
