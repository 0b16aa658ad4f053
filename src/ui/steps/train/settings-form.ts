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
}

export const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline',
  'linear-regression': 'Linear regression',
  'logistic-regression': 'Logistic regression',
  mlp: 'Neural network (MLP)',
};

export function modelsFor(task: Task): ModelKind[] {
  return task === 'classification' ? ['baseline', 'logistic-regression', 'mlp'] : ['baseline', 'linear-regression', 'mlp'];
}

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
  return {
    kind: form.kind,
    epochs: network ? numberIn(form.epochs, 'Epochs', 1, 10_000, true) : 1,
    learningRate: network ? numberIn(form.learningRate, 'Learning rate', 0, 10, false, true) : 0.01,
    batchSize: network ? numberIn(form.batchSize, 'Batch size', 1, 1_000_000, true) : 1,
    hiddenLayers: form.kind === 'mlp' ? parseHiddenLayers(form.hiddenLayers) : [],
    activation: form.activation,
    dropout: form.kind === 'mlp' ? numberIn(form.dropout, 'Dropout', 0, 0.9, false) : 0,
    l2: numberIn(form.l2, 'L2 penalty', 0, 10, false),
    optimizer: form.optimizer,
    patience: network ? numberIn(form.patience, 'Early stopping patience', 0, 10_000, true) : 0,
    seed: numberIn(form.seed, 'Seed', 0, 4_294_967_295, true),
  };
}
