/**
 * The shared vocabulary of model engineering: what training takes (design matrices and
 * settings), what it gives (parameters that a plain TypeScript forward pass can run, so the
 * studio's own predictions never depend on a backend), and what is stored with a model.
 * Preprocessing is part of the model: its fitted values travel with the parameters and are
 * exported inside the ONNX graph.
 */
import type { ColumnType } from '../data/columns';
import type { TreeEnsemble } from './trees/ensemble';
import type { DecisionTreeNodes } from './trees/decision-tree';

export type Task = 'classification' | 'regression';
/** Models whose parameters are dense layers. */
export type DenseModelKind = 'baseline' | 'linear-regression' | 'logistic-regression' | 'mlp';
/** Models whose parameters are a tree ensemble (learners in `trees/`, one case each in `train.ts`). */
export type TreeModelKind = 'gradient-boosted-trees' | 'random-forest' | 'decision-tree';
export type ModelKind = DenseModelKind | TreeModelKind;

const TREE_MODEL_KINDS: readonly ModelKind[] = ['gradient-boosted-trees', 'random-forest', 'decision-tree'];

/** Whether `kind` is a tree model (trained in plain TypeScript, no TF.js backend). */
export function isTreeModelKind(kind: ModelKind): kind is TreeModelKind {
  return TREE_MODEL_KINDS.includes(kind);
}

/** A numeric input: imputed with the train median, then standardised with train statistics. */
export interface NumericFeature {
  kind: 'numeric';
  name: string;
  /** The column's type as loaded (number, integer, date as epoch ms, boolean as 0/1). */
  sourceType: ColumnType;
  impute: number;
  mean: number;
  /** Never 0: a constant column keeps std 1 so it maps to 0. */
  std: number;
  /**
   * For a date column: the input is the date as days since 1970-01-01 UTC (float32, see
   * `dateInput`), and the feature takes one design column per `DATE_PARTS` entry, each imputed
   * and standardised on its own; `impute`, `mean` and `std` above then describe the input days.
   * Absent for date features of models trained before dates were expanded (input: epoch ms,
   * one design column).
   */
  date?: DateExpansion;
  /**
   * How the design columns are made: 'standardised' (imputed, then standardised: every model
   * stored before tree encodings, which have no field) or 'raw' (tree models: the float32 input
   * as it is, a missing value kept NaN so the learned missing direction takes it; a date's parts
   * likewise). The fitted statistics above are kept either way (serving shows them).
   */
  encoding?: NumericEncoding;
}

export type NumericEncoding = 'standardised' | 'raw';
export type CategoricalEncoding = 'one-hot' | 'ordinal';

/** The fitted values of a date feature's parts (see `DATE_PARTS` in features.ts). */
export interface DateExpansion {
  /** The earliest train date, as its input (days since 1970-01-01 UTC): day 0 of "days since first". */
  origin: number;
  /** Per part, in `DATE_PARTS` order: the train median (for missing dates), mean and population std. */
  impute: number[];
  mean: number[];
  std: number[];
}

/**
 * A categorical input: imputed with the train's most frequent value, then one-hot encoded over
 * `categories`. Rare categories (and categories beyond the width cap) and unseen values go to
 * the `other` slot when `other` is true; otherwise they encode as all zeros.
 */
export interface CategoricalFeature {
  kind: 'categorical';
  name: string;
  sourceType: ColumnType;
  impute: string;
  categories: string[];
  other: boolean;
  /**
   * 'one-hot' (absent in every model stored before tree encodings) or 'ordinal' (tree models,
   * see `ordinal-encoding.ts`): one design column holding the category's index in `categories`,
   * which are then in the order fitted on the train part; missing, rare and unseen values are
   * NaN there, and `impute` is only the typical value shown to people.
   */
  encoding?: CategoricalEncoding;
}

export type FittedFeature = NumericFeature | CategoricalFeature;

/** Fitted on the train part only; turns raw rows into the model's input matrix. */
export interface Preprocessor {
  features: FittedFeature[];
  /** Columns of the design matrix. */
  width: number;
  /** A name per design-matrix column, e.g. 'Body Mass (g)', 'Island=Biscoe', 'Island=(other)'. */
  columnNames: string[];
}

export interface TargetEncoding {
  task: Task;
  column: string;
  /** Classification: class names in the order of the probability columns (sorted; numeric order for integer targets). */
  classes: string[];
}

/** Rows × width values, row-major. */
export interface DesignMatrix {
  rows: number;
  width: number;
  values: Float32Array;
}

export interface LabelledMatrix {
  x: DesignMatrix;
  /** Class index (classification) or target value (regression), one per row. */
  y: Float32Array;
}

/** Everything training needs, made by the data worker from the prepared frame and the split. */
export interface TrainingData {
  preprocessor: Preprocessor;
  target: TargetEncoding;
  train: LabelledMatrix;
  validation: LabelledMatrix;
}

export type Activation = 'relu' | 'tanh' | 'sigmoid';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface TrainSettings {
  kind: ModelKind;
  epochs: number;
  learningRate: number;
  batchSize: number;
  /** MLP hidden layer sizes, e.g. [64, 32]. */
  hiddenLayers: number[];
  activation: Activation;
  /** Dropout rate after each hidden layer, 0 … 0.9. */
  dropout: number;
  /** L2 penalty on weights (not biases). */
  l2: number;
  optimizer: OptimizerName;
  /** Early stopping: epochs (trees: iterations) without a better validation loss before stopping; 0 = off. */
  patience: number;
  seed: number;
  /**
   * Tree models only (`epochs` is then the number of trees or boosting iterations). Optional
   * because models stored before trees existed have none; absent means the learner's default.
   */
  maxLeaves?: number;
  /** Edges from the root to the deepest leaf; 0 for no limit. */
  maxDepth?: number;
  minSamplesLeaf?: number;
  /** Random forest: features tried per split — √width, all, or a fraction of the width; absent: √ for classification, all for regression. */
  featuresPerSplit?: 'sqrt' | 'all' | number;
  /** Random forest: each tree grown on a bootstrap sample (absent: true). */
  bootstrap?: boolean;
  /** Gradient-boosted trees on a regression target: the loss minimised (absent: squared error). */
  regressionLoss?: 'squared-error' | 'absolute-error';
}

/** One fully connected layer: outputs = activation(inputs · weights + bias). */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** inputs × outputs, row-major (the layout of ONNX Gemm's B with transB = 0). */
  weights: Float32Array;
  bias: Float32Array;
  activation: Activation | 'linear';
}

/**
 * A dense model's parameters. Classification models end in a softmax over `classes`
 * (two columns for a binary task); regression models output one value, on the target's own
 * scale (`outputScale` undoes the standardisation used while training).
 */
export interface DenseParameters {
  kind: DenseModelKind;
  task: Task;
  layers: DenseLayer[];
  outputScale: { mean: number; std: number } | null;
}

/**
 * A tree model's parameters: the ensemble answers class probabilities or values on the
 * target's own scale directly (see `predictEnsemble`), so there is no output scale.
 */
export interface EnsembleParameters {
  kind: TreeModelKind;
  task: Task;
  ensemble: TreeEnsemble;
  /**
   * A decision tree's per-node detail for its diagram (samples, class shares or mean,
   * impurity), node for node as its one tree; absent for ensembles of many trees.
   */
  nodes?: DecisionTreeNodes;
}

/**
 * A trained model's parameters: dense layers (every model stored before trees, unchanged) or a
 * tree ensemble. Callers predict with `predictModel` and never look at which.
 */
export type ModelParameters = DenseParameters | EnsembleParameters;

/** Whether parameters hold a tree ensemble (stored records tell by the field, not the kind). */
export function isEnsembleParameters(parameters: ModelParameters): parameters is EnsembleParameters {
  return 'ensemble' in parameters && typeof parameters.ensemble === 'object' && parameters.ensemble !== null;
}

/** One epoch of the training curve. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  /** Accuracy (classification) or R² (regression), on each part. */
  trainMetric: number;
  validationMetric: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Present at the end of each epoch. */
  record?: EpochRecord;
}

export interface TrainResult<P extends ModelParameters = ModelParameters> {
  parameters: P;
  curve: EpochRecord[];
  /** The epoch whose weights were kept (the best validation loss, with early stopping). */
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: string;
  durationMs: number;
  /** Tree models: per design-matrix column, the total gain of the kept trees' splits on it. */
  featureGain?: Float64Array;
  /** Random forest with bootstrap: accuracy or R² of each train row by the trees that did not see it. */
  outOfBag?: OutOfBagScore;
}

/** A forest's out-of-bag score: the metric (accuracy or R²) and the train rows it is over. */
export interface OutOfBagScore {
  score: number;
  rows: number;
}
