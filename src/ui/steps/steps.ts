/**
 * The thirteen workflow steps: the same words name a step in the navigation, in its address
 * (`#/explore`), in its heading and in the folder of its code. Each intro is two or three plain
 * sentences on what the step does and why it matters, because the studio is used to teach.
 */
import type { StepId } from '../../state/step-ids';

export type { StepId };

export type Phase = 'Data engineering' | 'Model engineering' | 'Deployment';

/** What a step needs before it can run; the studio says so and links to the step that provides it. */
export type Requirement = 'data' | 'split' | 'model';

export interface StepDefinition {
  id: StepId;
  name: string;
  phase: Phase;
  intro: string;
  requires: Requirement | null;
}

export const steps: readonly StepDefinition[] = [
  {
    id: 'data', name: 'Data', phase: 'Data engineering', requires: null,
    intro: 'Every machine-learning project starts with data. Load a file of your own, a bundled sample or a synthetic set; the studio reads it in the background, works out the type of each column from every row, and tells you about anything odd it finds. Your data never leaves this browser.',
  },
  {
    id: 'explore', name: 'Explore', phase: 'Data engineering', requires: 'data',
    intro: 'Before modelling, look at what you have. A profile of every column (types, missing values, ranges, distributions) shows problems early, when they are cheap to fix.',
  },
  {
    id: 'validate', name: 'Validate', phase: 'Data engineering', requires: 'data',
    intro: 'Validation writes down what you expect of the data as rules (not missing, in range, one of a set of values) and counts the rows that break them. The same rules later guard the predictions you serve.',
  },
  {
    id: 'clean', name: 'Clean', phase: 'Data engineering', requires: 'data',
    intro: 'Cleaning fixes what the profile and the rules found: filling in missing values, removing duplicates, taming outliers. Each change is a step in a recipe that can be undone and replayed, so the raw data is never lost.',
  },
  {
    id: 'label', name: 'Label', phase: 'Data engineering', requires: 'data',
    intro: 'Supervised learning needs a label for every example. Label rows by a rule or one by one by hand; the labels become a column the model learns to predict.',
  },
  {
    id: 'split', name: 'Split', phase: 'Data engineering', requires: 'data',
    intro: 'A model is judged on data it has never seen. Splitting sets aside a validation part for choosing between models and a test part that is opened only once, at the end.',
  },
  {
    id: 'train', name: 'Train', phase: 'Model engineering', requires: 'split',
    intro: 'Training fits a model to the train part: it prepares the features, then adjusts the model\'s weights to reduce its error, epoch by epoch. Start with a simple baseline so you know what "good" means.',
  },
  {
    id: 'evaluate', name: 'Evaluate', phase: 'Model engineering', requires: 'model',
    intro: 'Evaluation measures a trained model on the validation part, with metrics and charts that show where it goes wrong. Compare it with the baseline before trusting it.',
  },
  {
    id: 'test', name: 'Test', phase: 'Model engineering', requires: 'model',
    intro: 'The acceptance test scores the chosen model once on the held-out test part and compares it with the bar you set. Testing only once keeps the result an honest estimate of how the model will do on new data.',
  },
  {
    id: 'package', name: 'Package', phase: 'Model engineering', requires: 'model',
    intro: 'Packaging turns the model and its preprocessing into one portable ONNX file that other tools can run. The studio checks that the file predicts exactly what the trained model predicts before you ship it.',
  },
  {
    id: 'serve', name: 'Serve', phase: 'Deployment', requires: 'model',
    intro: 'Serving uses the packaged model to make predictions for new rows, one at a time or a whole file. This is what a deployed model does all day.',
  },
  {
    id: 'monitor', name: 'Monitor', phase: 'Deployment', requires: 'model',
    intro: 'The world changes after a model ships. Monitoring compares live data with the data the model learned from and tells you when it has drifted far enough to retrain.',
  },
  {
    id: 'logs', name: 'Logs', phase: 'Deployment', requires: 'model',
    intro: 'Every prediction the studio serves is written to an inference log: the inputs, the answer and how long it took. Logs are how you audit a model and find the data to improve it.',
  },
];

export function findStep(id: string): StepDefinition | undefined {
  return steps.find((s) => s.id === id);
}

/** The step that provides a requirement, for the link a blocked step shows. */
export const providerOf: Record<Requirement, { step: StepId; need: string }> = {
  data: { step: 'data', need: 'This step needs a dataset. Load one in the Data step first.' },
  split: { step: 'split', need: 'This step needs a train / validation / test split. Split your data in the Split step first.' },
  model: { step: 'train', need: 'This step needs a trained model. Train one in the Train step first.' },
};

/** Requirements build on each other: a model needs a split, which needs data. */
const requirementChain: readonly Requirement[] = ['data', 'split', 'model'];

/** The earliest requirement on the way to `requires` that is not met yet, or null when all are. */
export function firstUnmet(requires: Requirement | null, met: (requirement: Requirement) => boolean): Requirement | null {
  if (!requires) return null;
  for (const requirement of requirementChain.slice(0, requirementChain.indexOf(requires) + 1)) {
    if (!met(requirement)) return requirement;
  }
  return null;
}
