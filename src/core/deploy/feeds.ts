/**
 * The inputs an exported model takes, built from raw values: one `[N, 1]` column per feature,
 * float32 for numeric features (NaN = missing) and text for categorical ones ('' = missing),
 * exactly as the ONNX contract in docs/architecture.md says. Shared by the parity check and by
 * serving.
 */
import { numericInput, categoricalInput } from '../model/features';
import type { Preprocessor } from '../model/types';

export type FeedColumn = { name: string; type: 'float32'; values: Float32Array } | { name: string; type: 'string'; values: string[] };

/** Feeds for `rows` records, reading each feature's raw value with `valueOf(feature, row)`. */
export function buildFeeds(preprocessor: Preprocessor, rows: number, valueOf: (feature: string, row: number) => unknown): FeedColumn[] {
  return preprocessor.features.map((feature) => {
    if (feature.kind === 'numeric') {
      const values = new Float32Array(rows);
      for (let r = 0; r < rows; r++) values[r] = numericInput(feature, valueOf(feature.name, r));
      return { name: feature.name, type: 'float32' as const, values };
    }
    const values: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) values[r] = categoricalInput(valueOf(feature.name, r));
    return { name: feature.name, type: 'string' as const, values };
  });
}

/** What the in-app model predicted for the same rows, to compare the exported graph with. */
export interface ExpectedOutputs {
  task: 'classification' | 'regression';
  classes: string[];
  /** Probabilities (rows × classes) or predictions (rows). */
  output: Float32Array;
  /** The largest difference allowed; absent: `PARITY_TOLERANCE`. */
  tolerance?: number;
}

export interface ParityReport {
  rows: number;
  /** Largest absolute difference between a probability (or prediction) of the two. */
  maxDifference: number;
  /** Rows whose label differs (classification). */
  labelMismatches: number;
  /** Labels identical and every difference within the tolerance. */
  ok: boolean;
  tolerance: number;
}

/** The contract's tolerance: every probability within 1e-4, every prediction within 1e-4 of its size (at least 1). */
export const PARITY_TOLERANCE = 1e-4;
/**
 * Tree models are held to 1e-5: their exported thresholds are the training thresholds bit for
 * bit, so a row takes the same path in both, and only the order of a float sum can differ.
 */
export const TREE_PARITY_TOLERANCE = 1e-5;

/**
 * Compares the exported graph's outputs with the in-app model's. Labels are compared as text,
 * so an int64 label output matches the class name it stands for.
 */
export function compareOutputs(expected: ExpectedOutputs, got: { probabilities?: Float32Array; prediction?: Float32Array; label?: ArrayLike<unknown> }, rows: number): ParityReport {
  const tolerance = expected.tolerance ?? PARITY_TOLERANCE;
  let maxDifference = 0;
  let labelMismatches = 0;
  const actual = expected.task === 'classification' ? got.probabilities : got.prediction;
  if (!actual || actual.length !== expected.output.length) {
    return { rows, maxDifference: Infinity, labelMismatches: rows, ok: false, tolerance };
  }
  // A float32 holds about seven significant digits, so a prediction of 500 can differ in its
  // fourth decimal only because two runtimes added the same terms in another order: a regression
  // prediction larger than 1 is compared relative to its size.
  const scale = expected.task === 'regression' ? (v: number) => Math.max(1, Math.abs(v)) : () => 1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected.output[i]) / scale(expected.output[i]);
    if (!(d <= maxDifference)) maxDifference = Number.isNaN(d) ? Infinity : d;
  }
  if (expected.task === 'classification') {
    const C = expected.classes.length;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (expected.output[r * C + c] > expected.output[r * C + best]) best = c;
      if (String(got.label?.[r]) !== expected.classes[best]) labelMismatches++;
    }
  }
  return { rows, maxDifference, labelMismatches, ok: labelMismatches === 0 && maxDifference <= tolerance, tolerance };
}
