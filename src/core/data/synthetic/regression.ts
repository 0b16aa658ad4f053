/**
 * Synthetic regression data: a target that is mostly a linear function of some features.
 *
 * Layout of the table (`features` = F):
 * - With F ≥ 3 the last feature is a text column `segment` ('A', 'B', 'C', uniformly at random)
 *   that shifts the target's mean: 'A' by −d, 'B' by 0, 'C' by +d, with d the mean absolute
 *   coefficient. The other P = F − 1 features (all F when F < 3) are numbers.
 * - Numeric features `x1` … `xP` are independent standard normal. The first I = ceil(0.6 · P)
 *   are informative, each with a coefficient of size 1 … 5 and random sign; the rest are
 *   pure noise, unrelated to the target.
 * - Target `y` = intercept (uniform in −10 … 10) + Σ c_j · x_j + q · (x1² − 1) + segment shift
 *   + Gaussian noise with sd `noise`. The mild nonlinear term has q = |c| / (4·√2), with |c| the
 *   length of the coefficient vector, so it carries about 6 % of the variance of the signal
 *   (1/16 of the linear part): a straight line fits well, a curve fits a little better.
 */
import type { ParsedTable } from '../columns';
import { createRandom } from '../../random';
import {
  buildTable,
  describe,
  featuresOption,
  missingShareOption,
  noiseOption,
  normalColumn,
  resolveOptions,
  rowsOption,
  seedOption,
  textColumn,
  type NamedColumn,
  type SyntheticOptions,
  type SyntheticOptionSpec,
} from './common';

const SEGMENTS = ['A', 'B', 'C'] as const;

export const regressionOptions: readonly SyntheticOptionSpec[] = [
  rowsOption,
  featuresOption(
    5,
    'How many feature columns: about 60 % informative, the rest pure noise; from 3 on, one of them is the text column "segment".',
  ),
  noiseOption(1, 100, 0.1, 'Standard deviation of the Gaussian noise added to the target.'),
  missingShareOption,
  seedOption,
];

/** How the features split: numeric columns, informative among them, and the segment column. */
export function regressionLayout(features: number): { numeric: number; informative: number; segment: boolean } {
  const segment = features >= 3;
  const numeric = segment ? features - 1 : features;
  return { numeric, informative: Math.max(1, Math.ceil(numeric * 0.6)), segment };
}

/** Generates a regression table; throws an Error with a plain message for invalid options. */
export function generateRegression(options?: SyntheticOptions): ParsedTable {
  const o = resolveOptions(regressionOptions, options);
  const { rows } = o;
  const layout = regressionLayout(o.features);
  const root = createRandom(o.seed).fork('synthetic:regression');

  const model = root.fork('model');
  const intercept = model.uniform(-10, 10);
  const coefficients = Array.from(
    { length: layout.informative },
    () => (model.next() < 0.5 ? -1 : 1) * model.uniform(1, 5),
  );
  const meanAbs = coefficients.reduce((sum, c) => sum + Math.abs(c), 0) / coefficients.length;
  // Var(q · (x1² − 1)) = 2q² = |c|² / 16: the curve carries about 6 % of the signal's variance.
  const curvature = Math.hypot(...coefficients) / (4 * Math.SQRT2);

  const numeric: Float64Array[] = [];
  for (let j = 0; j < layout.numeric; j++) numeric.push(normalColumn(rows, root.fork(`x:${j}`)));

  const y = new Float64Array(rows).fill(intercept);
  for (let j = 0; j < layout.informative; j++) {
    const x = numeric[j];
    const c = coefficients[j];
    for (let i = 0; i < rows; i++) y[i] += c * x[i];
  }
  const x1 = numeric[0];
  for (let i = 0; i < rows; i++) y[i] += curvature * (x1[i] * x1[i] - 1);

  const features: NamedColumn[] = numeric.map((values, j) => ({ name: `x${j + 1}`, values }));
  if (layout.segment) {
    const random = root.fork('segment');
    const segment = new Uint8Array(rows);
    const shifts = [-meanAbs, 0, meanAbs];
    for (let i = 0; i < rows; i++) {
      const s = random.int(3);
      segment[i] = s;
      y[i] += shifts[s];
    }
    features.push({ name: 'segment', values: textColumn(segment, SEGMENTS) });
  }

  if (o.noise > 0) {
    const random = root.fork('noise');
    for (let i = 0; i < rows; i++) y[i] += o.noise * random.normal();
  }

  return buildTable(
    rows,
    features,
    { name: 'y', values: y },
    o.missingShare,
    root.fork('missing'),
    describe('regression', o, [`noise ${o.noise}`]),
  );
}
