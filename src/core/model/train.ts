/**
 * Training, whatever the model: the baseline and linear regression are fitted in closed form
 * (no TF.js; their curve is one epoch and their backend is 'none (closed form)'); logistic
 * regression and the MLP run the TF.js loop of `models/network.ts` on the backend already chosen
 * on `tf` (see `backend.ts`); tree models run their learner in plain TypeScript (`trees/`), one
 * curve record per iteration, tree or depth (`trees/*-model.ts`).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingData, TrainProgress, TrainResult, TrainSettings } from './types';
import { trainBaseline } from './models/baseline';
import { ModelError } from './errors';
import { trainLinearRegression } from './models/linear-regression';
import { trainNetwork } from './models/network';
import { trainBoostedTrees } from './trees/boosting-model';
import { trainTree } from './trees/decision-tree-model';
import { trainForest } from './trees/forest-model';

export { checkNetworkSettings, defaultSettings, SETTING_LIMITS } from './models/network';
/** The error training throws: `ModelError` (kept under this name for existing importers). */
export { ModelError as TrainingError } from './errors';

/** The backend named in the result of a model fitted without TF.js. */
export const CLOSED_FORM_BACKEND = 'none (closed form)';

export interface TrainOptions {
  tf: typeof tfjs;
  /** Stops a TF.js model between batches; the best model so far comes back with `cancelled: true`. */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

export type TrainOutcome = TrainResult & { cancelled: boolean };

/**
 * Trains the model `settings.kind` on `data` (the task is the target's). Settings outside their
 * ranges, a kind that does not fit the task, and unusable data are refused with a
 * `ModelError` whose message can be shown as is. The closed-form models run synchronously
 * and ignore `signal`; they report one progress event, with the record of epoch 1.
 */
export async function trainModel(data: TrainingData, settings: TrainSettings, options: TrainOptions): Promise<TrainOutcome> {
  const task = data.target.task;
  switch (settings.kind) {
    case 'baseline':
    case 'linear-regression': {
      if (settings.kind === 'linear-regression' && task !== 'regression') {
        throw new ModelError(
          'Linear regression predicts numbers; for a classification target choose logistic regression or a neural network.',
        );
      }
      const started = performance.now();
      const fitted =
        settings.kind === 'baseline' ? trainBaseline(data, task) : trainLinearRegression(data, { l2: settings.l2 });
      const record = fitted.curve[0];
      options.onProgress?.({ epoch: 1, epochs: 1, batch: 1, batches: 1, record });
      return { ...fitted, backend: CLOSED_FORM_BACKEND, durationMs: performance.now() - started };
    }
    case 'logistic-regression':
    case 'mlp':
      return trainNetwork(data, settings, options);
    case 'gradient-boosted-trees':
      return trainBoostedTrees(data, settings, options);
    case 'random-forest':
      return trainForest(data, settings, options);
    case 'decision-tree':
      return trainTree(data, settings, options);
    default:
      throw new ModelError(`Unknown model kind: ${String((settings as { kind: unknown }).kind)}.`);
  }
}
