/**
 * Synthetic blobs: isotropic Gaussian clusters, for clustering and for easy classification.
 *
 * - Cluster centres are drawn uniformly in the box [−10, 10] in every feature.
 * - Each row belongs to one cluster and scatters around its centre with sd 1 + noise in every
 *   feature, independently.
 * - Features `x1` … `xF` are all numbers; the target `cluster` is text `c0` … `c{K−1}`.
 * - Cluster sizes follow `imbalance` (see `SyntheticOptions.imbalance`); `c0` is the largest.
 */
import type { ParsedTable } from '../columns';
import { createRandom } from '../../random';
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
  resolveOptions,
  rowsOption,
  seedOption,
  textColumn,
  type NamedColumn,
  type SyntheticOptions,
  type SyntheticOptionSpec,
} from './common';

/** Cluster centres lie in [−BOX, BOX] in every feature. */
export const BOX = 10;

export const blobsOptions: readonly SyntheticOptionSpec[] = [
  rowsOption,
  featuresOption(2, 'How many numeric feature columns.'),
  classesOption('Clusters', 3, 'How many clusters.'),
  noiseOption(0, 10, 0.1, 'Extra spread: each cluster has standard deviation 1 + noise in every feature.'),
  imbalanceOption(
    'How unequal the clusters are: 0 gives equal clusters; each further cluster gets (1 − imbalance) times the rows of the one before.',
  ),
  missingShareOption,
  seedOption,
];

/** Names of the clusters: `c0` … `c{k−1}`. */
export function clusterNames(clusters: number): string[] {
  return Array.from({ length: clusters }, (_, k) => `c${k}`);
}

/** Generates a blobs table; throws an Error with a plain message for invalid options. */
export function generateBlobs(options?: SyntheticOptions): ParsedTable {
  const o = resolveOptions(blobsOptions, options);
  const { rows, features: dims, classes } = o;
  const root = createRandom(o.seed).fork('synthetic:blobs');

  const centreRandom = root.fork('centres');
  const centres = new Float64Array(classes * dims);
  for (let i = 0; i < centres.length; i++) centres[i] = centreRandom.uniform(-BOX, BOX);

  const cluster = assignClasses(rows, classCounts(rows, classes, o.imbalance), root.fork('labels'));
  const sd = 1 + o.noise;
  const features: NamedColumn[] = [];
  for (let j = 0; j < dims; j++) {
    const random = root.fork(`x:${j}`);
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = centres[cluster[i] * dims + j] + sd * random.normal();
    features.push({ name: `x${j + 1}`, values: column });
  }

  return buildTable(
    rows,
    features,
    { name: 'cluster', values: textColumn(cluster, clusterNames(classes)) },
    o.missingShare,
    root.fork('missing'),
    describe('blobs', o, classDetails(classes, 'clusters', o)),
  );
}
