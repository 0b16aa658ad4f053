/**
 * What the model card says about how a model was trained, by kind: its settings table (a row per
 * setting, "not used by …" for the settings a kind does not have), how training ended (closed
 * form, epochs, or boosting iterations) and its size (layers and parameters, or trees and leaves).
 * Kept apart from `model-card.ts` so each kind's words live in one place.
 */
import { formatNumber } from '../data/profile/format';
import { GRADIENT_BOOSTING_DEFAULTS } from '../model/trees/gradient-boosting';
import { isEnsembleParameters } from '../model/types';
import type { ModelKind, ModelParameters, TrainSettings } from '../model/types';
import type { ModelRecord } from '../records';

function num(value: number | null | undefined): string {
  return formatNumber(value, 4);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const GRADIENT_KINDS: readonly ModelKind[] = ['logistic-regression', 'mlp'];
const PENALISED_KINDS: readonly ModelKind[] = ['linear-regression', 'logistic-regression', 'mlp'];
const MLP_ONLY: readonly ModelKind[] = ['mlp'];
const TREE_KINDS: readonly ModelKind[] = ['gradient-boosted-trees'];
/** Kinds trained step by step (epochs, or boosting iterations), with early stopping. */
const STEPPED_KINDS: readonly ModelKind[] = [...GRADIENT_KINDS, ...TREE_KINDS];

export const SETTING_ROWS: readonly { label: string; kinds: readonly ModelKind[]; value: (s: TrainSettings) => string }[] = [
  { label: 'Epochs', kinds: GRADIENT_KINDS, value: (s) => String(s.epochs) },
  { label: 'Trees', kinds: TREE_KINDS, value: (s) => String(s.epochs) },
  { label: 'Max leaves', kinds: TREE_KINDS, value: (s) => String(s.maxLeaves ?? GRADIENT_BOOSTING_DEFAULTS.maxLeaves) },
  { label: 'Max depth', kinds: TREE_KINDS, value: (s) => (s.maxDepth ? String(s.maxDepth) : 'no limit') },
  { label: 'Min samples per leaf', kinds: TREE_KINDS, value: (s) => String(s.minSamplesLeaf ?? GRADIENT_BOOSTING_DEFAULTS.minSamplesLeaf) },
  { label: 'Learning rate', kinds: STEPPED_KINDS, value: (s) => num(s.learningRate) },
  { label: 'Batch size', kinds: GRADIENT_KINDS, value: (s) => String(s.batchSize) },
  { label: 'Hidden layers', kinds: MLP_ONLY, value: (s) => (s.hiddenLayers.length > 0 ? s.hiddenLayers.join(', ') : 'none') },
  { label: 'Activation', kinds: MLP_ONLY, value: (s) => s.activation },
  { label: 'Dropout', kinds: MLP_ONLY, value: (s) => num(s.dropout) },
  { label: 'L2 penalty', kinds: PENALISED_KINDS, value: (s) => num(s.l2) },
  { label: 'Optimizer', kinds: GRADIENT_KINDS, value: (s) => s.optimizer },
  { label: 'Early-stopping patience', kinds: STEPPED_KINDS, value: (s) => (s.patience > 0 ? plural(s.patience, TREE_KINDS.includes(s.kind) ? 'iteration' : 'epoch') : '0 (off)') },
  { label: 'Seed', kinds: GRADIENT_KINDS, value: (s) => String(s.seed) },
];

export function howTrainingEnded(model: ModelRecord): string {
  const ran = model.curve.length > 0 ? model.curve[model.curve.length - 1].epoch : 0;
  if (!STEPPED_KINDS.includes(model.settings.kind)) return 'Solved in closed form (no epochs).';
  const step = TREE_KINDS.includes(model.settings.kind) ? 'iteration' : 'epoch';
  const best = `best validation loss at ${step} ${model.bestEpoch}, whose ${step === 'epoch' ? 'weights' : 'trees'} were kept`;
  if (model.cancelled) return `Cancelled by the user after ${plural(ran, step)} of ${model.settings.epochs}; ${best}.`;
  if (model.stoppedEarly) {
    return `Stopped early after ${plural(ran, step)} of ${model.settings.epochs} (no better validation loss for ${plural(model.settings.patience, step)}); ${best}.`;
  }
  return `Ran ${plural(ran, step)} of ${model.settings.epochs}; ${best}.`;
}

/** The model's size in words: its layers and parameter count, or its trees and leaves. */
export function structureLine(parameters: ModelParameters): string {
  if (isEnsembleParameters(parameters)) {
    const trees = parameters.ensemble.trees;
    const leaves = trees.reduce((sum, { tree }) => sum + tree.feature.filter((f) => f < 0).length, 0);
    return `- **Trees:** ${plural(trees.length, 'tree')}, ${plural(leaves, 'leaf', 'leaves')} in all`;
  }
  const layers = parameters.layers;
  const parameterCount = layers.reduce((sum, l) => sum + l.weights.length + l.bias.length, 0);
  const shape = layers.length > 0 ? [layers[0].inputs, ...layers.map((l) => l.outputs)].join(' → ') : 'none';
  return `- **Layers:** ${shape} (${plural(parameterCount, 'parameter')})`;
}
