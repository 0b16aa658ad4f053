/**
 * What serving needs to know about a model: its inputs (from the studio's preprocessor, or read
 * from the graph of an .onnx file made elsewhere), its task and classes, and the validation
 * rules that guard it. Plain data, so it crosses to the serve worker as is.
 */
import type { ColumnInfo } from '../data/columns';
import type { Rule } from '../data/validate/rules';
import { DAY_MS } from '../model/features';
import type { CategoricalFeature, Preprocessor, TargetEncoding } from '../model/types';
import { dateInputNames, type OnnxInfo } from '../package/onnx/export';

export interface ServingInput {
  name: string;
  /** The ONNX input's element type. */
  type: 'float32' | 'string';
  /** For the studio's own models: how raw values are read (number, integer, boolean, date, text). */
  sourceType: ColumnInfo['type'] | null;
  /** Known categories (string inputs of the studio's models), for the form's select and unseen-value flags. */
  categories: string[] | null;
  /** A typical value to pre-fill the form with: the train median or most frequent value. */
  typical: string | number | null;
}

export interface ServingSpec {
  modelId: string;
  modelName: string;
  inputs: ServingInput[];
  task: 'classification' | 'regression' | 'unknown';
  classes: string[];
  rules: Rule[];
  /** The columns the rules were written for (types for reading values). */
  columns: ColumnInfo[];
}

/** The graph inputs of a packaged model, as the exporter plans them (raw columns, or cleaned ones). */
export interface GraphInput {
  name: string;
  type: 'float32' | 'string';
  columnType: ColumnInfo['type'] | null;
}

/**
 * The spec of a model the studio trained and packaged: one input per graph input (the raw
 * columns the recipe and the model read). Where an input is also a feature of the model, its
 * known categories and typical value come from the preprocessing fitted on the train part.
 */
export function specFromModel(model: { id: string; name: string; preprocessor: Preprocessor; target: TargetEncoding }, inputs: readonly GraphInput[], rules: Rule[], columns: ColumnInfo[]): ServingSpec {
  const features = new Map(model.preprocessor.features.map((f) => [f.name, f]));
  return {
    modelId: model.id,
    modelName: model.name,
    task: model.target.task,
    classes: model.target.classes,
    rules,
    columns,
    inputs: inputs.map((input): ServingInput => {
      const f = features.get(input.name);
      const sourceType = input.columnType ?? (input.type === 'string' ? 'text' : 'number');
      if (f?.kind === 'numeric') {
        // A date feature's input is days since 1970 (older models: epoch ms).
        const typical =
          f.sourceType === 'date'
            ? new Date(f.date !== undefined ? Math.floor(f.impute) * DAY_MS : f.impute).toISOString().slice(0, 10)
            : f.sourceType === 'boolean'
              ? f.impute >= 0.5
                ? 'true'
                : 'false'
              : f.impute;
        return { name: input.name, type: input.type, sourceType, categories: null, typical };
      }
      if (f?.kind === 'categorical') return { name: input.name, type: input.type, sourceType, categories: formOrder(f), typical: f.impute };
      return { name: input.name, type: input.type, sourceType, categories: null, typical: null };
    }),
  };
}

/**
 * The spec of an .onnx file made elsewhere (or exported by the studio and loaded as a file): its
 * inputs are read from the graph, and the metadata says the task, the classes and which inputs
 * take dates (as days since 1970) where the studio wrote it. Throws when an input is of a type
 * the serving form cannot fill (only float32 and string columns can be).
 */
export function specFromOnnx(fileName: string, info: Pick<OnnxInfo, 'inputs' | 'metadata'>): ServingSpec {
  const unservable = info.inputs.filter((i) => i.type !== 'string' && i.type !== 'float32');
  if (unservable.length > 0) {
    throw new Error(`The studio serves models whose inputs are float32 or string columns; ${fileName} has ${info.inputs.map((i) => `${i.name} (${i.type})`).join(', ')}.`);
  }
  const { task } = info.metadata;
  const dates = dateInputNames(info.metadata);
  return {
    modelId: `file:${fileName}`,
    modelName: fileName,
    task: task === 'classification' || task === 'regression' ? task : 'unknown',
    classes: info.metadata.classes ? (JSON.parse(info.metadata.classes) as string[]) : [],
    rules: [],
    columns: [],
    inputs: info.inputs.map((input): ServingInput => ({
      name: input.name,
      type: input.type === 'string' ? 'string' : 'float32',
      sourceType: input.type === 'string' ? 'text' : dates.includes(input.name) ? 'date' : 'number',
      categories: null,
      typical: null,
    })),
  };
}

/**
 * A categorical feature's categories in the order a form lists them: a one-hot feature's are
 * most frequent first; an ordinal feature's are in code order (by the train target), which
 * means nothing to a person picking one, so they are listed alphabetically.
 */
function formOrder(feature: CategoricalFeature): string[] {
  return feature.encoding === 'ordinal' ? [...feature.categories].sort((a, b) => a.localeCompare(b)) : [...feature.categories];
}
