/**
 * Turns the Clean step's form into a recipe step object. Values typed by the user become
 * constants of the column's type; nothing typed is ever run as code.
 */
import type { ColumnInfo } from '../../../core/data/columns';
import type { ComparisonOp, DateFormat, DeriveExpression, ImputeStrategy, RecipeStep, RecipeStepKind, Scalar } from '../../../core/data/recipe/steps';
import type { ColumnType } from '../../../core/data/columns';
import { operations } from './operations';
import { parseNumberText } from '../../../core/number-input';

export interface StepForm {
  kind: RecipeStepKind;
  column: string;
  strategy: ImputeStrategy;
  constant: string;
  newName: string;
  castTo: ColumnType;
  dateFormat: DateFormat;
  clipMethod: 'iqr' | 'percentile';
  k: string;
  lowerPercentile: string;
  upperPercentile: string;
  keep: 'keep' | 'drop';
  comparison: ComparisonOp;
  value: string;
  formula: 'add' | 'subtract' | 'multiply' | 'divide' | 'power' | 'log' | 'sqrt' | 'abs' | 'square' | 'exp';
  secondOperand: string;
  replaceFrom: string;
  replaceTo: string;
  datasetId: string;
  rightKey: string;
  how: 'left' | 'inner';
}

export const CONSTANT_OPERAND = '\u0000constant';
export const ALL_COLUMNS = '';

export function emptyForm(columns: readonly ColumnInfo[]): StepForm {
  // Start where cleaning usually starts: the first column with missing values (else a numeric
  // one), with a strategy that suits it, so the first preview is not a complaint.
  const first = columns.find((c) => c.missing > 0) ?? columns.find(isNumeric) ?? columns[0];
  const strategy = first === undefined || isNumeric(first) ? 'median' : 'most-frequent';
  return {
    kind: 'impute', column: first?.name ?? '', strategy, constant: '', newName: '', castTo: 'number', dateFormat: 'auto',
    clipMethod: 'iqr', k: '1.5', lowerPercentile: '1', upperPercentile: '99', keep: 'keep', comparison: 'equals',
    value: '', formula: 'add', secondOperand: CONSTANT_OPERAND, replaceFrom: '', replaceTo: '', datasetId: '',
    rightKey: '', how: 'left',
  };
}

/**
 * The form after the user picks another operation: the column field starts where that operation
 * is safe and expected, rather than on whatever column the previous operation used. Operations
 * over rows (Remove duplicate rows, Drop rows with missing values) start on "All columns": a
 * row is a duplicate when it equals another in every column, and one column alone would
 * remove every row that merely shares a value there. One-column operations keep the chosen column
 * where it fits them and otherwise take the first that does (numbers for clipping and formulas,
 * text for trimming, a column with gaps for imputing). Every other field keeps what was typed.
 */
export function chooseOperation(form: StepForm, kind: RecipeStepKind, columns: readonly ColumnInfo[]): StepForm {
  const operation = operations.find((o) => o.kind === kind);
  let column = form.column;
  if (operation?.column === 'optional') column = ALL_COLUMNS;
  else if (operation?.column === 'one') {
    const fits = COLUMN_FITS[kind] ?? (() => true);
    const current = columns.find((c) => c.name === form.column);
    if (current === undefined || !fits(current)) column = (columns.find(fits) ?? columns[0])?.name ?? '';
  }
  return { ...form, kind, column };
}

const isNumeric = (c: ColumnInfo): boolean => c.type === 'number' || c.type === 'integer';

/** Which columns a one-column operation is meant for (all, where absent). */
const COLUMN_FITS: Partial<Record<RecipeStepKind, (c: ColumnInfo) => boolean>> = {
  impute: (c) => c.missing > 0,
  clip: isNumeric,
  derive: isNumeric,
  trim: (c) => c.type === 'text',
};

/** A typed value for a column: numbers for numeric columns, booleans for boolean ones, else text; '' is missing where allowed. */
export function typedValue(text: string, type: ColumnType | undefined, emptyIsMissing = false): Scalar {
  const trimmed = text.trim();
  if (emptyIsMissing && trimmed === '') return null;
  const number = type === 'number' || type === 'integer' ? parseNumberText(trimmed) : null;
  if (number !== null) return number;
  if (type === 'boolean' && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return type === 'text' ? text : trimmed;
}

/** A number field's value as typed ("1,5" included); NaN, which the step's own check refuses, when it is none. */
function number(value: string | number | null | undefined): number {
  if (typeof value === 'number') return value;
  return value === null || value === undefined ? NaN : (parseNumberText(value) ?? NaN);
}

export function buildStep(form: StepForm, columns: readonly ColumnInfo[], datasetNames: Record<string, string>): RecipeStep {
  const type = columns.find((c) => c.name === form.column)?.type;
  switch (form.kind) {
    case 'impute':
      return form.strategy === 'constant'
        ? { kind: 'impute', column: form.column, strategy: 'constant', constant: typedValue(form.constant, type) }
        : { kind: 'impute', column: form.column, strategy: form.strategy };
    case 'drop-missing':
      return { kind: 'drop-missing', columns: form.column === ALL_COLUMNS ? [] : [form.column] };
    case 'drop-column':
      return { kind: 'drop-column', column: form.column };
    case 'rename-column':
      return { kind: 'rename-column', column: form.column, to: form.newName.trim() };
    case 'dedupe':
      return { kind: 'dedupe', columns: form.column === ALL_COLUMNS ? [] : [form.column] };
    case 'cast':
      return form.castTo === 'date' ? { kind: 'cast', column: form.column, to: 'date', dateFormat: form.dateFormat } : { kind: 'cast', column: form.column, to: form.castTo };
    case 'clip':
      return form.clipMethod === 'iqr'
        ? { kind: 'clip', column: form.column, method: 'iqr', k: number(form.k) }
        : { kind: 'clip', column: form.column, method: 'percentile', lowerPercentile: number(form.lowerPercentile), upperPercentile: number(form.upperPercentile) };
    case 'filter': {
      const needsValue = form.comparison !== 'is-missing' && form.comparison !== 'is-not-missing';
      const condition = form.comparison === 'one-of'
        ? { column: form.column, op: form.comparison, values: form.value.split(',').map((v) => typedValue(v.trim(), type)) }
        : needsValue
          ? { column: form.column, op: form.comparison, value: typedValue(form.value, type) }
          : { column: form.column, op: form.comparison };
      return { kind: 'filter', keep: form.keep === 'keep', where: { match: 'all', conditions: [condition] } };
    }
    case 'derive': {
      const left = { column: form.column };
      const unary = ['log', 'sqrt', 'abs', 'square', 'exp'].includes(form.formula);
      const right = form.secondOperand === CONSTANT_OPERAND ? { constant: number(form.constant) } : { column: form.secondOperand };
      const expression = (unary
        ? { op: form.formula, operand: left }
        : { op: form.formula, left, right }) as DeriveExpression;
      return { kind: 'derive', name: form.newName.trim(), expression };
    }
    case 'trim':
      return { kind: 'trim', column: form.column };
    case 'replace':
      return { kind: 'replace', column: form.column, from: typedValue(form.replaceFrom, type, true), to: typedValue(form.replaceTo, type, true) };
    case 'append':
      return { kind: 'append', datasetId: form.datasetId, datasetName: datasetNames[form.datasetId] ?? '' };
    case 'join':
      return { kind: 'join', datasetId: form.datasetId, datasetName: datasetNames[form.datasetId] ?? '', leftKey: form.column, rightKey: form.rightKey, how: form.how };
    case 'label-rule':
    case 'label-manual':
      throw new Error('Labels are given in the Label step.');
  }
}
