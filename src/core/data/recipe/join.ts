/**
 * Join: adds the columns of another dataset, matching one key column on each side.
 * - `left` keeps every row (columns from the other dataset are missing where no key matches);
 *   `inner` keeps only the rows whose key matches. Row order and row ids are this frame's.
 * - Keys are equal by value: number and integer keys compare as numbers, dates by time, text
 *   exactly (case and spaces count). A missing key matches nothing. Keys of different kinds
 *   (numbers vs text) are refused: cast one side first.
 * - When a key appears in several rows of the other dataset, the FIRST of them is used (a join
 *   never multiplies rows); `analyseJoin` counts such keys so the UI can warn before applying.
 * - The other dataset's key column is not added (it equals this frame's key where rows match).
 *   A column whose name is already taken is added as `name (right)`.
 */
import type { ColumnType, ColumnValues } from '../columns';
import type { Frame } from '../frame';
import { ROW_ID } from '../frame';
import { RecipeError } from './handler';
import type { StepContext, StepHandler } from './handler';
import type { StepOf } from './steps';
import { TYPE_NOUN, columnValues, countMissing, frameFromColumns, isNumericType, plural, rowIds } from './frame-ops';
import type { CellValue, FrameColumn } from './frame-ops';
import { STEP_LABELS } from './step-labels';

type JoinStep = StepOf<'join'>;

/** What a join would do, for the UI to show before applying. */
export interface JoinAnalysis {
  /** Rows of this frame whose key matches no row of the other dataset (missing keys included). */
  unmatchedLeftRows: number;
  /** Distinct (non-missing) keys of this frame that the other dataset does not have. */
  unmatchedKeys: number;
  /** Distinct keys that appear in more than one row of the other dataset (the first row is used). */
  duplicateRightKeys: number;
  /** Rows after the join: all rows for a left join, the matched ones for an inner join. */
  rowsAfter: number;
}

type Key = number | string | boolean;

/** Why two key columns cannot be matched, or null. */
export function keyReason(left: Frame, right: Frame, leftKey: string, rightKey: string, rightName = 'the other dataset'): string | null {
  const l = left.columns.find((c) => c.name === leftKey);
  if (l === undefined) return `There is no column ${leftKey} (any more).`;
  const r = right.columns.find((c) => c.name === rightKey);
  if (r === undefined) return `${rightName} has no column ${rightKey}.`;
  const kind = (t: ColumnType) => (isNumericType(t) ? 'number' : t);
  if (kind(l.type) !== kind(r.type)) {
    return `The keys hold different kinds of values: ${leftKey} holds ${TYPE_NOUN[l.type].many}, ${rightKey} in ${rightName} holds ${TYPE_NOUN[r.type].many}. Cast one of them first (Clean → Cast).`;
  }
  return null;
}

/** A key column as comparable values (dates as times), null for missing. */
function keysOf(frame: Frame, name: string): (Key | null)[] | Float64Array {
  const values = columnValues(frame, name);
  if (values instanceof Float64Array) return values;
  const source = values as CellValue[];
  const out: (Key | null)[] = new Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (v instanceof Date) {
      const t = v.getTime();
      out[i] = Number.isNaN(t) ? null : t;
    } else out[i] = v === undefined ? null : (v as Key | null);
  }
  return out;
}

function isMissingKey(k: Key | null | undefined): boolean {
  return k === null || k === undefined || (typeof k === 'number' && Number.isNaN(k));
}

interface Matching {
  /** For each left row, the matching right row, or -1. */
  match: Int32Array;
  analysis: JoinAnalysis;
}

function matchRows(left: Frame, right: Frame, leftKey: string, rightKey: string, how: JoinStep['how']): Matching {
  const rightKeys = keysOf(right, rightKey);
  const first = new Map<Key, number>();
  const repeated = new Set<Key>();
  for (let j = 0; j < rightKeys.length; j++) {
    const k = rightKeys[j];
    if (isMissingKey(k)) continue;
    if (first.has(k as Key)) repeated.add(k as Key);
    else first.set(k as Key, j);
  }
  const leftKeys = keysOf(left, leftKey);
  const n = leftKeys.length;
  const match = new Int32Array(n);
  const unmatched = new Set<Key>();
  let unmatchedRows = 0;
  for (let i = 0; i < n; i++) {
    const k = leftKeys[i];
    const j = isMissingKey(k) ? undefined : first.get(k as Key);
    if (j === undefined) {
      match[i] = -1;
      unmatchedRows++;
      if (!isMissingKey(k)) unmatched.add(k as Key);
    } else match[i] = j;
  }
  return {
    match,
    analysis: {
      unmatchedLeftRows: unmatchedRows,
      unmatchedKeys: unmatched.size,
      duplicateRightKeys: repeated.size,
      rowsAfter: how === 'inner' ? n - unmatchedRows : n,
    },
  };
}

/**
 * Counts what joining `right` onto `left` would do (`rowsAfter` for a left join; for an inner
 * join it is `left rows − unmatchedLeftRows`). Throws RecipeError when the keys cannot match.
 */
export function analyseJoin(left: Frame, right: Frame, leftKey: string, rightKey: string): JoinAnalysis {
  const reason = keyReason(left, right, leftKey, rightKey);
  if (reason !== null) throw new RecipeError(reason);
  return matchRows(left, right, leftKey, rightKey, 'left').analysis;
}

/** Warnings worth showing before (and after) a join, in plain words; empty when all is well. */
export function joinNotes(step: JoinStep, analysis: JoinAnalysis): string[] {
  const notes: string[] = [];
  if (analysis.unmatchedKeys > 0 || analysis.unmatchedLeftRows > 0) {
    const keys = analysis.unmatchedKeys > 0 ? `${plural(analysis.unmatchedKeys, 'value')} of ${step.leftKey} ${analysis.unmatchedKeys === 1 ? 'has' : 'have'} no match in ${step.datasetName}` : `${step.leftKey} is missing`;
    notes.push(step.how === 'inner'
      ? `${keys}: ${plural(analysis.unmatchedLeftRows, 'row')} will be removed.`
      : `${keys}: ${plural(analysis.unmatchedLeftRows, 'row')} will have missing values in the added columns.`);
  }
  if (analysis.duplicateRightKeys > 0) {
    notes.push(`${plural(analysis.duplicateRightKeys, 'value')} of ${step.rightKey} ${analysis.duplicateRightKeys === 1 ? 'appears' : 'appear'} in more than one row of ${step.datasetName}; only the first of those rows is used.`);
  }
  return notes;
}

/** `name (right)`, or `name (right 2)` … when that is taken too. */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  let candidate = `${name} (right)`;
  for (let k = 2; taken.has(candidate); k++) candidate = `${name} (right ${k})`;
  return candidate;
}

/** Values of `values` at `rows` (-1 = missing). */
function pick(type: ColumnType, values: ColumnValues, rows: Int32Array): ColumnValues {
  const m = rows.length;
  if (isNumericType(type)) {
    const source = values as Float64Array;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = rows[i] < 0 ? NaN : source[rows[i]];
    return out;
  }
  const source = values as CellValue[];
  const out: CellValue[] = new Array(m);
  for (let i = 0; i < m; i++) out[i] = rows[i] < 0 ? null : (source[rows[i]] ?? null);
  return out as ColumnValues;
}

function otherDataset(step: JoinStep, context: StepContext): { frame: Frame } | { reason: string } {
  try {
    return { frame: context.dataset(step.datasetId) };
  } catch (error) {
    if (error instanceof RecipeError) return { reason: error.message };
    throw error;
  }
}

function stepReason(step: JoinStep, frame: Frame, other: Frame): string | null {
  if (step.how !== 'left' && step.how !== 'inner') return `Unknown kind of join '${String(step.how)}'.`;
  const reason = keyReason(frame, other, step.leftKey, step.rightKey, step.datasetName);
  if (reason !== null) return reason;
  return null;
}

function emptyReason(step: JoinStep, frame: Frame, analysis: JoinAnalysis): string | null {
  if (step.how !== 'inner' || frame.table.numRows() === 0 || analysis.rowsAfter > 0) return null;
  return `This join would remove every row: no value of ${step.leftKey} appears in ${step.rightKey} of ${step.datasetName}. Check the key columns, or keep rows without a match (left join).`;
}

export function joinFrames(step: JoinStep, frame: Frame, other: Frame): Frame {
  const { match, analysis } = matchRows(frame, other, step.leftKey, step.rightKey, step.how);
  const empty = emptyReason(step, frame, analysis);
  if (empty !== null) throw new RecipeError(empty);
  // Which left rows stay, in order, and the right row for each.
  let rows: Int32Array | null = null;
  let matched = match;
  if (step.how === 'inner' && analysis.unmatchedLeftRows > 0) {
    rows = new Int32Array(analysis.rowsAfter);
    matched = new Int32Array(analysis.rowsAfter);
    for (let i = 0, k = 0; i < match.length; i++) {
      if (match[i] < 0) continue;
      rows[k] = i;
      matched[k++] = match[i];
    }
  }
  const columns: FrameColumn[] = [];
  for (const info of frame.columns) {
    const values = rows === null ? columnValues(frame, info.name) : pick(info.type, columnValues(frame, info.name), rows);
    columns.push({ info: { ...info, missing: rows === null ? info.missing : countMissing(info.type, values) }, values });
  }
  const taken = new Set([...frame.columns.map((c) => c.name), ROW_ID]);
  for (const info of other.columns) {
    if (info.name === step.rightKey) continue;
    const name = freeName(info.name, taken);
    taken.add(name);
    const values = pick(info.type, columnValues(other, info.name), matched);
    columns.push({ info: { name, type: info.type, missing: countMissing(info.type, values) }, values });
  }
  const ids = rows === null ? rowIds(frame) : (pick('number', rowIds(frame), rows) as Float64Array);
  return frameFromColumns(columns, ids);
}

export const joinStep: StepHandler<'join'> = {
  kind: 'join',
  label: STEP_LABELS.join,

  describe(step) {
    const how = step.how === 'inner' ? 'keep only rows with a match' : 'keep every row';
    const on = step.leftKey === step.rightKey ? step.leftKey : `${step.leftKey} = ${step.rightKey}`;
    return `Join ${step.datasetName} on ${on} (${how})`;
  },

  check(step, frame, context) {
    const other = otherDataset(step, context);
    if ('reason' in other) return other.reason;
    const reason = stepReason(step, frame, other.frame);
    if (reason !== null) return reason;
    return emptyReason(step, frame, matchRows(frame, other.frame, step.leftKey, step.rightKey, step.how).analysis);
  },

  apply(step, frame, context) {
    const other = otherDataset(step, context);
    if ('reason' in other) throw new RecipeError(other.reason);
    const reason = stepReason(step, frame, other.frame);
    if (reason !== null) throw new RecipeError(reason);
    return joinFrames(step, frame, other.frame);
  },
};
