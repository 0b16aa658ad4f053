/**
 * Synthetic classification data, in the spirit of scikit-learn's `make_classification`.
 *
 * Layout of the table (`features` = F):
 * - With F ≥ 3 the last feature is a text column `segment` ('A', 'B', 'C') that goes with the
 *   class: a row of class k is in segment 'ABC'[k mod 3] with probability 0.6, otherwise in a
 *   segment chosen uniformly (so in its class's segment about 73 % of the time). The other
 *   P = F − 1 features are numbers; with F < 3 all P = F features are numbers.
 * - Numeric features are named `x1` … `xP`, in this order:
 *   informative `x1` … `xI` with I = ceil(0.6 · P); then redundant ones, R = floor((P − I + 1) / 2),
 *   each a linear combination of up to three informative features (weights ±0.5 … 1.5) plus a
 *   little independent noise (sd 0.1, so no two columns are exactly collinear); then pure noise,
 *   standard normal, unrelated to the class.
 * - Each class has a centre in the informative subspace: distinct vertices of a hypercube of
 *   side 2 · CLASS_SEP (when there are fewer vertices than classes, points of a regular grid with
 *   the same spacing). Rows of a class scatter around its centre with sd 1 + noise.
 * - Target `label`: text `class_0` … `class_{K−1}`. Class sizes follow `imbalance` (see
 *   `SyntheticOptions.imbalance`); class 0 is the largest. Then exactly round(noise · rows)
 *   rows, chosen at random, get a different class chosen uniformly (label noise, as sklearn's
 *   `flip_y`), which makes the observed sizes a little more even.
 */
import type { ParsedTable } from '../columns';
import { createRandom, type Random } from '../../random';
import {
  assignClasses,
  buildTable,
  classDetails,
  classCounts,
  classesOption,
  describe,
  featuresOption,
  imbalanceOption,
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

/** Half the side of the hypercube whose vertices are the class centres. */
export const CLASS_SEP = 1;

/** Probability that a row's segment is its class's own segment before the uniform fallback. */
const SEGMENT_AFFINITY = 0.6;
const SEGMENTS = ['A', 'B', 'C'] as const;

export const classificationOptions: readonly SyntheticOptionSpec[] = [
  rowsOption,
  featuresOption(
    5,
    'How many feature columns: about 60 % informative, some redundant, the rest pure noise; from 3 on, one of them is the text column "segment".',
  ),
  classesOption('Classes', 3, 'How many classes the label has.'),
  noiseOption(
    0.05,
    0.5,
    0.01,
    'Share of labels flipped to another class at random; the points also spread more around their class centre (sd 1 + noise).',
  ),
  imbalanceOption(
    'How unequal the classes are: 0 gives equal classes; each further class gets (1 − imbalance) times the rows of the one before.',
  ),
  missingShareOption,
  seedOption,
];

/** Names of the classes: `class_0` … `class_{k−1}`. */
export function classNames(classes: number): string[] {
  return Array.from({ length: classes }, (_, k) => `class_${k}`);
}

/** How the numeric features split into informative, redundant and noise columns. */
export function classificationLayout(features: number): {
  numeric: number;
  informative: number;
  redundant: number;
  noise: number;
  segment: boolean;
} {
  const segment = features >= 3;
  const numeric = segment ? features - 1 : features;
  const informative = Math.max(1, Math.ceil(numeric * 0.6));
  const redundant = Math.floor((numeric - informative + 1) / 2);
  return { numeric, informative, redundant, noise: numeric - informative - redundant, segment };
}

/**
 * `classes` distinct centres in `dims` dimensions, row-major (class k at [k·dims, (k+1)·dims)):
 * points of a grid with `levels` values per axis spaced 2·sep apart and centred on 0, where
 * `levels` is the smallest number ≥ 2 with levels^dims ≥ classes (2 levels: hypercube vertices).
 */
export function classCentres(classes: number, dims: number, sep: number, random: Random): Float64Array {
  let levels = 2;
  while (levels ** dims < classes) levels++;
  const centres = new Float64Array(classes * dims);
  const used = new Set<string>();
  const digits = new Array<number>(dims);
  for (let k = 0; k < classes; ) {
    for (let j = 0; j < dims; j++) digits[j] = random.int(levels);
    const key = digits.join(',');
    if (used.has(key)) continue;
    used.add(key);
    for (let j = 0; j < dims; j++) centres[k * dims + j] = (digits[j] - (levels - 1) / 2) * 2 * sep;
    k++;
  }
  return centres;
}

/** Generates a classification table; throws an Error with a plain message for invalid options. */
export function generateClassification(options?: SyntheticOptions): ParsedTable {
  const o = resolveOptions(classificationOptions, options);
  const { rows, classes } = o;
  const layout = classificationLayout(o.features);
  const root = createRandom(o.seed).fork('synthetic:classification');

  const centres = classCentres(classes, layout.informative, CLASS_SEP, root.fork('centres'));
  const truth = assignClasses(rows, classCounts(rows, classes, o.imbalance), root.fork('labels'));

  const numeric: Float64Array[] = [];
  const spread = 1 + o.noise;
  const I = layout.informative;
  for (let j = 0; j < I; j++) {
    const random = root.fork(`informative:${j}`);
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = centres[truth[i] * I + j] + spread * random.normal();
    numeric.push(column);
  }
  for (let r = 0; r < layout.redundant; r++) {
    const random = root.fork(`redundant:${r}`);
    const sources = random.shuffle(Array.from({ length: I }, (_, j) => j)).slice(0, 3);
    const weights = sources.map(() => (random.next() < 0.5 ? -1 : 1) * random.uniform(0.5, 1.5));
    const column = normalColumn(rows, random, 0.1);
    sources.forEach((source, s) => {
      const from = numeric[source];
      const w = weights[s];
      for (let i = 0; i < rows; i++) column[i] += w * from[i];
    });
    numeric.push(column);
  }
  for (let z = 0; z < layout.noise; z++) numeric.push(normalColumn(rows, root.fork(`noise:${z}`)));

  const features: NamedColumn[] = numeric.map((values, j) => ({ name: `x${j + 1}`, values }));

  if (layout.segment) {
    const random = root.fork('segment');
    const segment = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      segment[i] = random.next() < SEGMENT_AFFINITY ? truth[i] % 3 : random.int(3);
    }
    features.push({ name: 'segment', values: textColumn(segment, SEGMENTS) });
  }

  // Label noise: exactly round(noise · rows) rows get another class (selection sampling).
  const observed = truth.slice();
  const flip = root.fork('flip');
  let wanted = Math.round(o.noise * rows);
  for (let i = 0; i < rows && wanted > 0; i++) {
    if (flip.next() * (rows - i) < wanted) {
      observed[i] = (truth[i] + 1 + flip.int(classes - 1)) % classes;
      wanted--;
    }
  }

  return buildTable(
    rows,
    features,
    { name: 'label', values: textColumn(observed, classNames(classes)) },
    o.missingShare,
    root.fork('missing'),
    describe('classification', o, classDetails(classes, 'classes', o)),
  );
}
