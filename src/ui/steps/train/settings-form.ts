/**
 * The Train step's form as text fields (what the user typed), and its checked conversion into
 * TrainSettings: every out-of-range value is refused with a message that says what is allowed.
 */
import { isTreeModelKind, type Activation, type ModelKind, type OptimizerName, type Task, type TrainSettings } from '../../../core/model/types';
import { formatForEditing, readNumber } from '../../../core/number-input';

export interface SettingsForm {
  kind: ModelKind;
  epochs: string;
  learningRate: string;
  batchSize: string;
  hiddenLayers: string;
  activation: Activation;
  dropout: string;
  l2: string;
  optimizer: OptimizerName;
  patience: string;
  seed: string;
  /** Tree models: `epochs` is then the field "Trees". */
  maxLeaves: string;
  /** 0 = no limit. */
  maxDepth: string;
  minSamplesLeaf: string;
  /** Random forest: 'sqrt', 'all' or a fraction such as 0.5. */
  featuresPerSplit: string;
  bootstrap: boolean;
  /** Gradient-boosted trees on a regression target. */
  regressionLoss: 'squared-error' | 'absolute-error';
}

export const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline',
  'linear-regression': 'Linear regression',
  'logistic-regression': 'Logistic regression',
  mlp: 'Neural network (MLP)',
  'gradient-boosted-trees': 'Gradient-boosted trees',
  'random-forest': 'Random forest',
  'decision-tree': 'Decision tree',
};

/** Tree models: their settings are Max depth and Min samples per leaf, and by kind Trees and Max leaves. */
export const isTreeKind = isTreeModelKind;

const TREE_MODELS: ModelKind[] = ['gradient-boosted-trees', 'random-forest', 'decision-tree'];

export function modelsFor(task: Task): ModelKind[] {
  return task === 'classification'
    ? ['baseline', 'logistic-regression', 'mlp', ...TREE_MODELS]
    : ['baseline', 'linear-regression', 'mlp', ...TREE_MODELS];
}

/** Tree settings of models stored before trees (or of other kinds): scikit-learn's boosting defaults. */
const TREE_DEFAULTS = { maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20 };

export function formFromSettings(settings: TrainSettings): SettingsForm {
  return {
    kind: settings.kind,
    epochs: String(settings.epochs),
    learningRate: formatForEditing(settings.learningRate),
    batchSize: String(settings.batchSize),
    hiddenLayers: settings.hiddenLayers.join(','),
    activation: settings.activation,
    dropout: formatForEditing(settings.dropout),
    l2: formatForEditing(settings.l2),
    optimizer: settings.optimizer,
    patience: String(settings.patience),
    seed: String(settings.seed),
    maxLeaves: String(settings.maxLeaves ?? TREE_DEFAULTS.maxLeaves),
    maxDepth: String(settings.maxDepth ?? TREE_DEFAULTS.maxDepth),
    minSamplesLeaf: String(settings.minSamplesLeaf ?? TREE_DEFAULTS.minSamplesLeaf),
    featuresPerSplit: typeof settings.featuresPerSplit === 'number' ? formatForEditing(settings.featuresPerSplit) : (settings.featuresPerSplit ?? 'sqrt'),
    bootstrap: settings.bootstrap ?? true,
    regressionLoss: settings.regressionLoss ?? 'squared-error',
  };
}

function numberIn(text: string, label: string, min: number, max: number, whole: boolean, minExclusive = false): number {
  return readNumber(text, { label, min, max, whole, minExclusive });
}

/** Parses "64,32" (or "64 32", "64;32") into layer sizes: here a comma separates layers, it is no decimal mark. */
export function parseHiddenLayers(text: string): number[] {
  const parts = text.split(/[,;\s]+/).filter((p) => p.length > 0);
  if (parts.length === 0) throw new Error('Hidden layers must list at least one layer size, such as 64,32.');
  if (parts.length > 8) throw new Error('Hidden layers may list at most 8 layers.');
  return parts.map((p) => numberIn(p, 'Each hidden layer size', 1, 4096, true));
}

/** Reads Features per split: "sqrt" (or √), "all", or a fraction of the features above 0 and at most 1. */
export function parseFeaturesPerSplit(text: string): 'sqrt' | 'all' | number {
  const t = text.trim().toLowerCase();
  if (t === 'sqrt' || t === '√') return 'sqrt';
  if (t === 'all') return 'all';
  try {
    return numberIn(t, 'Features per split', 0, 1, false, true);
  } catch {
    throw new Error(`Features per split must be sqrt, all, or a fraction of the features above 0 and at most 1 (such as 0.5), not "${text.trim()}".`);
  }
}

export function settingsFromForm(form: SettingsForm): TrainSettings {
  const kind = form.kind;
  const network = kind === 'mlp' || kind === 'logistic-regression';
  const trees = isTreeKind(kind);
  const boosting = kind === 'gradient-boosted-trees';
  const stepped = network || boosting;
  const epochs = network
    ? numberIn(form.epochs, 'Epochs', 1, 10_000, true)
    : boosting || kind === 'random-forest'
      ? numberIn(form.epochs, 'Trees', 1, 10_000, true)
      : 1;
  return {
    kind,
    epochs,
    learningRate: stepped ? numberIn(form.learningRate, 'Learning rate', 0, 10, false, true) : 0.01,
    batchSize: network ? numberIn(form.batchSize, 'Batch size', 1, 1_000_000, true) : 1,
    hiddenLayers: kind === 'mlp' ? parseHiddenLayers(form.hiddenLayers) : [],
    activation: form.activation,
    dropout: kind === 'mlp' ? numberIn(form.dropout, 'Dropout', 0, 0.9, false) : 0,
    l2: kind === 'baseline' || (trees && !boosting) ? 0 : numberIn(form.l2, 'L2 penalty', 0, boosting ? 1_000 : 10, false),
    optimizer: form.optimizer,
    patience: stepped ? numberIn(form.patience, 'Early stopping patience', 0, 10_000, true) : 0,
    seed: numberIn(form.seed, 'Seed', 0, 4_294_967_295, true),
    ...(trees
      ? {
          maxDepth: numberIn(form.maxDepth, 'Max depth', 0, 1_000, true),
          minSamplesLeaf: numberIn(form.minSamplesLeaf, 'Min samples per leaf', 1, 1_000_000, true),
        }
      : {}),
    ...(boosting ? { maxLeaves: numberIn(form.maxLeaves, 'Max leaves', 2, 65_536, true), regressionLoss: form.regressionLoss } : {}),
    ...(kind === 'decision-tree' ? { maxLeaves: maxLeavesOrNone(form.maxLeaves) } : {}),
    ...(kind === 'random-forest' ? { featuresPerSplit: parseFeaturesPerSplit(form.featuresPerSplit), bootstrap: form.bootstrap } : {}),
  };
}

/** A decision tree's Max leaves: 0 for no limit, else at least 2 (one leaf is no tree). */
function maxLeavesOrNone(text: string): number {
  const value = numberIn(text, 'Max leaves', 0, 65_536, true);
  if (value === 1) throw new Error('Max leaves must be 0 (no limit) or at least 2: a tree with one leaf makes no split.');
  return value;
}
