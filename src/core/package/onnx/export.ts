/**
 * Exporting a trained model as one ONNX graph (DESIGN.md, "Exported model contract (ONNX)"), and
 * reading back what an ONNX file declares (the Serve step also loads files made elsewhere).
 *
 * The graph: one input per feature column → preprocessing (`preprocess.ts`) → the model
 * (`model.ts`) → `label` + `probabilities` (classification) or `prediction` (regression). Its
 * `metadata_props` say what it was trained on and how: classes, features, target, task,
 * trained_at, recipe, metrics, producer (plus the model kind and the stored model format).
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import type { FittedFeature, ModelParameters, Preprocessor, TargetEncoding } from '../../model/types';
import { GraphBuilder } from './builder';
import { ExportError } from './errors';
import { OUTPUT, emitModel } from './model';
import { emitPreprocessing } from './preprocess';

export { ExportError } from './errors';
export { labelType, OUTPUT } from './model';

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
}

/** One feature as the `features` metadata entry describes it. */
export type FeatureDescription =
  | { name: string; type: 'numeric'; input: 'float32'; source: string; impute: number; mean: number; std: number }
  | { name: string; type: 'categorical'; input: 'string'; source: string; impute: string; categories: string[]; other: boolean };

export function describeFeature(f: FittedFeature): FeatureDescription {
  return f.kind === 'numeric'
    ? { name: f.name, type: 'numeric', input: 'float32', source: f.sourceType, impute: f.impute, mean: f.mean, std: f.std }
    : { name: f.name, type: 'categorical', input: 'string', source: f.sourceType, impute: f.impute, categories: [...f.categories], other: f.other };
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

function checkModel(model: ExportableModel): void {
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
 * The model as ONNX bytes, ready to save as a `.onnx` file or to load in onnxruntime. Throws
 * ExportError (saying which feature, layer or step, and why) when the model cannot be written.
 */
export function exportOnnx(model: ExportableModel): Uint8Array {
  checkModel(model);
  const { parameters, preprocessor, target } = model;
  const producer = model.metadata.producer ?? DEFAULT_PRODUCER;
  const name = model.name.trim() === '' ? 'model' : model.name;
  const what = parameters.task === 'classification' ? `classifies ${target.column} (${target.classes.length} classes)` : `predicts ${target.column}`;
  const g = new GraphBuilder({
    name,
    docString: `${name}: a ${parameters.kind} model that ${what} from ${model.features.length} feature column(s); preprocessing included, so it takes raw values.`,
    producerName: producer,
    producerVersion: EXPORTER_VERSION,
  });
  const design = emitPreprocessing(g, preprocessor);
  emitModel(g, design, parameters, target);

  g.setMetadata('classes', json(parameters.task === 'classification' ? target.classes : [], 'class list'));
  g.setMetadata('features', json(preprocessor.features.map(describeFeature), 'feature list'));
  g.setMetadata('target', target.column);
  g.setMetadata('task', parameters.task);
  g.setMetadata('kind', parameters.kind);
  g.setMetadata('trained_at', model.metadata.trained_at);
  g.setMetadata('recipe', json(model.metadata.recipe, 'recipe'));
  g.setMetadata('metrics', json(model.metadata.metrics, 'metrics'));
  g.setMetadata('producer', producer);
  g.setMetadata('format_version', String(model.formatVersion ?? 1));
  return g.build();
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
