/**
 * Exporting a trained model as one ONNX graph (docs/architecture.md, "The ONNX contract"), and
 * reading back what an ONNX file declares (the Serve step also loads files made elsewhere).
 *
 * The graph: one input per feature column → preprocessing (`preprocess.ts`) → the model
 * (`model.ts` for the dense models, `trees.ts` for tree ensembles) → `label` + `probabilities`
 * (classification) or `prediction` (regression). Its
 * `metadata_props` say what it was trained on and how: classes, features, target, task,
 * trained_at, recipe, metrics, producer (plus the model kind and the stored model format).
 *
 * Given the cleaning recipe (`recipe`), the graph takes the RAW columns instead: the recipe's
 * per-row steps run in the graph before the preprocessing (`recipe.ts`), and `exportPackage`
 * returns the plan that says which steps are in the graph, which are skipped by design and which
 * the graph cannot express (their columns become inputs the caller sends cleaned). The `recipe`
 * metadata entry then lists every step with its status, and `inputs` describes each input.
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import type { ColumnInfo } from '../../data/columns';
import type { RecipeStep } from '../../data/recipe/steps';
import type { FittedFeature, ModelParameters, Preprocessor, TargetEncoding } from '../../model/types';
import { DATE_PARTS } from '../../model/features';
import { GraphBuilder } from './builder';
import { ExportError } from './errors';
import { OUTPUT, emitModel } from './model';
import { emitPreprocessing } from './preprocess';
import type { DesignValue } from './preprocess';
import { emitRecipe, planRecipe } from './recipe';
import type { RecipePlan } from './recipe';
import { emitTreeEnsemble, isEnsembleParameters } from './trees';
import type { EnsembleParameters } from './trees';

export { ExportError } from './errors';
export { labelType, OUTPUT } from './model';
export type { EnsembleParameters, TreeModelKind } from './trees';

const { onnx } = onnxProto;

/** The stored model formats this exporter reads (ModelRecord.formatVersion). */
export const SUPPORTED_FORMAT_VERSIONS: readonly number[] = [1];
export const DEFAULT_PRODUCER = 'ML Studio';
/** The version of this exporter's graph layout, written as the model's producer_version. */
export const EXPORTER_VERSION = '1';

export interface ExportMetadata {
  /** When the model was trained (ISO text). */
  trained_at: string;
  /** The data recipe the training data came from (written as JSON). */
  recipe: unknown;
  /** The model's scores (written as JSON). */
  metrics: unknown;
  /** Who made the file; default 'ML Studio'. */
  producer?: string;
}

/** The cleaning recipe the training data came from, for a graph that takes the raw columns. */
export interface PackageRecipe {
  /** The stored (fitted) steps, in order. */
  steps: RecipeStep[];
  /** The raw dataset's columns, as loaded (before any step). */
  rawColumns: ColumnInfo[];
  /** Columns of the project's other datasets by id (for join and append steps), when known. */
  datasetColumns?: Record<string, ColumnInfo[]>;
}

export interface ExportableModel {
  name: string;
  parameters: ModelParameters;
  preprocessor: Preprocessor;
  target: TargetEncoding;
  /** The feature columns, in the order of the preprocessing. */
  features: string[];
  metadata: ExportMetadata;
  /** The stored model's format (ModelRecord.formatVersion); 1 when not given. */
  formatVersion?: number;
  /**
   * The cleaning recipe: when given, the graph takes the raw columns and does the recipe's
   * per-row steps itself (see `exportPackage`).
   */
  recipe?: PackageRecipe;
}

/** A tree model to export: as `ExportableModel`, with its ensemble in place of the dense layers. */
export type ExportableTreeModel = Omit<ExportableModel, 'parameters'> & { parameters: EnsembleParameters };

/** An exported model: its ONNX bytes and what the graph does with the cleaning recipe. */
export interface ExportedPackage {
  bytes: Uint8Array;
  plan: RecipePlan;
}

/**
 * One feature as the `features` metadata entry describes it. `encoding` is there only for a tree
 * model's features ('raw' numbers and dates, 'ordinal' categories: features.ts), whose graph
 * does not impute or scale: their `impute`, `mean` and `std` are then only the train statistics.
 */
export type FeatureDescription = (
  | { name: string; type: 'numeric'; input: 'float32'; source: string; impute: number; mean: number; std: number }
  | {
      name: string;
      type: 'date';
      input: 'float32';
      /** What the input holds, in words: the unit a caller must send. */
      unit: string;
      source: string;
      origin: number;
      parts: readonly string[];
      impute: number[];
      mean: number[];
      std: number[];
    }
  | { name: string; type: 'categorical'; input: 'string'; source: string; impute: string; categories: string[]; other: boolean }
) & { encoding?: string };

/** The unit of a date feature's input, as the graph's metadata and the Package step state it. */
export const DATE_INPUT_UNIT = 'days since 1970-01-01 UTC (float32, a fraction for the time of day, rounded down); NaN when missing';

/**
 * The graph inputs that take a date as days (as `DATE_INPUT_UNIT` says), read from a model's
 * metadata: the raw or cleaned date columns of a recipe (`inputs`), else the date features
 * (`features`). Empty for a model that says neither.
 */
export function dateInputNames(metadata: Readonly<Record<string, string>>): string[] {
  const read = (key: string): unknown[] => {
    try {
      const value: unknown = JSON.parse(metadata[key] ?? '[]');
      return Array.isArray(value) ? value : [];
    } catch {
      return [];
    }
  };
  const named = (v: unknown): v is { name: string } => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';
  // Files exported before dates went in as days took epoch ms: their inputs do not say "days".
  const inDays = (i: unknown): boolean => {
    const { columnType, description } = i as { columnType?: unknown; description?: unknown };
    return columnType === 'date' && typeof description === 'string' && description.includes('days since 1970-01-01');
  };
  if (metadata.inputs !== undefined) return read('inputs').filter((i) => named(i) && inDays(i)).map((i) => (i as { name: string }).name);
  return read('features').filter((f) => named(f) && (f as { type?: unknown }).type === 'date').map((f) => (f as { name: string }).name);
}

export function describeFeature(f: FittedFeature): FeatureDescription {
  const encoding = f.encoding !== undefined ? { encoding: f.encoding } : {};
  if (f.kind === 'numeric' && f.date !== undefined) {
    const { origin, impute, mean, std } = f.date;
    return { name: f.name, type: 'date', input: 'float32', unit: DATE_INPUT_UNIT, source: f.sourceType, origin, parts: [...DATE_PARTS], impute: [...impute], mean: [...mean], std: [...std], ...encoding };
  }
  return f.kind === 'numeric'
    ? { name: f.name, type: 'numeric', input: 'float32', source: f.sourceType, impute: f.impute, mean: f.mean, std: f.std, ...encoding }
    : { name: f.name, type: 'categorical', input: 'string', source: f.sourceType, impute: f.impute, categories: [...f.categories], other: f.other, ...encoding };
}

function json(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ExportError(`The ${what} cannot be written as JSON into the model's metadata (${(e as Error).message}).`);
  }
  return text ?? 'null';
}

function checkModel(model: ExportableModel | ExportableTreeModel): void {
  const version = model.formatVersion ?? 1;
  if (!SUPPORTED_FORMAT_VERSIONS.includes(version)) {
    throw new ExportError(
      `This model is stored in format ${String(version)}, which this version of the studio cannot read (it reads format ${SUPPORTED_FORMAT_VERSIONS.join(', ')}). ` +
        'Open it with the studio version that trained it, or train it again.',
    );
  }
  const fitted = model.preprocessor.features.map((f) => f.name);
  if (model.features.length !== fitted.length || model.features.some((name, i) => name !== fitted[i])) {
    throw new ExportError(
      `The model lists the features ${model.features.join(', ')} but its preprocessing was fitted on ${fitted.join(', ')}; they must be the same columns in the same order.`,
    );
  }
  const outputs: string[] = Object.values(OUTPUT);
  for (const name of model.features) {
    if (outputs.includes(name)) {
      throw new ExportError(`The feature column ${name} has the name of one of the model's outputs (${outputs.join(', ')}); rename the column and train again to export it.`);
    }
  }
  if (typeof model.metadata.trained_at !== 'string') throw new ExportError('The model has no training time (trained_at) to write into the metadata.');
}

/**
 * A builder that, while `route` is set, hands the preprocessing the recipe's values instead of
 * graph inputs: `addInput(feature)` declares nothing and returns the feature's value, and node
 * inputs naming a feature are read from that value. Only `emitPreprocessing` runs with it set.
 */
class RoutingBuilder extends GraphBuilder {
  route: ReadonlyMap<string, string> | null = null;

  override addInput(name: string, type: Parameters<GraphBuilder['addInput']>[1], shape: Parameters<GraphBuilder['addInput']>[2], docString?: string): string {
    const routed = this.route?.get(name);
    return routed !== undefined ? routed : super.addInput(name, type, shape, docString);
  }

  override addNode(
    opType: string,
    inputs: readonly string[],
    outputs: Parameters<GraphBuilder['addNode']>[2] = 1,
    attributes: Parameters<GraphBuilder['addNode']>[3] = {},
    options: Parameters<GraphBuilder['addNode']>[4] = {},
  ): string[] {
    const route = this.route;
    return super.addNode(opType, route === null ? inputs : inputs.map((i) => route.get(i) ?? i), outputs, attributes, options);
  }
}

/** The plan of a model exported without its recipe: one input per feature, no steps. */
function featurePlan(preprocessor: Preprocessor): RecipePlan {
  const columns: ColumnInfo[] = preprocessor.features.map((f) => ({ name: f.name, type: f.sourceType, missing: 0 }));
  return planRecipe([], columns, preprocessor.features.map((f) => f.name), { featureKinds: featureKinds(preprocessor) });
}

function featureKinds(preprocessor: Preprocessor): Record<string, 'numeric' | 'categorical'> {
  return Object.fromEntries(preprocessor.features.map((f) => [f.name, f.kind]));
}

/**
 * The model as ONNX bytes, ready to save as a `.onnx` file or to load in onnxruntime. Throws
 * ExportError (saying which feature, layer or step, and why) when the model cannot be written.
 * With `model.recipe`, the graph takes the raw columns (see `exportPackage`, which also says
 * what became of each step).
 */
export function exportOnnx(model: ExportableModel | ExportableTreeModel): Uint8Array {
  return exportPackage(model).bytes;
}

/**
 * The model as ONNX bytes plus the plan of its recipe: which raw (or cleaned) columns the graph
 * takes, and for every step whether it is in the graph, skipped by design (row-set and label
 * steps) or not expressible (its column is then an input the caller sends cleaned), with the
 * reason in plain words. Without `model.recipe` the graph takes the feature columns and the plan
 * has no steps. Throws ExportError (saying which feature, layer or step, and why) when the model
 * cannot be written.
 */
export function exportPackage(model: ExportableModel | ExportableTreeModel): ExportedPackage {
  checkModel(model);
  const { parameters, preprocessor, target } = model;
  const producer = model.metadata.producer ?? DEFAULT_PRODUCER;
  const name = model.name.trim() === '' ? 'model' : model.name;
  const what = parameters.task === 'classification' ? `classifies ${target.column} (${target.classes.length} classes)` : `predicts ${target.column}`;
  const recipe = model.recipe;
  let plan: RecipePlan;
  if (recipe !== undefined) {
    if (!Array.isArray(recipe.steps) || !Array.isArray(recipe.rawColumns)) throw new ExportError('The recipe to export has no steps or no raw columns.');
    plan = planRecipe(recipe.steps, recipe.rawColumns, model.features, { datasetColumns: recipe.datasetColumns, featureKinds: featureKinds(preprocessor) });
  } else plan = featurePlan(preprocessor);
  const takes = recipe === undefined
    ? 'preprocessing included, so it takes raw values'
    : `the cleaning recipe's per-row steps and the preprocessing included, so it takes the raw columns (${plan.inputs.length} input(s))`;
  const g = new RoutingBuilder({
    name,
    docString: `${name}: a ${parameters.kind} model that ${what} from ${model.features.length} feature column(s); ${takes}.`,
    producerName: producer,
    producerVersion: EXPORTER_VERSION,
  });
  let design: DesignValue;
  if (recipe === undefined) design = emitPreprocessing(g, preprocessor);
  else {
    const values = emitRecipe(g, plan, preprocessor.features);
    // Keep the preprocessing's own node names off the feature names it is routed by.
    for (const f of preprocessor.features) if (!g.has(f.name)) g.uniqueName(f.name);
    g.route = values;
    try {
      design = emitPreprocessing(g, preprocessor);
    } finally {
      g.route = null;
    }
  }
  if (isEnsembleParameters(parameters)) emitTreeEnsemble(g, design, parameters.ensemble, parameters.task, target);
  else emitModel(g, design, parameters, target);

  g.setMetadata('classes', json(parameters.task === 'classification' ? target.classes : [], 'class list'));
  g.setMetadata('features', json(preprocessor.features.map(describeFeature), 'feature list'));
  g.setMetadata('target', target.column);
  g.setMetadata('task', parameters.task);
  g.setMetadata('kind', parameters.kind);
  g.setMetadata('trained_at', model.metadata.trained_at);
  if (recipe === undefined) g.setMetadata('recipe', json(model.metadata.recipe, 'recipe'));
  else {
    const steps = plan.steps.map((s) => ({ step: s.index + 1, kind: s.kind, description: s.description, status: s.status, reason: s.reason, definition: recipe.steps[s.index] }));
    g.setMetadata('recipe', json(steps, 'recipe'));
    g.setMetadata('inputs', json(plan.inputs, 'input list'));
  }
  g.setMetadata('metrics', json(model.metadata.metrics, 'metrics'));
  g.setMetadata('producer', producer);
  g.setMetadata('format_version', String(model.formatVersion ?? 1));
  return { bytes: g.build(), plan };
}

// ---- Reading ONNX files ----

export interface OnnxValueInfo {
  name: string;
  /** The element type as onnxruntime names it ('float32', 'string', 'int64' …), or 'map', 'sequence' … for non-tensors. */
  type: string;
  /** One entry per dimension: its size, its symbolic name, or null when neither is given; null when the rank is unknown. */
  shape: (number | string | null)[] | null;
}

export interface OnnxInfo {
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
  /** Opset version by domain ('ai.onnx' for the default domain). */
  opsets: Record<string, number>;
  irVersion: number;
  producer: { name: string; version: string };
  graphName: string;
  docString: string;
}

const TYPE_NAME: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

type Int64 = number | { toNumber(): number } | null | undefined;

function toNumber(v: Int64): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function describeType(t: P.ITypeProto | null | undefined): Pick<OnnxValueInfo, 'type' | 'shape'> {
  if (t?.tensorType) {
    const shape = t.tensorType.shape ? (t.tensorType.shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? toNumber(d.dimValue as Int64) : null)) : null;
    return { type: TYPE_NAME[t.tensorType.elemType ?? 0] ?? 'unknown', shape };
  }
  if (t?.sequenceType) return { type: 'sequence', shape: null };
  if (t?.mapType) return { type: 'map', shape: null };
  if (t?.optionalType) return { type: 'optional', shape: null };
  if (t?.sparseTensorType) return { type: 'sparse_tensor', shape: null };
  return { type: 'unknown', shape: null };
}

const NOT_ONNX = 'This file is not an ONNX model';

/**
 * What an ONNX model declares: its inputs and outputs (with types and shapes), metadata and
 * opsets. Throws ExportError for bytes that are not an ONNX model.
 */
export function inspectOnnx(bytes: Uint8Array): OnnxInfo {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new ExportError(`${NOT_ONNX}: it is empty.`);
  let m: P.ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch {
    throw new ExportError(`${NOT_ONNX}: it could not be read as one (it may be another kind of file, or cut short).`);
  }
  const irVersion = toNumber(m.irVersion as Int64);
  const graph = m.graph;
  if (irVersion < 1 || !graph || (m.opsetImport ?? []).length === 0) {
    throw new ExportError(`${NOT_ONNX}: it has no ${irVersion < 1 ? 'IR version' : !graph ? 'graph' : 'opset imports'}.`);
  }
  const known = new Set<string>();
  for (const i of graph.initializer ?? []) if (i.name) known.add(i.name);
  const describe = (v: P.IValueInfoProto): OnnxValueInfo => ({ name: v.name ?? '', ...describeType(v.type) });
  const opsets: Record<string, number> = {};
  for (const o of m.opsetImport ?? []) opsets[o.domain ? o.domain : 'ai.onnx'] = toNumber(o.version as Int64);
  const metadata: Record<string, string> = {};
  for (const p of m.metadataProps ?? []) if (p.key) metadata[p.key] = p.value ?? '';
  return {
    // Before IR 4 initializers were also listed as inputs; those are not for the caller to feed.
    inputs: (graph.input ?? []).filter((v) => !known.has(v.name ?? '')).map(describe),
    outputs: (graph.output ?? []).map(describe),
    metadata,
    opsets,
    irVersion,
    producer: { name: m.producerName ?? '', version: m.producerVersion ?? '' },
    graphName: graph.name ?? '',
    docString: m.docString ?? '',
  };
}
