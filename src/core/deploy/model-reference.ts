/**
 * The monitoring reference of a freshly trained model: its features' distributions on the train
 * part, and the distribution of its own predictions there, which live batches are later
 * compared with.
 */
import { PART, type Frame } from '../data/frame';
import { transform } from '../model/features';
import { predictModel } from '../model/predict';
import type { ModelParameters, Preprocessor, TargetEncoding } from '../model/types';
import { buildReference, type MonitoringReference } from './reference';

export interface ReferencedModel {
  parameters: ModelParameters;
  preprocessor: Preprocessor;
  target: TargetEncoding;
  features: string[];
}

/** `parts`: the split part (PART values) of each row of `prepared`. */
export function modelReference(prepared: Frame, parts: Uint8Array, model: ReferencedModel): MonitoringReference {
  const positions: number[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i] === PART.train) positions.push(i);
  const output = predictModel(model.parameters, transform(model.preprocessor, prepared, positions));
  return buildReference(prepared, positions, model.features, { task: model.target.task, classes: model.target.classes, output });
}
