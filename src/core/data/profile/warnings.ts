/**
 * The things a teacher would point at in a profile, in plain words. Each rule is a pure
 * function of the profile, so it is easy to test that a warning fires — and that it does not.
 */
import { formatNumber } from './format';
import type { ColumnProfile, CorrelationMatrix, ProfileWarning, TargetProfile, TargetRelation } from './types';

/** An ID-like column needs more than this many rows (with few rows, all-distinct is normal). */
export const ID_LIKE_MIN_ROWS = 20;
/** Share of missing cells above which a column is "mostly missing". */
export const MOSTLY_MISSING_SHARE = 0.5;
/** |r| at or above which two features are "highly correlated". */
export const HIGH_CORRELATION = 0.95;
/** Relation to the target at or above which a feature may leak the answer. */
export const LEAKAGE = 0.98;
/** A near-perfect relation on fewer rows than this can be chance: not called leakage. */
export const LEAKAGE_MIN_ROWS = 20;
/** Smallest class below this share of the largest: imbalanced. */
export const IMBALANCE_RATIO = 0.1;

export interface WarningInput {
  rows: number;
  columns: readonly ColumnProfile[];
  correlation: CorrelationMatrix | null;
  target: TargetProfile | null;
  /** The target the caller asked for, even when the frame has no such column. */
  requestedTarget: string | null;
}

export function profileWarnings(input: WarningInput): ProfileWarning[] {
  return [
    ...unknownTarget(input),
    ...leakage(input),
    ...classImbalance(input),
    ...input.columns.flatMap((c) => idLike(c, input.rows)),
    ...input.columns.flatMap(constant),
    ...input.columns.flatMap(mostlyMissing),
    ...highCorrelation(input),
  ];
}

function unknownTarget({ requestedTarget, target }: WarningInput): ProfileWarning[] {
  if (!requestedTarget || target) return [];
  return [{ kind: 'unknown-target', columns: [requestedTarget], message: `The target “${requestedTarget}” is not a column of this data (any more), so relations to it are not shown. Choose the target again.` }];
}

/** Every present value different: text or integer columns with more than `ID_LIKE_MIN_ROWS` values. */
export function isIdLike(column: ColumnProfile, rows: number): boolean {
  if (column.type !== 'text' && column.type !== 'integer') return false;
  return rows > ID_LIKE_MIN_ROWS && column.count > ID_LIKE_MIN_ROWS && column.distinctExact && column.distinct === column.count;
}

function idLike(column: ColumnProfile, rows: number): ProfileWarning[] {
  if (!isIdLike(column, rows)) return [];
  return [{
    kind: 'id-like',
    columns: [column.name],
    message: `Every value of “${column.name}” is different, like an ID or a name. A model would memorise it instead of learning a pattern: leave it out of the features.`,
  }];
}

function constant(column: ColumnProfile): ProfileWarning[] {
  if (column.distinct > 1) return [];
  if (column.count === 0) {
    return [{ kind: 'constant', columns: [column.name], message: `“${column.name}” has no values at all: it cannot help a model. Drop it.` }];
  }
  return [{
    kind: 'constant',
    columns: [column.name],
    message: `“${column.name}” has the same value (${valueText(column)}) in every row that has one: it cannot help a model tell rows apart. Drop it.`,
  }];
}

function valueText(column: ColumnProfile): string {
  switch (column.type) {
    case 'number':
    case 'integer':
      return column.min === null ? '' : formatNumber(column.min);
    case 'date':
      return column.min ?? '';
    default:
      return `“${column.top[0]?.value ?? ''}”`;
  }
}

function mostlyMissing(column: ColumnProfile): ProfileWarning[] {
  if (!(column.missingShare > MOSTLY_MISSING_SHARE) || column.count === 0) return [];
  const percent = Math.round(column.missingShare * 100);
  return [{
    kind: 'mostly-missing',
    columns: [column.name],
    message: `“${column.name}” is missing in ${percent}% of rows (${column.missing} of ${column.count + column.missing}). Filling in that much guesses more than it knows: consider dropping the column.`,
  }];
}

function highCorrelation({ correlation, target }: WarningInput): ProfileWarning[] {
  if (!correlation) return [];
  const out: ProfileWarning[] = [];
  const names = correlation.columns;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const r = correlation.values[i][j];
      // A feature strongly tied to the target is a leakage question, not redundancy.
      if (r === null || Math.abs(r) < HIGH_CORRELATION || names[i] === target?.column || names[j] === target?.column) continue;
      out.push({
        kind: 'high-correlation',
        columns: [names[i], names[j]],
        message: `“${names[i]}” and “${names[j]}” are highly correlated (r = ${r.toFixed(2)}): they carry almost the same information, and some models need only one of them.`,
      });
    }
  }
  return out;
}

const MEASURE_NAMES: Record<TargetRelation['measure'], string> = { pearson: 'r', eta: 'η', 'cramers-v': 'Cramér’s V' };

function leakage({ target, columns, rows }: WarningInput): ProfileWarning[] {
  if (!target) return [];
  const out: ProfileWarning[] = [];
  for (const relation of target.relations) {
    const feature = columns.find((c) => c.name === relation.column);
    if (relation.equalsTarget) {
      out.push({
        kind: 'leakage',
        columns: [relation.column, target.column],
        message: `“${relation.column}” holds exactly the same values as the target “${target.column}”: it gives the answer away. Leave it out of the features.`,
      });
      continue;
    }
    if (relation.value === null || relation.strength < LEAKAGE || relation.rows < LEAKAGE_MIN_ROWS) continue;
    // An ID's or a name's η is high by chance (one row per category); the ID warning covers it.
    if (relation.note !== null || (feature && isIdLike(feature, rows))) continue;
    out.push({
      kind: 'leakage',
      columns: [relation.column, target.column],
      message: `“${relation.column}” predicts the target “${target.column}” almost perfectly (${MEASURE_NAMES[relation.measure]} = ${relation.value.toFixed(2)}). It may leak the answer — something known only once the outcome is known. Check before using it as a feature.`,
    });
  }
  return out;
}

function classImbalance({ target }: WarningInput): ProfileWarning[] {
  if (!target || target.kind !== 'categorical' || target.classes.length < 2) return [];
  const largest = target.classes[0];
  const smallest = target.classes[target.classes.length - 1];
  if (smallest.count >= IMBALANCE_RATIO * largest.count) return [];
  return [{
    kind: 'class-imbalance',
    columns: [target.column],
    message: `The classes of “${target.column}” are imbalanced: “${smallest.value}” has ${smallest.count} rows, under a tenth of “${largest.value}” (${largest.count} rows). Accuracy alone will look good even for a model that ignores “${smallest.value}”: look at precision and recall too, and stratify the split.`,
  }];
}
