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
const PENALISED_KINDS: readonly ModelKind[] = ['linear-regression', 'logistic-regression', 'mlp', 'gradient-boosted-trees'];
const MLP_ONLY: readonly ModelKind[] = ['mlp'];
const BOOSTING: readonly ModelKind[] = ['gradient-boosted-trees'];
const FOREST: readonly ModelKind[] = ['random-forest'];
const TREE_KINDS: readonly ModelKind[] = ['gradient-boosted-trees', 'random-forest', 'decision-tree'];
/** Kinds trained step by step (epochs, or boosting iterations), with early stopping. */
const STEPPED_KINDS: readonly ModelKind[] = [...GRADIENT_KINDS, ...BOOSTING];

/** A tree limit as stored (0 or absent: the kind's default, which is no limit unless given). */
const limit = (value: number | undefined, fallback: number | null) => {
  const v = value ?? fallback;
  return v ? String(v) : 'no limit';
};

export const SETTING_ROWS: readonly { label: string; kinds: readonly ModelKind[]; value: (s: TrainSettings) => string }[] = [
  { label: 'Epochs', kinds: GRADIENT_KINDS, value: (s) => String(s.epochs) },
  { label: 'Trees', kinds: [...BOOSTING, ...FOREST], value: (s) => String(s.epochs) },
  {
    label: 'Max leaves',
    kinds: [...BOOSTING, 'decision-tree'],
    value: (s) => limit(s.maxLeaves, s.kind === 'gradient-boosted-trees' ? GRADIENT_BOOSTING_DEFAULTS.maxLeaves : null),
  },
  { label: 'Max depth', kinds: TREE_KINDS, value: (s) => limit(s.maxDepth, null) },
  {
    label: 'Min samples per leaf',
    kinds: TREE_KINDS,
    value: (s) => String(s.minSamplesLeaf ?? (s.kind === 'gradient-boosted-trees' ? GRADIENT_BOOSTING_DEFAULTS.minSamplesLeaf : 1)),
  },
  { label: 'Features per split', kinds: FOREST, value: (s) => featuresPerSplitWords(s) },
  { label: 'Bootstrap samples', kinds: FOREST, value: (s) => (s.bootstrap === false ? 'no (every tree sees every row)' : 'yes') },
  { label: 'Regression loss', kinds: BOOSTING, value: (s) => (s.regressionLoss === 'absolute-error' ? 'absolute error' : 'squared error') },
  { label: 'Learning rate', kinds: STEPPED_KINDS, value: (s) => num(s.learningRate) },
  { label: 'Batch size', kinds: GRADIENT_KINDS, value: (s) => String(s.batchSize) },
  { label: 'Hidden layers', kinds: MLP_ONLY, value: (s) => (s.hiddenLayers.length > 0 ? s.hiddenLayers.join(', ') : 'none') },
  { label: 'Activation', kinds: MLP_ONLY, value: (s) => s.activation },
  { label: 'Dropout', kinds: MLP_ONLY, value: (s) => num(s.dropout) },
  { label: 'L2 penalty', kinds: PENALISED_KINDS, value: (s) => num(s.l2) },
  { label: 'Optimizer', kinds: GRADIENT_KINDS, value: (s) => s.optimizer },
  { label: 'Early-stopping patience', kinds: STEPPED_KINDS, value: (s) => (s.patience > 0 ? plural(s.patience, BOOSTING.includes(s.kind) ? 'iteration' : 'epoch') : '0 (off)') },
  { label: 'Seed', kinds: [...GRADIENT_KINDS, ...FOREST], value: (s) => String(s.seed) },
];

function featuresPerSplitWords(s: TrainSettings): string {
  const f = s.featuresPerSplit ?? 'sqrt';
  if (f === 'sqrt') return '√ of the features';
  if (f === 'all') return 'all features';
  return `${num(f)} of the features`;
}

export function howTrainingEnded(model: ModelRecord): string {
  const ran = model.curve.length > 0 ? model.curve[model.curve.length - 1].epoch : 0;
  const kind = model.settings.kind;
  if (kind === 'random-forest') {
    const grown = `${plural(ran, 'tree')} of ${model.settings.epochs}`;
    return model.cancelled ? `Cancelled by the user after ${grown}; the trees grown were kept.` : `Grew ${grown}; every tree is kept (a forest averages them).`;
  }
  if (kind === 'decision-tree') {
    return `Grew one tree to depth ${ran}; the curve shows it cut at each depth from 1 to ${ran}, and the whole tree is kept.`;
  }
  if (!STEPPED_KINDS.includes(kind)) return 'Solved in closed form (no epochs).';
  const step = BOOSTING.includes(kind) ? 'iteration' : 'epoch';
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
