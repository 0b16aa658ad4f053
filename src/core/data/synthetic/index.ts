/**
 * Synthetic teaching datasets: a registry of generators for the Data step's "Generate" form,
 * and one entry point, `generateSynthetic(id, options)`, that returns a `ParsedTable` like any
 * ingested file. Same id, seed and options → the same table, byte for byte.
 */
import type { ParsedTable } from '../columns';
import { blobsOptions, generateBlobs } from './blobs';
import { classificationOptions, generateClassification } from './classification';
import { SyntheticOptionsError, type SyntheticOptions, type SyntheticOptionSpec } from './common';
import { generateRegression, regressionOptions } from './regression';

export type { SyntheticOptionName, SyntheticOptions, SyntheticOptionSpec } from './common';
export { SyntheticOptionsError } from './common';
export { generateBlobs } from './blobs';
export { generateClassification } from './classification';
export { generateRegression } from './regression';

export type SyntheticId = 'classification' | 'regression' | 'blobs';

export interface SyntheticGenerator {
  id: SyntheticId;
  /** Name shown in the form. */
  label: 'Classification' | 'Regression' | 'Blobs';
  /** One or two sentences on what the data looks like. */
  description: string;
  /** Name of the target column the generator writes. */
  target: string;
  /** The task the target suits. */
  task: 'classification' | 'regression';
  /** The options it takes, in form order, with defaults and ranges. */
  options: readonly SyntheticOptionSpec[];
  /** Generates the table; throws an Error with a plain message for invalid options. */
  generate(options?: SyntheticOptions): ParsedTable;
}

export const syntheticGenerators: readonly SyntheticGenerator[] = [
  {
    id: 'classification',
    label: 'Classification',
    description:
      'Classes around the corners of a cube in the informative features x1 … (about 60 % of them), followed by redundant mixes of those and pure-noise features, plus a text column "segment" that goes with the class. Target "label": class_0, class_1, …',
    target: 'label',
    task: 'classification',
    options: classificationOptions,
    generate: generateClassification,
  },
  {
    id: 'regression',
    label: 'Regression',
    description:
      'Target "y" is a linear function of the first features (about 60 %) plus a mild curve in x1, a shift by the text column "segment", and Gaussian noise; the remaining features are pure noise.',
    target: 'y',
    task: 'regression',
    options: regressionOptions,
    generate: generateRegression,
  },
  {
    id: 'blobs',
    label: 'Blobs',
    description:
      'Round Gaussian clusters with centres anywhere in a box from −10 to 10, for clustering or an easy classification. Target "cluster": c0, c1, …',
    target: 'cluster',
    task: 'classification',
    options: blobsOptions,
    generate: generateBlobs,
  },
];

/** The generator with this id; throws for an unknown id. */
export function getSyntheticGenerator(id: SyntheticId): SyntheticGenerator {
  const generator = syntheticGenerators.find((g) => g.id === id);
  if (!generator) throw new SyntheticOptionsError(`There is no synthetic dataset called "${String(id)}".`);
  return generator;
}

/** The default value of every option the generator takes. */
export function defaultSyntheticOptions(id: SyntheticId): Required<Pick<SyntheticOptions, 'rows' | 'features' | 'seed'>> &
  SyntheticOptions {
  const options: SyntheticOptions = {};
  for (const spec of getSyntheticGenerator(id).options) options[spec.name] = spec.default;
  return options as Required<Pick<SyntheticOptions, 'rows' | 'features' | 'seed'>> & SyntheticOptions;
}

/**
 * Generates a synthetic dataset. Options left out take their defaults; options the generator
 * does not take are ignored; an unknown option name or a value out of range throws an Error
 * whose message says what is allowed, e.g. 'Rows must be a whole number between 1 and 2,000,000.'
 */
export function generateSynthetic(id: SyntheticId, options: SyntheticOptions = {}): ParsedTable {
  return getSyntheticGenerator(id).generate(options);
}
