/**
 * The Train step's form as text fields (what the user typed), and its checked conversion into
 * TrainSettings: every out-of-range value is refused with a message that says what is allowed.
 */
import type { Activation, ModelKind, OptimizerName, Task, TrainSettings } from '../../../core/model/types';
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

/** Tree models: their settings are Trees, Max leaves, Max depth and Min samples per leaf. */
export function isTreeKind(kind: ModelKind): boolean {
  return kind === 'gradient-boosted-trees';
}

export function modelsFor(task: Task): ModelKind[] {
  return task === 'classification'
    ? ['baseline', 'logistic-regression', 'mlp', 'gradient-boosted-trees']
    : ['baseline', 'linear-regression', 'mlp', 'gradient-boosted-trees'];
}

/** Tree settings of models stored before trees (or of other kinds): scikit-learn's defaults. */
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

export function settingsFromForm(form: SettingsForm): TrainSettings {
  const network = form.kind === 'mlp' || form.kind === 'logistic-regression';
  const trees = isTreeKind(form.kind);
  const stepped = network || trees;
  return {
    kind: form.kind,
    epochs: network ? numberIn(form.epochs, 'Epochs', 1, 10_000, true) : trees ? numberIn(form.epochs, 'Trees', 1, 10_000, true) : 1,
    learningRate: stepped ? numberIn(form.learningRate, 'Learning rate', 0, 10, false, true) : 0.01,
    batchSize: network ? numberIn(form.batchSize, 'Batch size', 1, 1_000_000, true) : 1,
    hiddenLayers: form.kind === 'mlp' ? parseHiddenLayers(form.hiddenLayers) : [],
    activation: form.activation,
    dropout: form.kind === 'mlp' ? numberIn(form.dropout, 'Dropout', 0, 0.9, false) : 0,
    l2: trees ? 0 : numberIn(form.l2, 'L2 penalty', 0, 10, false),
    optimizer: form.optimizer,
    patience: stepped ? numberIn(form.patience, 'Early stopping patience', 0, 10_000, true) : 0,
    seed: numberIn(form.seed, 'Seed', 0, 4_294_967_295, true),
    ...(trees
      ? {
          maxLeaves: numberIn(form.maxLeaves, 'Max leaves', 2, 65_536, true),
          maxDepth: numberIn(form.maxDepth, 'Max depth', 0, 1_000, true),
          minSamplesLeaf: numberIn(form.minSamplesLeaf, 'Min samples per leaf', 1, 1_000_000, true),
        }
      : {}),
  };
}
