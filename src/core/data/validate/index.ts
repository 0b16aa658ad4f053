/**
 * Validate: rules on columns, run on the prepared frame (data worker) and on single input rows
 * (serve worker). DOM-free. See rules.ts for what each rule kind means.
 */
export {
  type Rule,
  type RuleKind,
  RULE_KINDS,
  RULE_TYPES,
  MAX_ONE_OF_VALUES,
  RuleError,
  checkRule,
  describeRule,
} from './rules';
export { MAX_PATTERN_CHARS, MAX_VALUE_CHARS, PatternError, compilePattern, matchesWhole, patternProblem } from './pattern';
export { type RuleResult, type RunOptions, SAMPLE_SIZE, runRules, violatingRows } from './run';
export { type RecordIssue, checkRecord, recordChecker } from './row';
