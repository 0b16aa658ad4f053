/**
 * The one IndexedDB schema of the studio. Every object store is declared here, so the
 * migrations in `migrations.ts` and every typed transaction agree on names, keys and values.
 * Records are plain structured-cloneable data: no classes, no Svelte `$state` proxies
 * (IndexedDB cannot clone a proxy), no functions.
 */
import type { DBSchema } from 'idb';
import type { ColumnInfo, IngestWarning } from '../core/data/columns';
import type { RecipeStep } from '../core/data/recipe/steps';
import type { Rule } from '../core/data/validate/rules';
import type { SplitSpec } from '../core/data/split/spec';
import type { EpochRecord, ModelParameters, Preprocessor, TargetEncoding, TrainSettings } from '../core/model/types';
import type { MonitoringReference } from '../core/deploy/reference';

/** The database every tab and worker of the studio opens. */
export const DB_NAME = 'ml-studio';

/** Meta key of the project the UI showed last, so a reload reopens it. */
export const META_CURRENT_PROJECT = 'currentProjectId';

export interface ProjectRecord {
  id: string;
  name: string;
  /** Milliseconds since the epoch (`Date.now()`). */
  createdAt: number;
  updatedAt: number;
  /** The project's one seed: every random choice of the workflow derives from it. */
  seed: number;
  /** The step the user was on (its address without `#/`, e.g. `'explore'`). */
  lastStep: string;
  activeDatasetId: string | null;
  /** The model carried forward to Evaluate, Test, Package and Serve (absent in version-1 records). */
  selectedModelId?: string | null;
}

/** Where a dataset's rows came from, shown to the user and kept for reproducibility. */
export type DatasetSource =
  | { kind: 'file'; fileName: string; size: number }
  | { kind: 'sample'; sample: string }
  | { kind: 'synthetic'; generator: string; options: Record<string, number> };

export interface DatasetRecord {
  id: string;
  projectId: string;
  name: string;
  source: DatasetSource;
  rowCount: number;
  columns: ColumnInfo[];
  warnings: IngestWarning[];
  /** How the file was read, e.g. 'CSV, comma-separated, UTF-8'. */
  description: string;
  createdAt: number;
  /** How many chunk records belong to this dataset (indexes 0 … chunkCount − 1). */
  chunkCount: number;
  /** Rows per chunk (the last chunk may hold fewer). */
  chunkRows: number;
  /** Total bytes of all chunks. */
  byteLength: number;
  /** Layout of the chunks: 1 = Arrow IPC stream bytes per chunk of consecutive rows. */
  formatVersion: 1;
}

/** Arrow IPC bytes of rows `index * chunkRows …` of one dataset. */
export interface ChunkRecord {
  datasetId: string;
  index: number;
  bytes: Uint8Array;
}

/** A train / validation / test split, stored with its seed and the assignment it gave. */
export interface StoredSplit {
  spec: SplitSpec;
  /** The split was made on the recipe's first `atStep` steps; undoing past it removes the split. */
  atStep: number;
  counts: { train: number; validation: number; test: number };
  /** Part of each row, indexed by row id (PART values; UNASSIGNED for rows not in the split). */
  byRowId: Uint8Array;
  createdAt: number;
}

/**
 * What the data steps made of one dataset: its cleaning recipe, validation rules and split.
 * Kept apart from the dataset record so each edit writes a small record, and the raw rows are
 * never touched.
 */
export interface PipelineRecord {
  datasetId: string;
  projectId: string;
  recipe: RecipeStep[];
  rules: Rule[];
  split: StoredSplit | null;
  updatedAt: number;
}

/** Metric name (e.g. 'Accuracy', 'R²') → value; null where a metric is undefined. */
export type MetricValues = Record<string, number | null>;

/** One run of the acceptance test on the sealed test part. */
export interface AcceptanceRun {
  at: number;
  criteria: { metric: string; threshold: number }[];
  metrics: MetricValues;
  passed: boolean;
  results: { metric: string; threshold: number; value: number | null; passed: boolean; comparison: '≥' | '≤' }[];
  testRows: number;
}

/**
 * A trained model with everything needed to evaluate, test, export and serve it: its settings,
 * the preprocessing fitted on the train part, its parameters, curves and metrics. `formatVersion`
 * lets later versions of the studio read (and export) models stored by earlier ones.
 */
export interface ModelRecord {
  id: string;
  projectId: string;
  datasetId: string;
  name: string;
  createdAt: number;
  formatVersion: 1;
  settings: TrainSettings;
  features: string[];
  preprocessor: Preprocessor;
  target: TargetEncoding;
  parameters: ModelParameters;
  curve: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Cancelled by the user; the best model so far was kept. */
  cancelled: boolean;
  backend: string;
  durationMs: number;
  /** The data state it was trained on: the recipe's length and the split's creation time. */
  trainedOn: { recipeSteps: number; splitCreatedAt: number; trainRows: number; validationRows: number };
  validation: {
    metrics: MetricValues;
    baseline: MetricValues;
    /** True targets and model outputs on the validation part (probabilities rows × classes, or predictions), for the Evaluate charts. */
    y: Float32Array;
    output: Float32Array;
    importance: { feature: string; importance: number; std: number }[];
  };
  acceptance: AcceptanceRun[];
  /** The train part's feature and prediction distributions, for drift monitoring (absent in early records). */
  reference?: MonitoringReference;
  /** Every monitoring check of a live batch against the reference, oldest first. */
  monitoring?: MonitorRun[];
}

/** One live batch compared with a model's reference. */
export interface MonitorRun {
  at: number;
  /** Where the batch came from: a file name, or the log's time window. */
  label: string;
  rows: number;
  maxPsi: number;
  drifted: number;
  retrain: boolean;
  reasons: string[];
}

/**
 * One row a deployed model scored: what came in, what went out, how long it took. The log is
 * stored as batches (`LogBatchRecord` + `LogColumnsRecord`); this is how a row reads back.
 */
export interface InferenceRecord {
  /** Where the row is stored (`batch id:row`); absent on rows not stored yet. */
  id?: string;
  projectId: string;
  modelId: string;
  modelName: string;
  /** One request (a single prediction, or one scored file) may hold many rows. */
  requestId: string;
  /** Milliseconds since the epoch. */
  time: number;
  inputs: Record<string, string | number | boolean | null>;
  prediction: string | number | null;
  probabilities: number[] | null;
  /** The request's latency divided over its rows, in milliseconds. */
  latencyMs: number;
  /** Validation rules the row broke, and input problems, in plain words. */
  flags: string[];
}

/** Logged values of one field: numbers as a Float64Array (NaN = null), anything else as they are. */
export type LogColumn = Float64Array | (string | number | boolean | null)[];

/**
 * What the rows of one logged batch share: a request (a single prediction, or part of a scored
 * file) logged as one record instead of one record per row, so a 100,000-row file is a few
 * writes. Small, so counting, paging and trimming read only these.
 */
export interface LogBatchRecord {
  /** Auto-increment key: the order batches were written in; the batch's columns share it. */
  id?: number;
  projectId: string;
  modelId: string;
  modelName: string;
  requestId: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** Per row, in milliseconds. */
  latencyMs: number;
  rows: number;
}

/** The rows of one batch, field by field, oldest row first. */
export interface LogColumnsRecord {
  /** The id of its `LogBatchRecord`. */
  id: number;
  inputNames: string[];
  /** One column per input name. */
  inputs: LogColumn[];
  predictions: LogColumn;
  /** Rows × `probabilityWidth`, row by row; null where the rows have none. */
  probabilities: Float32Array | Float64Array | null;
  probabilityWidth: number;
  /** Row r's flags are `flagTexts[flagIds[i]]` for i in `flagStarts[r] … flagStarts[r + 1]`. */
  flagTexts: string[];
  flagStarts: Uint32Array;
  flagIds: Uint32Array;
}

export interface StudioSchema extends DBSchema {
  projects: {
    key: string;
    value: ProjectRecord;
  };
  datasets: {
    key: string;
    value: DatasetRecord;
    indexes: { byProject: string };
  };
  chunks: {
    /** `[datasetId, index]`: one key range per dataset, ordered by index. */
    key: [string, number];
    value: ChunkRecord;
  };
  meta: {
    key: string;
    value: unknown;
  };
  pipelines: {
    key: string;
    value: PipelineRecord;
    indexes: { byProject: string };
  };
  models: {
    key: string;
    value: ModelRecord;
    indexes: { byProject: string };
  };
  logBatches: {
    key: number;
    value: LogBatchRecord;
    indexes: { byProjectTime: [string, number] };
  };
  logColumns: {
    key: number;
    value: LogColumnsRecord;
  };
}

/** What `saveDataset` takes: the store fills in the rest. */
export type NewDataset = Omit<DatasetRecord, 'id' | 'createdAt' | 'chunkCount' | 'byteLength' | 'formatVersion'> & {
  /** Give the id of an existing dataset to replace it (same project only). */
  id?: string;
};

/** The fields of a project other code may change directly. */
export type ProjectPatch = Partial<Pick<ProjectRecord, 'seed' | 'lastStep' | 'activeDatasetId' | 'selectedModelId'>>;
