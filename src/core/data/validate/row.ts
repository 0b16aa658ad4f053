/**
 * The rules on one input row, for serving: the same tests as `runRules` (compile.ts), so a value
 * flagged at prediction time is a value the Validate step would have flagged in the data.
 *
 * - `unique` is skipped: one row has nothing to be unique against.
 * - Rules that cannot run on `columns` (`checkRule` refuses them, e.g. their column is gone) are
 *   skipped: they were reported when the rules were run on the data.
 * - A column absent from the record is missing. Values may be typed (numbers, booleans, `Date`s)
 *   or text as a form sends them (`"42"`, `"2024-01-31"`, `"true"`): text is read with ingest's
 *   strict rules, and text that does not read as the column's type fails in-range and one-of.
 */
import type { ColumnInfo } from '../columns';
import { isMissing } from './cell';
import { compileRule, type CompiledRule } from './compile';
import { RuleError, type Rule } from './rules';

export interface RecordIssue {
  ruleId: string;
  /** Plain words: which value broke which rule, e.g. 'age is 130, above the range; the rule is: age is in range 0 – 120.' */
  message: string;
}

/** Checks one record against the rules. For many records, make one `recordChecker` and reuse it. */
export function checkRecord(record: Record<string, unknown>, rules: readonly Rule[], columns: readonly ColumnInfo[]): RecordIssue[] {
  return recordChecker(rules, columns)(record);
}

/** Compiles the rules once and returns a function that checks one record. */
export function recordChecker(rules: readonly Rule[], columns: readonly ColumnInfo[]): (record: Record<string, unknown>) => RecordIssue[] {
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    if (rule.kind === 'unique') continue;
    try {
      compiled.push(compileRule(rule, columns));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
    }
  }
  return (record) => {
    const issues: RecordIssue[] = [];
    for (const c of compiled) {
      const name = c.column.name;
      // Own properties only: a column called "constructor" must not read Object.prototype.
      const value = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
      if (isMissing(value)) {
        if (c.rule.kind === 'not-missing') issues.push({ ruleId: c.rule.id, message: `${name} is missing.` });
      } else if (c.passes && !c.passes(value)) {
        issues.push({ ruleId: c.rule.id, message: c.explain(value) });
      }
    }
    return issues;
  };
}
