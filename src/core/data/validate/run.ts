/**
 * Running rules over a frame, in the data worker. One pass per rule over the column's values
 * (two for `unique`); positions are row positions in the frame as it is ordered and filtered
 * (0 … numRows − 1), the same positions the data preview pages through. The hidden `ROW_ID`
 * column is never a rule's column (`checkRule` refuses it).
 */
import type { ColumnTable } from 'arquero';
import { throwIfCancelled } from '../../cancellation';
import type { Frame } from '../frame';
import { isMissing } from './cell';
import { compileRule, type CompiledRule } from './compile';
import { RuleError, type Rule } from './rules';

export interface RuleResult {
  ruleId: string;
  /** Rows that break the rule. */
  violations: number;
  /**
   * Rows the rule looked at: every row for `not-missing`, the rows with a value for the other
   * kinds (they skip missing cells).
   */
  checked: number;
  /** Positions of the first `SAMPLE_SIZE` violating rows in the frame, ascending. */
  sample: number[];
  /** Set when the rule cannot run on this frame (e.g. its column was dropped): the reason. */
  problem?: string;
}

export interface RunOptions {
  /** Checked between blocks of rows; when it fires, `Cancelled` is thrown. */
  signal?: AbortSignal;
  /** (cells done, cells in all) where a cell is one row for one rule; called once per block. */
  onProgress?: (done: number, total: number) => void;
}

export const SAMPLE_SIZE = 100;
/** Rows between cancellation checks and progress reports. */
const BLOCK = 65_536;

const VALIDATION_CANCELLED = 'Validation was cancelled.';

/** Runs every rule on the frame. A rule that cannot run gets a result with `problem` set. */
export function runRules(frame: Frame, rules: readonly Rule[], options: RunOptions = {}): RuleResult[] {
  const { signal, onProgress } = options;
  const rows = frame.table.numRows();
  const total = rows * rules.length;
  const columns = new ColumnCache(frame.table);
  const results: RuleResult[] = [];
  rules.forEach((rule, index) => {
    throwIfCancelled(signal, VALIDATION_CANCELLED);
    let compiled: CompiledRule;
    try {
      compiled = compileRule(rule, frame.columns);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      results.push({ ruleId: rule.id, violations: 0, checked: 0, sample: [], problem: error.message });
      return;
    }
    const result: RuleResult = { ruleId: rule.id, violations: 0, checked: 0, sample: [] };
    const before = index * rows;
    result.checked = scan(columns.get(rule.column), compiled, signal, (done) => onProgress?.(before + done, total), (row) => {
      result.violations++;
      if (result.sample.length < SAMPLE_SIZE) result.sample.push(row);
      return true;
    });
    results.push(result);
  });
  if (rules.length === 0) onProgress?.(0, 0);
  return results;
}

/**
 * Positions of violating rows `offset` … `offset + limit − 1` (counted among violations, in row
 * order), for paging through them. Throws `RuleError` when the rule cannot run on the frame.
 */
export function violatingRows(frame: Frame, rule: Rule, offset: number, limit: number, options: { signal?: AbortSignal } = {}): number[] {
  const compiled = compileRule(rule, frame.columns);
  const rows: number[] = [];
  const skip = Math.max(0, Math.floor(offset));
  const want = Math.max(0, Math.floor(limit));
  if (want === 0) return rows;
  let seen = 0;
  scan(new ColumnCache(frame.table).get(rule.column), compiled, options.signal, () => {}, (row) => {
    if (seen++ >= skip) rows.push(row);
    return rows.length < want;
  });
  return rows;
}

/** One column's values in frame order, read once per run and shared by the rules that use it. */
class ColumnCache {
  private readonly arrays = new Map<string, ArrayLike<unknown>>();
  constructor(private readonly table: ColumnTable) {}
  get(name: string): ArrayLike<unknown> {
    let values = this.arrays.get(name);
    if (!values) {
      values = this.table.array(name) as ArrayLike<unknown>;
      this.arrays.set(name, values);
    }
    return values;
  }
}

/**
 * Calls `violation(row)` for each violating row in order until it returns false; returns how
 * many rows were checked (up to where it stopped).
 */
function scan(
  values: ArrayLike<unknown>,
  compiled: CompiledRule,
  signal: AbortSignal | undefined,
  progress: (done: number) => void,
  violation: (row: number) => boolean,
): number {
  const n = values.length;
  const kind = compiled.rule.kind;
  const duplicated = kind === 'unique' ? duplicatedKeys(values, signal) : null;
  const passes = compiled.passes;
  let checked = 0;
  for (let start = 0; start < n; start += BLOCK) {
    throwIfCancelled(signal, VALIDATION_CANCELLED);
    const end = Math.min(n, start + BLOCK);
    for (let row = start; row < end; row++) {
      const value = values[row];
      let ok: boolean;
      if (isMissing(value)) {
        if (kind !== 'not-missing') continue;
        ok = false;
      } else if (duplicated) ok = !duplicated.has(uniqueKey(value));
      else ok = passes ? passes(value) : true;
      checked++;
      if (!ok && !violation(row)) return checked;
    }
    progress(end);
  }
  return checked;
}

/** The key two cells share when they hold the same value: dates by instant, others as they are. */
function uniqueKey(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

/** The keys of the values that appear more than once. */
function duplicatedKeys(values: ArrayLike<unknown>, signal: AbortSignal | undefined): Set<unknown> {
  const seen = new Set<unknown>();
  const twice = new Set<unknown>();
  const n = values.length;
  for (let start = 0; start < n; start += BLOCK) {
    throwIfCancelled(signal, VALIDATION_CANCELLED);
    const end = Math.min(n, start + BLOCK);
    for (let row = start; row < end; row++) {
      const value = values[row];
      if (isMissing(value)) continue;
      const key = uniqueKey(value);
      if (seen.has(key)) twice.add(key);
      else seen.add(key);
    }
  }
  return twice;
}
