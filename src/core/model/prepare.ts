/**
 * Training data from the prepared frame and the split, made in the data worker: the target is
 * encoded, the preprocessing fitted on the train rows that have a target (as the model kind
 * takes it: see `TrainingConfig.kind`), and the train and validation rows turned into design
 * matrices. The test part is only read by `prepareEvaluationMatrix`, when the person asks for the
 * acceptance test.
 */
import type { Frame, PartName } from '../data/frame';
import { PART } from '../data/frame';
import { plural } from '../data/recipe/frame-ops';
import { rowsOfPart } from '../data/split/assign';
import { ModelError } from './errors';
import { checkFeatures, fitPreprocessor, transform } from './features';
import type { PreprocessorOptions } from './features';
import { usesTreeEncoding } from './ordinal-encoding';
import { encodeLabels, encodeTarget } from './target';
import type { LabelledMatrix, ModelKind, Preprocessor, TargetEncoding, Task, TrainingData } from './types';

export interface TrainingConfig {
  target: string;
  task: Task;
  /** Feature columns, in the order of the design matrix. */
  features: string[];
  /**
   * The model kind the data is for: tree kinds get their own preprocessing (`usesTreeEncoding`);
   * absent or any other kind, the standardised, one-hot preprocessing.
   */
  kind?: ModelKind;
}

/** Training data, plus which rows it holds and which were left out (for the person to see). */
export interface PreparedTrainingData extends TrainingData {
  /** Row positions (in the frame's table) of the train and validation matrices' rows. */
  trainPositions: Int32Array;
  validationPositions: Int32Array;
  left: {
    /** Train rows without a target value. */
    trainMissing: number;
    /** Validation rows without a target value. */
    validationMissing: number;
    /** Validation rows whose class never occurs in the train part. */
    validationUnseen: number;
  };
}

export interface EvaluationMatrix extends LabelledMatrix {
  /** Row positions (in the frame's table) of the matrix's rows. */
  positions: Int32Array;
  /** Rows of the part left out for a missing target. */
  missing: number;
  /** Rows of the part left out because their class never occurs in the train part. */
  unseen: number;
}

function checkParts(frame: Frame, parts: Uint8Array): void {
  const rows = frame.table.numRows();
  if (parts.length !== rows) throw new Error(`The split covers ${parts.length} rows but the data has ${rows}.`);
}

/** Why a part has no usable rows, in words. */
function emptyPart(part: PartName, total: number, missing: number, unseen: number, purpose: string): ModelError {
  const name = part === 'validation' ? 'The validation part' : part === 'test' ? 'The test part' : 'The train part';
  if (total === 0) return new ModelError(`${name} has no rows, so ${purpose}. Make a split that gives it a share of the rows.`);
  const reasons: string[] = [];
  if (missing > 0) reasons.push(`${plural(missing, 'row')} without a target value`);
  if (unseen > 0) reasons.push(`${plural(unseen, 'row')} with a class the train part does not have`);
  return new ModelError(`${name} has no rows with a target value the model can be scored on (${reasons.join(', ')}), so ${purpose}.`);
}

/**
 * Prepares training: `parts` holds the PART of each row position of the frame's table. Train
 * rows are those in the train part with a target value; the preprocessing is fitted on them
 * only. Validation rows are those in the validation part with a target value (and, for
 * classification, a class the train part has). Throws ModelError when the features, the target
 * or either part cannot be used.
 */
export function prepareTrainingData(
  frame: Frame,
  parts: Uint8Array,
  config: TrainingConfig,
  options: Omit<PreprocessorOptions, 'target'> = {},
): PreparedTrainingData {
  checkParts(frame, parts);
  checkFeatures(frame, config.features, config.target);
  const trainRows = rowsOfPart(parts, PART.train);
  if (trainRows.length === 0) throw emptyPart('train', 0, 0, 0, 'there is nothing to train on');
  const train = encodeTarget(frame, config.target, config.task, trainRows);
  const validationRows = rowsOfPart(parts, PART.validation);
  const validation = encodeLabels(frame, train.encoding, validationRows);
  if (validation.positions.length === 0) {
    throw emptyPart('validation', validationRows.length, validation.missing, validation.unseen, 'training cannot be checked');
  }
  const trees = usesTreeEncoding(config.kind) ? { task: config.task, y: train.y, classes: train.encoding.classes.length } : undefined;
  const preprocessor = fitPreprocessor(frame, train.positions, config.features, { ...options, target: config.target, trees });
  return {
    preprocessor,
    target: train.encoding,
    train: { x: transform(preprocessor, frame, train.positions), y: train.y },
    validation: { x: transform(preprocessor, frame, validation.positions), y: validation.y },
    trainPositions: train.positions,
    validationPositions: validation.positions,
    left: { trainMissing: train.missing, validationMissing: validation.missing, validationUnseen: validation.unseen },
  };
}

/**
 * The design matrix and labels of one part (validation or test) for a trained model, with the
 * model's own fitted preprocessing and target encoding. Rows without a target value, or with a
 * class the model does not know, are left out and counted. Throws ModelError when no row is left.
 */
export function prepareEvaluationMatrix(
  frame: Frame,
  parts: Uint8Array,
  part: 'validation' | 'test',
  preprocessor: Preprocessor,
  target: TargetEncoding,
): EvaluationMatrix {
  checkParts(frame, parts);
  const rows = rowsOfPart(parts, PART[part]);
  const labels = encodeLabels(frame, target, rows);
  if (labels.positions.length === 0) throw emptyPart(part, rows.length, labels.missing, labels.unseen, 'there is nothing to evaluate the model on');
  return { x: transform(preprocessor, frame, labels.positions), y: labels.y, positions: labels.positions, missing: labels.missing, unseen: labels.unseen };
}

/** Where training data is posted: a MessagePort to the train worker (or a test's stand-in). */
export interface TrainingDataPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  close(): void;
}

/**
 * Posts the training data to the train worker, moving (not copying) its arrays, and returns how
 * many rows each part holds. The counts are read before the post: a moved array is empty on this
 * side afterwards, and a count read then is 0.
 */
export function postTrainingData(data: TrainingData, port: TrainingDataPort): { trainRows: number; validationRows: number } {
  const counts = { trainRows: data.train.y.length, validationRows: data.validation.y.length };
  port.postMessage(data, [data.train.x.values.buffer, data.train.y.buffer, data.validation.x.values.buffer, data.validation.y.buffer]);
  port.close();
  return counts;
}
