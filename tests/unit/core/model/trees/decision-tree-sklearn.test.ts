/**
 * The decision tree against scikit-learn's DecisionTree, same rows, default settings on both
 * sides (no depth limit, one row per leaf) and at depth 5: validation accuracy or R². The
 * datasets (tests/unit/helpers/sklearn_reference.py): generated ones with fixed seeds (3,000
 * train and 1,500 validation rows of 12 features; one binary with 15 % of the cells missing),
 * and the classic ones scikit-learn ships: breast cancer (also with missing cells and a text
 * column), digits (10 classes), wine (3 classes), diabetes (regression).
 *
 * Tolerances, one-sided (scoring above scikit-learn is no bug), and why:
 * - Depth 5: one point. Both trees are deterministic; they differ only in where a threshold
 *   may fall (our 255 train-quantile bins against every midpoint).
 * - No depth limit: two points. A fully grown tree is the highest-variance model there is:
 *   scikit-learn's own seeds (which only break ties between equal splits) move it by about a
 *   point on the generated sets, and binned thresholds change which rows end up alone in the
 *   deep leaves.
 * - Where one validation row weighs more than a point (wine: 60 rows), one row.
 * With missing cells scikit-learn (this version) gets the train means plus missing indicators,
 * since its trees refuse NaN; ours learn where missing values go. That costs the fully grown
 * tree about 1.7 points on the generated set (0.747 against 0.765; at depth 5 and 8 the two are
 * level): deep nodes learn a direction from a handful of missing rows. Fed the same imputed
 * matrix, ours scores as scikit-learn's, which the test checks too (one point), so the gap is
 * the missing-value strategy, not the learner. Skipped, with a message, where /usr/bin/python3
 * has no scikit-learn.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { trainDecisionTree } from '$src/core/model/trees/decision-tree';
import type { LabelledMatrix, TrainingData } from '$src/core/model/types';
import { ALL_DATASETS, hasSklearn, oneRow, reference, scratchFolder, validationScore } from '../../../helpers/sklearn';

const available = hasSklearn('decision-tree-sklearn');
const scratch = scratchFolder('tree-sklearn');
afterAll(scratch.remove);


/** Each column's missing cells replaced by its train mean, plus one 0/1 missing indicator per column (SimpleImputer's add_indicator). */
function imputed(data: TrainingData): TrainingData {
  const { rows, width, values } = data.train.x;
  const means = Array.from({ length: width }, (_, j) => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < rows; i++) {
      const v = values[i * width + j];
      if (v === v) {
        sum += v;
        count++;
      }
    }
    return sum / count;
  });
  const part = (m: LabelledMatrix): LabelledMatrix => {
    const out = new Float32Array(m.x.rows * 2 * width);
    for (let i = 0; i < m.x.rows; i++) {
      for (let j = 0; j < width; j++) {
        const v = m.x.values[i * width + j];
        out[i * 2 * width + j] = v === v ? v : means[j];
        out[i * 2 * width + width + j] = v === v ? 0 : 1;
      }
    }
    return { x: { rows: m.x.rows, width: 2 * width, values: out }, y: m.y };
  };
  return { ...data, preprocessor: { ...data.preprocessor, width: 2 * width }, train: part(data.train), validation: part(data.validation) };
}

describe.skipIf(!available)('decision tree against scikit-learn', () => {
  for (const d of ALL_DATASETS) {
    it(`${d.name}: depth 5 within a point, no depth limit within two, of DecisionTree's`, () => {
      for (const [model, maxDepth, tolerance] of [['tree-depth5', 5, 0.01], ['tree', null, 0.02]] as const) {
        const ref = reference(scratch.dir, d, model);
        const ours = validationScore(trainDecisionTree(ref.data, { maxDepth }).ensemble, ref.data);
        console.log(`decision-tree-sklearn ${d.name} ${model}: studio ${ours.toFixed(4)}, scikit-learn ${ref.scores[0].toFixed(4)}`);
        expect(ours).toBeGreaterThanOrEqual(ref.scores[0] - Math.max(tolerance, oneRow(ref.data)));
        if (d.name === 'binary-missing' && maxDepth === null) {
          const same = imputed(ref.data);
          const oursImputed = validationScore(trainDecisionTree(same).ensemble, same);
          console.log(`decision-tree-sklearn ${d.name} ${model} on the imputed matrix: studio ${oursImputed.toFixed(4)}`);
          expect(oursImputed).toBeGreaterThanOrEqual(ref.scores[0] - 0.01);
        }
      }
    }, 60_000);
  }
});
