/**
 * Turning raw rows into the exported model's inputs, row by row, so a bad value becomes a flag
 * on its row rather than a crash of the whole request: a missing column, a value of the wrong
 * type, an unseen category, a broken validation rule.
 */
import { recordChecker } from '../data/validate/row';
import { columnInput, categoricalInput } from '../model/features';
import type { FeedColumn } from './feeds';
import type { ServingSpec } from './serving-spec';

export interface PreparedRows {
  feeds: FeedColumn[];
  rows: number;
  /** Problems per row, in plain words. */
  flags: string[][];
}

/** Compiled rules per served spec: compiling them for every single prediction cost more than the model. */
const checkers = new WeakMap<ServingSpec, ReturnType<typeof recordChecker>>();
function checkerFor(spec: ServingSpec): ReturnType<typeof recordChecker> {
  let check = checkers.get(spec);
  if (!check) {
    check = recordChecker(spec.rules, spec.columns);
    checkers.set(spec, check);
  }
  return check;
}

/** Shared by every row without flags (most of them), so a chunk of rows allocates no empty lists. */
const NO_FLAGS: readonly string[] = Object.freeze([]);

/**
 * Reads rows `start … start + rows − 1` of the columns `column` gives (undefined = the column is
 * absent) into feeds, flagging every problem on its row.
 */
export function prepareRows(spec: ServingSpec, rows: number, column: (name: string) => ArrayLike<unknown> | undefined, start = 0): PreparedRows {
  const flags = new Array<string[]>(rows).fill(NO_FLAGS as string[]);
  const flag = (r: number, text: string) => {
    if (flags[r] === NO_FLAGS) flags[r] = [];
    flags[r].push(text);
  };
  const feeds: FeedColumn[] = spec.inputs.map((input) => {
    const source = column(input.name);
    if (input.type === 'float32') {
      const values = new Float32Array(rows);
      if (!source) {
        values.fill(NaN);
        for (let r = 0; r < rows; r++) flag(r, `The column ${input.name} is missing; it was treated as a missing value.`);
        return { name: input.name, type: 'float32' as const, values };
      }
      const type = input.sourceType ?? 'number';
      for (let r = 0; r < rows; r++) {
        const raw = source[start + r];
        // Finite numbers (a parsed file's numeric columns) need no reading; NaN is missing.
        if (typeof raw === 'number' && type !== 'date' && (Number.isFinite(raw) || raw !== raw)) {
          values[r] = raw;
          continue;
        }
        try {
          values[r] = columnInput(input.name, type, raw);
        } catch (error) {
          values[r] = NaN;
          flag(r, `${(error as Error).message} It was treated as a missing value.`);
        }
      }
      return { name: input.name, type: 'float32' as const, values };
    }
    const known = input.categories ? new Set(input.categories) : null;
    const values: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      if (!source) {
        values[r] = '';
        flag(r, `The column ${input.name} is missing; it was treated as a missing value.`);
        continue;
      }
      const text = categoricalInput(source[start + r]);
      values[r] = text;
      if (known && text !== '' && !known.has(text)) flag(r, `${input.name} = "${text}" was not seen in training; the model treats it as none of the known values.`);
    }
    return { name: input.name, type: 'string' as const, values };
  });
  if (spec.rules.length > 0) {
    const check = checkerFor(spec);
    const present = spec.columns.flatMap((c) => {
      const values = column(c.name);
      return values ? [{ name: c.name, values }] : [];
    });
    for (let r = 0; r < rows; r++) {
      const record: Record<string, unknown> = {};
      for (const { name, values } of present) record[name] = values[start + r];
      for (const issue of check(record)) flag(r, `Breaks a validation rule: ${issue.message}`);
    }
  }
  return { feeds, rows, flags };
}

/** The graph's outputs for a run of rows, column by column: as shown, written to files and logged. */
export interface ScoredRows {
  predictions: (string | number | null)[];
  /** Rows × classes, row by row (classifiers with a probabilities output); null otherwise. */
  probabilities: Float32Array | null;
}

function plainOutput(v: unknown): string | number | null {
  return v === undefined || v === null ? null : typeof v === 'bigint' ? Number(v) : (v as string | number);
}

/** A typed array that owns its whole buffer (a view would store or send the buffer it looks into). */
function own(values: Float32Array, length: number): Float32Array {
  return values.byteOffset === 0 && values.length === length && values.buffer.byteLength === values.byteLength ? values : values.slice(0, length);
}

/** Reads the graph's outputs: label and probabilities, or a prediction, or the first output. */
export function readOutputs(outputs: { label?: ArrayLike<unknown>; probabilities?: Float32Array; prediction?: Float32Array; first?: ArrayLike<unknown> }, rows: number, classes: number): ScoredRows {
  if (outputs.label) {
    const probabilities = outputs.probabilities && classes > 0 ? own(outputs.probabilities, rows * classes) : null;
    return { predictions: Array.from({ length: rows }, (_, r) => plainOutput(outputs.label![r])), probabilities };
  }
  const values = outputs.prediction ?? outputs.first;
  return { predictions: Array.from({ length: rows }, (_, r) => plainOutput(values?.[r])), probabilities: null };
}

/** Row `row`'s probabilities as a plain list, or null. */
export function rowProbabilities(scored: ScoredRows, row: number, classes: number): number[] | null {
  return scored.probabilities ? Array.from(scored.probabilities.subarray(row * classes, (row + 1) * classes)) : null;
}
