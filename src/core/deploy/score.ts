/**
 * Turning raw rows into the exported model's inputs, row by row, so a bad value becomes a flag
 * on its row rather than a crash of the whole request: a missing column, a value of the wrong
 * type, an unseen category, a broken validation rule.
 */
import { recordChecker } from '../data/validate/row';
import { numericInput, categoricalInput } from '../model/features';
import type { NumericFeature } from '../model/types';
import type { FeedColumn } from './feeds';
import type { ServingSpec } from './serving-spec';

export interface PreparedRows {
  feeds: FeedColumn[];
  rows: number;
  /** Problems per row, in plain words. */
  flags: string[][];
}

/**
 * Reads `rows` rows through `valueOf` (undefined = the column is absent) into feeds, flagging
 * every problem on its row.
 */
export function prepareRows(spec: ServingSpec, rows: number, valueOf: (column: string, row: number) => unknown, present: (column: string) => boolean): PreparedRows {
  const flags: string[][] = Array.from({ length: rows }, () => []);
  const feeds: FeedColumn[] = spec.inputs.map((input) => {
    const missingColumn = !present(input.name);
    if (input.type === 'float32') {
      const values = new Float32Array(rows);
      const asFeature: NumericFeature = { kind: 'numeric', name: input.name, sourceType: input.sourceType ?? 'number', impute: 0, mean: 0, std: 1 };
      for (let r = 0; r < rows; r++) {
        if (missingColumn) {
          values[r] = NaN;
          flags[r].push(`The column ${input.name} is missing; it was treated as a missing value.`);
          continue;
        }
        try {
          values[r] = numericInput(asFeature, valueOf(input.name, r));
        } catch (error) {
          values[r] = NaN;
          flags[r].push(`${(error as Error).message} It was treated as a missing value.`);
        }
      }
      return { name: input.name, type: 'float32' as const, values };
    }
    const known = input.categories ? new Set(input.categories) : null;
    const values: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      if (missingColumn) {
        values[r] = '';
        flags[r].push(`The column ${input.name} is missing; it was treated as a missing value.`);
        continue;
      }
      const text = categoricalInput(valueOf(input.name, r));
      values[r] = text;
      if (known && text !== '' && !known.has(text)) flags[r].push(`${input.name} = "${text}" was not seen in training; the model treats it as none of the known values.`);
    }
    return { name: input.name, type: 'string' as const, values };
  });
  if (spec.rules.length > 0) {
    const check = recordChecker(spec.rules, spec.columns);
    const names = spec.columns.map((c) => c.name).filter(present);
    for (let r = 0; r < rows; r++) {
      const record: Record<string, unknown> = {};
      for (const name of names) record[name] = valueOf(name, r);
      for (const issue of check(record)) flags[r].push(`Breaks a validation rule: ${issue.message}`);
    }
  }
  return { feeds, rows, flags };
}

/** Output of the graph for one row, as shown and logged. */
export interface RowPrediction {
  prediction: string | number | null;
  probabilities: number[] | null;
}

/** Reads the graph's outputs per row: label and probabilities, or a prediction. */
export function readOutputs(outputs: { label?: ArrayLike<unknown>; probabilities?: Float32Array; prediction?: Float32Array; first?: ArrayLike<unknown> }, rows: number, classes: number): RowPrediction[] {
  const out: RowPrediction[] = [];
  for (let r = 0; r < rows; r++) {
    if (outputs.label) {
      const label = outputs.label[r];
      const probabilities = outputs.probabilities && classes > 0 ? Array.from(outputs.probabilities.subarray(r * classes, (r + 1) * classes)) : null;
      out.push({ prediction: typeof label === 'bigint' ? Number(label) : (label as string | number), probabilities });
    } else if (outputs.prediction) {
      out.push({ prediction: outputs.prediction[r], probabilities: null });
    } else {
      const v = outputs.first?.[r];
      out.push({ prediction: v === undefined ? null : typeof v === 'bigint' ? Number(v) : (v as string | number), probabilities: null });
    }
  }
  return out;
}
