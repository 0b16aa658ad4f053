/**
 * The one TF.js training loop, for logistic regression (no hidden layers) and the MLP (hidden
 * layers with an activation and dropout). Classification ends in a softmax over the classes
 * (two columns for a binary task) and minimises softmax cross-entropy; regression ends in one
 * linear unit that predicts the standardised target (z = (y − mean) / std with the train
 * target's mean and population std, stored as `outputScale`) and minimises its mean squared
 * error. Both add l2 × Σ w² over the weights (not the biases).
 *
 * A custom loop instead of `model.fit`, which reads the loss back after every batch:
 *
 * - Each epoch the rows are shuffled with the seeded RNG; each batch is the next `batchSize`
 *   rows of that order, made as `batches.ts` says (gathered on a GPU backend from matrices
 *   uploaded once; copied on the host for WASM and CPU, whose tensors live there anyway). The
 *   validation part is uploaded once.
 * - A step is the hand-written forward and backward pass of `backprop.ts` (the same loss and
 *   gradient as TF.js's tape, with about 70 kernels instead of 166 per MLP step) and one
 *   `optimizer.applyGradients` on the flat parameter vector.
 * - The epoch's training loss and metric are running sums kept on the backend (Keras's
 *   convention: averaged over the epoch's batches, with dropout on); the validation loss and
 *   metric are computed once at the end of the epoch (in chunks, dropout off). All four are read
 *   back in one `await data()` per epoch.
 * - Between batches, the loop yields to the event loop about every 50 ms (so a worker hears a
 *   cancel request) and checks `signal`.
 *
 * Determinism: weights are drawn from the project's seeded RNG (He uniform before ReLU, Glorot
 * uniform otherwise; biases 0), the shuffle and the dropout seeds come from their own forks of
 * it, so the same data, settings, seed and backend give the same weights.
 *
 * Which weights are kept: with early stopping (patience > 0) those of the epoch with the best
 * monitored loss (the validation loss, or the training loss when the validation part is empty);
 * without it, those of the last epoch. A cancelled run returns the best epoch so far (or, when
 * no epoch has finished, the weights as they are), with `cancelled: true`. A run whose loss
 * becomes NaN or infinite stops and keeps the best epoch before it (`stoppedEarly: true`); if
 * that happens in the first epoch, it fails with a plain message.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { createRandom } from '../../random';
import type {
  Activation,
  DenseLayer,
  EpochRecord,
  ModelKind,
  DenseParameters,
  OptimizerName,
  Task,
  TrainingData,
  TrainProgress,
  TrainResult,
  TrainSettings,
} from '../types';
import { ModelError } from '../errors';
import { createYielder } from '../yielder';
import { checkTrainingData, rSquared, targetScale, totalSumOfSquares } from './common';
import type { NetworkShape } from './probe';
import { createBatches, hostMemoryBackend, type Batches } from './batches';
import { correctCount, networkForward, networkLayout, penaltyScale, summedLoss, trainingStep, type BatchTargets } from './backprop';

type TF = typeof tfjs;
type Tensor = tfjs.Tensor;
type Variable = tfjs.Variable;

export type NetworkKind = 'logistic-regression' | 'mlp';

export interface NetworkOptions {
  /** The TF.js instance, with its backend already chosen (see `backend.ts`). */
  tf: TF;
  /** Checked between batches; when aborted, training stops and returns the best model so far. */
  signal?: AbortSignal;
  /** Called at most about ten times a second during an epoch, and at the end of every epoch. */
  onProgress?: (progress: TrainProgress) => void;
}

export interface NetworkResult extends TrainResult<DenseParameters> {
  /** True when `signal` stopped the training. */
  cancelled: boolean;
}

/** The accepted ranges of the settings. */
export const SETTING_LIMITS = {
  epochs: { min: 1, max: 10_000 },
  learningRate: { min: 0, max: 10 },
  batchSize: { min: 1, max: 1_000_000 },
  hiddenLayers: { min: 1, max: 8 },
  units: { min: 1, max: 4096 },
  dropout: { min: 0, max: 0.9 },
} as const;

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid'];
const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop'];

/** How often the loop yields to the event loop, and how often it reports progress within an epoch. */
const YIELD_MS = 50;
const PROGRESS_MS = 100;
/** Validation is evaluated in chunks of at most this many activations (rows × widest layer). */
const CHUNK_ELEMENTS = 1 << 22;

/**
 * Refuses settings outside the accepted ranges, with a plain message. Only the settings the
 * kind uses are checked: hidden layers, activation and dropout only for the MLP.
 */
export function checkNetworkSettings(settings: TrainSettings): void {
  const { epochs, learningRate, batchSize, l2, patience, seed } = settings;
  const L = SETTING_LIMITS;
  if (!(Number.isInteger(epochs) && epochs >= L.epochs.min && epochs <= L.epochs.max)) {
    throw new ModelError(`Epochs must be a whole number from ${L.epochs.min} to ${L.epochs.max}.`);
  }
  if (!(learningRate > L.learningRate.min && learningRate <= L.learningRate.max)) {
    throw new ModelError(`The learning rate must be more than 0 and at most ${L.learningRate.max}.`);
  }
  if (!(Number.isInteger(batchSize) && batchSize >= L.batchSize.min && batchSize <= L.batchSize.max)) {
    throw new ModelError(`The batch size must be a whole number from 1 to ${L.batchSize.max.toLocaleString('en')}.`);
  }
  if (!(l2 >= 0 && Number.isFinite(l2))) {
    throw new ModelError('The L2 penalty must be a number of at least 0.');
  }
  if (!(Number.isInteger(patience) && patience >= 0)) {
    throw new ModelError('Patience must be a whole number of epochs, at least 0 (0 turns early stopping off).');
  }
  if (!Number.isFinite(seed)) {
    throw new ModelError('The seed must be a number.');
  }
  if (!OPTIMIZERS.includes(settings.optimizer)) {
    throw new ModelError(`The optimizer must be one of ${OPTIMIZERS.join(', ')}.`);
  }
  if (settings.kind !== 'mlp') return;
  const layers = settings.hiddenLayers;
  if (!(Array.isArray(layers) && layers.length >= L.hiddenLayers.min && layers.length <= L.hiddenLayers.max)) {
    throw new ModelError(`A neural network needs ${L.hiddenLayers.min} to ${L.hiddenLayers.max} hidden layers.`);
  }
  for (const units of layers) {
    if (!(Number.isInteger(units) && units >= L.units.min && units <= L.units.max)) {
      throw new ModelError(`Each hidden layer needs a whole number of units from ${L.units.min} to ${L.units.max}.`);
    }
  }
  if (!ACTIVATIONS.includes(settings.activation)) {
    throw new ModelError(`The activation must be one of ${ACTIVATIONS.join(', ')}.`);
  }
  if (!(settings.dropout >= L.dropout.min && settings.dropout <= L.dropout.max)) {
    throw new ModelError(`Dropout must be from ${L.dropout.min} to ${L.dropout.max}.`);
  }
}

/**
 * Settings that work on ordinary tabular data without tuning, for `rows` train rows: Adam,
 * up to 100 epochs with early stopping after 10 without improvement (more epochs for small data,
 * so there are at least about 3000 optimizer steps), batches of 32 to 256 rows growing with the
 * data. MLP: [64, 32] ReLU, learning rate 1e-3, no dropout, L2 1e-4. Logistic regression: learning
 * rate 0.05 up to 10 000 rows, 0.01 above, L2 1e-4. Linear regression: plain least squares
 * (L2 0). The loop settings of the closed-form models are unused but valid. Tree models:
 * scikit-learn's defaults (see below).
 */
export function defaultSettings(kind: ModelKind, task: Task, rows: number, seed = 0): TrainSettings {
  const n = Math.max(1, Math.floor(rows));
  // Tree models take scikit-learn's defaults; the network fields are unused but valid.
  const unused = { batchSize: 32, activation: 'relu' as const, dropout: 0, optimizer: 'adam' as const, seed };
  if (kind === 'gradient-boosted-trees') {
    // HistGradientBoosting: 100 iterations, learning rate 0.1, 31 leaves, no depth limit (0),
    // 20 rows per leaf, no L2, squared error for regression, early stopping after 10 iterations
    // without a better validation loss.
    return {
      ...unused, hiddenLayers: [], kind, epochs: 100, learningRate: 0.1, l2: 0, patience: 10,
      maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20, regressionLoss: 'squared-error',
    };
  }
  if (kind === 'random-forest') {
    // RandomForest: 100 trees on bootstrap samples, grown fully (no depth limit, 1 row per
    // leaf), √ of the features tried per split for classification and all for regression.
    return {
      ...unused, hiddenLayers: [], kind, epochs: 100, learningRate: 0.1, l2: 0, patience: 0,
      maxDepth: 0, minSamplesLeaf: 1, featuresPerSplit: task === 'classification' ? 'sqrt' : 'all', bootstrap: true,
    };
  }
  if (kind === 'decision-tree') {
    // DecisionTree: grown fully (no depth or leaf limit, 1 row per leaf), which overfits on
    // purpose; the depth curve shows it.
    return { ...unused, hiddenLayers: [], kind, epochs: 1, learningRate: 0.1, l2: 0, patience: 0, maxDepth: 0, maxLeaves: 0, minSamplesLeaf: 1 };
  }
  const batchSize = n <= 2_000 ? 32 : n <= 20_000 ? 64 : n <= 100_000 ? 128 : 256;
  const batches = Math.ceil(n / batchSize);
  // Enough optimizer steps to converge: an MLP needs more than logistic regression (measured
  // against scikit-learn: at 100 epochs a 1,000-row MLP was still improving). Early stopping
  // with patience 10 ends most runs long before the cap.
  const steps = kind === 'mlp' ? 10_000 : 3_000;
  const epochs = Math.min(1000, Math.max(100, Math.ceil(steps / batches / 10) * 10));
  return {
    kind,
    epochs,
    learningRate: kind === 'mlp' ? 1e-3 : n <= 10_000 ? 0.05 : 0.01,
    batchSize,
    hiddenLayers: kind === 'mlp' ? [64, 32] : [],
    activation: 'relu',
    dropout: 0,
    l2: kind === 'linear-regression' || kind === 'baseline' ? 0 : 1e-4,
    optimizer: 'adam',
    patience: 10,
    seed,
  };
}

/** The widths and activations of the network `settings` describe for `data`, and its batch size. */
export function networkShape(data: TrainingData, settings: TrainSettings): NetworkShape {
  const classification = data.target.task === 'classification';
  const hidden = settings.kind === 'mlp' ? settings.hiddenLayers : [];
  const sizes = [data.preprocessor.width, ...hidden, classification ? data.target.classes.length : 1];
  return {
    sizes,
    activations: sizes.slice(1).map((_, i) => (i < hidden.length ? settings.activation : 'linear')),
    batchSize: Math.max(1, Math.min(settings.batchSize, data.train.x.rows)),
    classification,
  };
}

/** Trains logistic regression or an MLP on `data` (see the module comment). */
export async function trainNetwork(
  data: TrainingData,
  settings: TrainSettings,
  options: NetworkOptions,
): Promise<NetworkResult> {
  const { tf, signal, onProgress } = options;
  const kind = settings.kind;
  if (kind !== 'logistic-regression' && kind !== 'mlp') {
    throw new ModelError(`${kind} is not trained by the neural-network loop.`);
  }
  const task = data.target.task;
  if (kind === 'logistic-regression' && task !== 'classification') {
    throw new ModelError('Logistic regression predicts classes; for a numeric target choose linear regression or a neural network.');
  }
  checkNetworkSettings(settings);
  checkTrainingData(data, task);
  const width = data.preprocessor.width;
  if (width === 0) throw new ModelError('There are no input features to learn from.');

  await tf.ready();
  const started = performance.now();
  const classification = task === 'classification';
  const hidden = kind === 'mlp' ? settings.hiddenLayers : [];
  const { sizes, activations } = networkShape(data, settings);
  const dropout = kind === 'mlp' ? settings.dropout : 0;
  const scale = classification ? null : targetScale(data.train.y);

  const random = createRandom(settings.seed);
  const initRandom = random.fork('init');
  const shuffleRandom = random.fork('shuffle');
  const dropoutRandom = random.fork('dropout');

  const nTrain = data.train.x.rows;
  const nValidation = data.validation.x.rows;
  const batchSize = Math.min(settings.batchSize, nTrain);
  const batches = Math.ceil(nTrain / batchSize);
  const sstTrain = scale ? totalSumOfSquares(data.train.y, scale.mean, scale.std) : 0;
  const sstValidation = scale ? totalSumOfSquares(data.validation.y, scale.mean, scale.std) : 0;

  const owned: Tensor[] = [];
  let trainBatches: Batches | null = null;
  const own = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const optimizer = makeOptimizer(tf, settings.optimizer, settings.learningRate);
  const yielder = createYielder();
  try {
    // Targets as the loss reads them: class indices, or the standardised value.
    const targetValues = (y: Float32Array) =>
      classification ? Int32Array.from(y) : Float32Array.from(y, (v) => (v - scale!.mean) / scale!.std);
    const targets = (y: Tensor): BatchTargets =>
      classification ? { kind: 'classes', labels: y as tfjs.Tensor1D } : { kind: 'values', values: y as tfjs.Tensor2D };
    const source = createBatches(tf, data.train.x, targetValues(data.train.y), hostMemoryBackend(tf.getBackend()));
    trainBatches = source;
    // The validation part, uploaded once and evaluated in chunks at each epoch's end.
    const validationY = targetValues(data.validation.y);
    const validation =
      nValidation > 0
        ? {
            x: own(tf.tensor2d(data.validation.x.values, [nValidation, width])),
            y: own(validationY instanceof Int32Array ? tf.tensor1d(validationY, 'int32') : tf.tensor2d(validationY, [nValidation, 1])),
          }
        : null;

    // Parameters, initialised from the seeded RNG, in one vector (see backprop.ts).
    const layout = networkLayout(sizes, activations);
    const initial = new Float32Array(layout.count);
    layout.offsets.forEach(({ weights }, i) => {
      const fanIn = sizes[i];
      const fanOut = sizes[i + 1];
      const limit = activations[i] === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      for (let k = weights; k < weights + fanIn * fanOut; k++) initial[k] = initRandom.uniform(-limit, limit);
    });
    const params = own(variableFrom(tf, tf.tensor1d(initial), true));
    const best = own(variableFrom(tf, params.clone(), false));
    const lossSum = own(variableFrom(tf, tf.scalar(0), false));
    const statSum = own(variableFrom(tf, tf.scalar(0), false));
    const penalty = settings.l2 > 0 ? own(penaltyScale(tf, layout, settings.l2)) : null;
    // Measured: WASM's transposed matrix products are the slow path (see backprop.ts).
    const transposeFree = tf.getBackend() === 'wasm';

    const order = Int32Array.from({ length: nTrain }, (_, i) => i);
    const curve: EpochRecord[] = [];
    let bestLoss = Infinity;
    let bestEpoch = 0;
    let stoppedEarly = false;
    let cancelled = false;
    let diverged = false;
    let lastYield = performance.now();
    let lastProgress = lastYield;

    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      shuffleRandom.shuffle(order);
      tf.tidy(() => {
        lossSum.assign(tf.zerosLike(lossSum));
        statSum.assign(tf.zerosLike(statSum));
      });
      for (let batch = 0; batch < batches; batch++) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        const start = batch * batchSize;
        const size = Math.min(batchSize, nTrain - start);
        const seeds = dropout > 0 ? hidden.map(() => dropoutRandom.uint32()) : [];
        tf.tidy(() => {
          const { x: xb, y: yb } = source.batch(order.subarray(start, start + size));
          const step = trainingStep(tf, params, layout, xb, targets(yb), {
            penalty,
            dropout: dropout > 0 ? { rate: dropout, seeds } : null,
            transposeFree,
          });
          optimizer.applyGradients([{ name: params.name, tensor: step.gradient }]);
          lossSum.assign(tf.add(lossSum, step.lossSum));
          if (step.correct) statSum.assign(tf.add(statSum, step.correct));
        });
        const now = performance.now();
        if (onProgress && now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          onProgress({ epoch, epochs: settings.epochs, batch: batch + 1, batches });
        }
        if (now - lastYield >= YIELD_MS) {
          await yielder.yield();
          lastYield = performance.now();
        }
      }
      if (cancelled) break;

      // End of epoch: validation, then one read of the four sums.
      const sums = tf.tidy(() => {
        let validationLoss: Tensor = tf.scalar(0);
        let validationStat: Tensor = tf.scalar(0);
        if (validation) {
          const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(...sizes)));
          for (let start = 0; start < nValidation; start += chunk) {
            const size = Math.min(chunk, nValidation - start);
            const whole = size === nValidation;
            const x = whole ? validation.x : tf.slice(validation.x, [start, 0], [size, width]);
            const y = whole ? validation.y : tf.slice(validation.y, start, size);
            const out = networkForward(tf, params, layout, x);
            validationLoss = tf.add(validationLoss, summedLoss(tf, out, targets(y)));
            if (classification) validationStat = tf.add(validationStat, correctCount(tf, out, y as tfjs.Tensor1D));
          }
        }
        return tf.stack([lossSum, statSum, validationLoss, validationStat]);
      });
      const [trainLossSum, trainCorrect, validationLossSum, validationCorrect] = await sums.data();
      sums.dispose();

      const record: EpochRecord = {
        epoch,
        trainLoss: trainLossSum / nTrain,
        validationLoss: nValidation > 0 ? validationLossSum / nValidation : NaN,
        trainMetric: classification ? trainCorrect / nTrain : rSquared(trainLossSum, sstTrain, nTrain),
        validationMetric:
          nValidation === 0
            ? NaN
            : classification
              ? validationCorrect / nValidation
              : rSquared(validationLossSum, sstValidation, nValidation),
      };
      const monitored = nValidation > 0 ? record.validationLoss : record.trainLoss;
      if (!Number.isFinite(record.trainLoss) || !Number.isFinite(monitored)) {
        if (bestEpoch === 0) {
          throw new ModelError(
            `The loss became ${Number.isNaN(monitored) || Number.isNaN(record.trainLoss) ? 'NaN' : 'infinite'} in epoch ${epoch}: training diverged. Try a smaller learning rate.`,
          );
        }
        diverged = true;
        stoppedEarly = true;
        break;
      }
      curve.push(record);
      if (monitored < bestLoss) {
        bestLoss = monitored;
        bestEpoch = epoch;
        best.assign(params);
      }
      onProgress?.({ epoch, epochs: settings.epochs, batch: batches, batches, record });
      lastProgress = performance.now();
      if (settings.patience > 0 && epoch - bestEpoch >= settings.patience) {
        stoppedEarly = epoch < settings.epochs;
        break;
      }
      if (performance.now() - lastYield >= YIELD_MS) {
        await yielder.yield();
        lastYield = performance.now();
      }
    }

    const lastEpoch = curve.length;
    const keepBest = bestEpoch > 0 && (cancelled || diverged || settings.patience > 0);
    const values = await (keepBest ? best : params).data();
    const layers: DenseLayer[] = activations.map((activation, i) => ({
      inputs: sizes[i],
      outputs: sizes[i + 1],
      weights: Float32Array.from(values.subarray(layout.offsets[i].weights, layout.offsets[i].bias)),
      bias: Float32Array.from(values.subarray(layout.offsets[i].bias, layout.offsets[i].bias + sizes[i + 1])),
      activation,
    }));
    const parameters: DenseParameters = { kind, task, layers, outputScale: scale };
    return {
      parameters,
      curve,
      bestEpoch: keepBest ? bestEpoch : lastEpoch,
      stoppedEarly,
      cancelled,
      backend: tf.getBackend(),
      durationMs: performance.now() - started,
    };
  } finally {
    yielder.close();
    optimizer.dispose();
    tf.dispose(owned);
    trainBatches?.dispose();
  }
}

/** A variable holding `initial`'s values; `initial` itself is disposed. */
function variableFrom(tf: TF, initial: Tensor, trainable: boolean): Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

function makeOptimizer(tf: TF, name: OptimizerName, learningRate: number): tfjs.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}
