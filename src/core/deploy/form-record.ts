/**
 * A form's row back into a model's inputs: each field holds text as typed ("0,8" included);
 * a number field's text is read as a number when the row is used, and everything else (a
 * category, a date, true/false, text) goes in as typed, empty for a missing value. Serve's
 * one-prediction form and Evaluate's "Follow a row" both read their fields this way.
 */
import { readNumber } from '../number-input';
import type { ServingInput } from './serving-spec';

/** An input typed as a number (dates, booleans and categories have their own controls). */
export function isNumberField(input: Pick<ServingInput, 'type' | 'categories' | 'sourceType'>): boolean {
  return input.type === 'float32' && !input.categories && input.sourceType !== 'date' && input.sourceType !== 'boolean';
}

/**
 * The record for `inputs` from the fields' `values`, and one message per number field that holds
 * no number (naming the field); the record is only to be used when there are none.
 */
export function readFormRecord(inputs: readonly ServingInput[], values: Readonly<Record<string, string>>): { record: Record<string, unknown>; problems: string[] } {
  const record: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const input of inputs) {
    const text = values[input.name] ?? '';
    if (!isNumberField(input) || text.trim() === '') {
      record[input.name] = text;
      continue;
    }
    try {
      record[input.name] = readNumber(text, { label: input.name });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { record, problems };
}
