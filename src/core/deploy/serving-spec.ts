/**
 * What serving needs to know about a model: its inputs (from the studio's preprocessor, or read
 * from the graph of an .onnx file made elsewhere), its task and classes, and the validation
 * rules that guard it. Plain data, so it crosses to the serve worker as is.
 */
import type { ColumnInfo } from '../data/columns';
import type { Rule } from '../data/validate/rules';
import { DAY_MS } from '../model/features';
import type { Preprocessor, TargetEncoding } from '../model/types';

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
      if (f?.kind === 'categorical') return { name: input.name, type: input.type, sourceType, categories: [...f.categories], typical: f.impute };
      return { name: input.name, type: input.type, sourceType, categories: null, typical: null };
    }),
  };
}
