/**
 * The decision tree's lesson on over- and underfitting: the train and validation loss and metric
 * of the tree cut at each depth 1, 2, … its full depth, as one curve (`epoch` = depth; one point
 * for a tree that is a single leaf).
 *
 * No tree is trained again. Grown depth-first without a leaf limit, a node's split depends only
 * on its own rows, so the tree trained with Max depth d is exactly this tree cut at depth d (a
 * node at depth d answering with its own class shares or mean, which `DecisionTreeNodes` keeps
 * for every node). With Max leaves set the tree grew best-first and the cut is only close.
 *
 * Loss and metric are what the studio's other curves show (../models/common.ts): mean log loss
 * (probabilities clamped as everywhere) and accuracy; for regression the squared error over the
 * train target's variance, and R².
 */
import { MIN_PROBABILITY, rSquared, targetScale, totalSumOfSquares } from '../models/common';
import type { EpochRecord, LabelledMatrix, TrainingData } from '../types';
import type { DecisionTreeResult } from './decision-tree';

export function depthCurve(result: DecisionTreeResult, data: TrainingData): EpochRecord[] {
  const classification = data.target.task === 'classification';
  const std = targetScale(data.train.y).std;
  const train = partByDepth(result, data.train, classification, std);
  const validation = partByDepth(result, data.validation, classification, std);
  return Array.from({ length: Math.max(1, result.depth) }, (_, d) => ({
    epoch: d + 1,
    trainLoss: train.loss[d],
    validationLoss: validation.loss[d],
    trainMetric: train.metric[d],
    validationMetric: validation.metric[d],
  }));
}

/** Per depth 1 … D, the part's loss and metric under the tree cut there. */
function partByDepth(result: DecisionTreeResult, part: LabelledMatrix, classification: boolean, std: number): { loss: Float64Array; metric: Float64Array } {
  // A tree that is a single leaf still has one point: the root's answer.
  const D = Math.max(1, result.depth);
  const { values, outputs } = result.nodes;
  const tree = result.ensemble.trees[0].tree;
  const { rows: n, width, values: x } = part.x;
  const loss = new Float64Array(D);
  const hits = new Float64Array(D);
  const path = new Int32Array(D + 1);
  const most = -Math.log(MIN_PROBABILITY);
  for (let i = 0; i < n; i++) {
    let node = 0;
    let length = 0;
    path[0] = 0;
    while (tree.feature[node] >= 0) {
      const v = x[i * width + tree.feature[node]];
      const goLeft = v !== v ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
      node = goLeft ? tree.left[node] : tree.right[node];
      path[++length] = node;
    }
    const y = part.y[i];
    for (let d = 1; d <= D; d++) {
      const at = path[Math.min(d, length)] * outputs;
      if (classification) {
        loss[d - 1] += Math.min(most, -Math.log(Math.max(MIN_PROBABILITY, values[at + y])));
        let best = 0;
        for (let k = 1; k < outputs; k++) if (values[at + k] > values[at + best]) best = k;
        if (best === y) hits[d - 1]++;
      } else {
        const e = values[at] - y;
        loss[d - 1] += e * e;
      }
    }
  }
  const metric = new Float64Array(D);
  const total = classification ? 0 : totalSumOfSquares(part.y);
  for (let d = 0; d < D; d++) {
    metric[d] = n === 0 ? NaN : classification ? hits[d] / n : rSquared(loss[d], total, n);
    loss[d] = n === 0 ? NaN : classification ? loss[d] / n : loss[d] / n / (std * std);
  }
  return { loss, metric };
}
