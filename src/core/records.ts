/**
 * What the studio keeps about a project: its datasets, their pipelines (recipe, rules, split) and
 * its trained models, as plain structured-cloneable records (no classes, no functions). They are
 * declared here, in the core, because the core reads them too (the model card describes a model
 * record); `src/storage` stores them as they are.
 */
import type { ColumnInfo, IngestWarning } from './data/columns';
import type { RecipeStep } from './data/recipe/steps';
import type { Rule } from './data/validate/rules';
import type { SplitSpec } from './data/split/spec';
import type { EpochRecord, ModelParameters, Preprocessor, TargetEncoding, TrainSettings } from './model/types';
import type { MonitoringReference } from './deploy/reference';

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
    /** Tree models: each feature's total split gain and share of it, largest first (absent for other models). */
    gain?: { feature: string; gain: number; share: number }[];
    /** Random forest with bootstrap: accuracy or R² of the train rows by the trees that did not see them. */
    outOfBag?: { score: number; rows: number };
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
