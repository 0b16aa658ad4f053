/**
 * A forest's training curve, one record per tree: the train and validation loss and metric of
 * the forest of the first t trees (their class shares or values averaged), so the Train step can
 * draw a forest growing as it draws a network's epochs. The loss and metric are the studio's
 * others (mean log loss with probabilities clamped, and accuracy; squared error over the train
 * target's variance, and R²), so the curves of all models read alike.
 *
 * Each part keeps the running sum of its rows' leaf values, so adding a tree costs one walk of
 * each row down that tree. The train rows walk the binned matrix the tree was grown on (every
 * threshold is a bin edge, so the binned and raw walks agree); the validation rows walk their
 * raw values, as the exported model will.
 *
 * The train scores include the rows each tree was grown on, so they flatter the forest (a fully
 * grown tree fits its own rows exactly); the gap to validation is the lesson, and the out-of-bag
 * score is the honest train-side figure.
 */
import { classificationScores, regressionScores } from '../models/common';
import type { EpochRecord, LabelledMatrix } from '../types';
import type { BinnedMatrix } from './binning';
import { cartLeafOfBinned, type CartTree } from './cart';

export class ForestCurve {
  readonly #trainSums: Float64Array;
  readonly #validationSums: Float64Array;
  readonly #shares: Float64Array;
  #trees = 0;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly train: LabelledMatrix,
    private readonly validation: LabelledMatrix,
    private readonly outputs: number,
    private readonly classification: boolean,
    /** The train target's standard deviation, which scales the regression loss. */
    private readonly std: number,
  ) {
    this.#trainSums = new Float64Array(train.x.rows * outputs);
    this.#validationSums = new Float64Array(validation.x.rows * outputs);
    this.#shares = new Float64Array(Math.max(train.x.rows, validation.x.rows) * outputs);
  }

  /** Adds a grown tree and returns the record of the forest so far (`epoch` = trees). */
  add(tree: CartTree): EpochRecord {
    const k = this.outputs;
    const values = tree.values;
    for (let i = 0; i < this.train.x.rows; i++) {
      const leaf = cartLeafOfBinned(tree, this.binned, i) * k;
      for (let o = 0; o < k; o++) this.#trainSums[i * k + o] += values[leaf + o];
    }
    const { rows, width, values: x } = this.validation.x;
    for (let i = 0; i < rows; i++) {
      let node = 0;
      while (tree.feature[node] >= 0) {
        const v = x[i * width + tree.feature[node]];
        const goLeft = v !== v ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
        node = goLeft ? tree.left[node] : tree.right[node];
      }
      for (let o = 0; o < k; o++) this.#validationSums[i * k + o] += values[node * k + o];
    }
    this.#trees++;
    const train = this.#scores(this.#trainSums, this.train.y);
    const validation = this.#scores(this.#validationSums, this.validation.y);
    return { epoch: this.#trees, trainLoss: train.loss, validationLoss: validation.loss, trainMetric: train.metric, validationMetric: validation.metric };
  }

  #scores(sums: Float64Array, y: Float32Array): { loss: number; metric: number } {
    const answers = this.#shares.subarray(0, sums.length);
    for (let i = 0; i < sums.length; i++) answers[i] = sums[i] / this.#trees;
    return this.classification ? classificationScores(answers, this.outputs, y) : regressionScores(answers, y, this.std);
  }
}
