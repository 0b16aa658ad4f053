/**
 * A checked rule turned into a test on one non-missing value. Both the frame scan (run.ts) and
 * the single-record check (row.ts) use these tests, so they agree on every value.
 */
import { showValue, type ValueStyle } from '../../format';
import type { ColumnInfo } from '../columns';
import { parseBoolean, parseDate, parseNumber } from '../ingest/tokens';
import { cellText, kindIs, toBoolean, toNumber, toTime, valueKind } from './cell';
import { compilePattern, matchesWhole } from './pattern';
import { checkRule, dateBound, describeRule, RuleError, TYPE_WORDS, type Rule } from './rules';

/** How many distinct texts a pattern rule remembers its answer for. */
const MEMO_SIZE = 50_000;

/** Values in rule messages: text in double quotes, numbers in full, as the check saw them. */
const RULE_VALUE: ValueStyle = { quote: '"', fullNumbers: true };

export interface CompiledRule {
  rule: Rule;
  column: ColumnInfo;
  /**
   * Whether a non-missing value passes. Absent for `not-missing` (every non-missing value
   * passes) and `unique` (which needs the whole column).
   */
  passes?: (value: unknown) => boolean;
  /** Why a non-missing value fails, for a record at prediction time. */
  explain(value: unknown): string;
}

/** Compiles a rule for these columns; throws `RuleError` with `checkRule`'s reason. */
export function compileRule(rule: Rule, columns: readonly ColumnInfo[]): CompiledRule {
  const problem = checkRule(rule, columns);
  if (problem !== null) throw new RuleError(problem);
  const column = columns.find((c) => c.name === rule.column)!;
  const description = describeRule(rule);
  const fallback = (value: unknown) => `${column.name} is ${showValue(value, RULE_VALUE)}; the rule is: ${description}.`;
  switch (rule.kind) {
    case 'not-missing':
    case 'unique':
      return { rule, column, explain: fallback };
    case 'in-range':
      return compileRange(rule, column, description);
    case 'pattern': {
      const re = compilePattern(rule.pattern!);
      // Columns repeat values (categories, codes): remember the answer for the first texts seen.
      const memo = new Map<string, boolean>();
      return {
        rule,
        column,
        passes: (value) => {
          const text = cellText(value);
          let ok = memo.get(text);
          if (ok === undefined) {
            ok = matchesWhole(re, text);
            if (memo.size < MEMO_SIZE && text.length <= 200) memo.set(text, ok);
          }
          return ok;
        },
        explain: (value) => `${column.name} ${showValue(value, RULE_VALUE)} does not match ${rule.pattern} (whole value).`,
      };
    }
    case 'one-of':
      return { rule, column, passes: oneOfTest(rule, column), explain: (value) => `${column.name} ${showValue(value, RULE_VALUE)} is not allowed; the rule is: ${description}.` };
    case 'type-is': {
      const type = rule.type!;
      return {
        rule,
        column,
        passes: (value) => kindIs(valueKind(value), type),
        explain: (value) => `${column.name} ${showValue(value, RULE_VALUE)} is not ${TYPE_WORDS[type]}.`,
      };
    }
  }
}

function compileRange(rule: Rule, column: ColumnInfo, description: string): CompiledRule {
  const dates = column.type === 'date';
  const low = dates ? (rule.minDate == null ? -Infinity : dateBound(rule.minDate, 'min')) : (rule.min ?? -Infinity);
  const high = dates ? (rule.maxDate == null ? Infinity : dateBound(rule.maxDate, 'max')) : (rule.max ?? Infinity);
  const read = dates ? toTime : toNumber;
  // NaN (a value that is not a number or date at all) fails both comparisons: a violation.
  return {
    rule,
    column,
    passes: (value) => {
      const x = read(value);
      return x >= low && x <= high;
    },
    explain: (value) => {
      const x = read(value);
      const where = Number.isNaN(x) ? `not ${dates ? 'a date' : 'a number'}` : x < low ? 'below the range' : 'above the range';
      return `${column.name} is ${showValue(value, RULE_VALUE)}, ${where}; the rule is: ${description}.`;
    },
  };
}

function oneOfTest(rule: Rule, column: ColumnInfo): (value: unknown) => boolean {
  const values = rule.values!;
  switch (column.type) {
    case 'number':
    case 'integer': {
      const allowed = new Set(values.map((v) => parseNumber(v.trim(), false)));
      return (value) => allowed.has(toNumber(value));
    }
    case 'date': {
      const allowed = new Set(values.map((v) => parseDate(v.trim())));
      return (value) => allowed.has(toTime(value));
    }
    case 'boolean': {
      const allowed = new Set(values.map((v) => parseBoolean(v.trim())));
      return (value) => {
        const b = toBoolean(value);
        return b !== null && allowed.has(b);
      };
    }
    case 'text': {
      const allowed = new Set(values);
      return (value) => allowed.has(cellText(value));
    }
  }
}
