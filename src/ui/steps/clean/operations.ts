/** The Clean step's menu: each operation's name (as docs/ui-names.md spells it) and step kind. */
import type { RecipeStepKind } from '../../../core/data/recipe/steps';

export interface Operation {
  kind: RecipeStepKind;
  label: string;
  /** Whether the operation works on one column chosen in the `Column` field. */
  column: 'one' | 'optional' | 'none';
}

export const operations: readonly Operation[] = [
  { kind: 'impute', label: 'Impute missing values', column: 'one' },
  { kind: 'drop-missing', label: 'Drop rows with missing values', column: 'optional' },
  { kind: 'drop-column', label: 'Drop column', column: 'one' },
  { kind: 'rename-column', label: 'Rename column', column: 'one' },
  { kind: 'dedupe', label: 'Remove duplicate rows', column: 'optional' },
  { kind: 'cast', label: 'Cast type', column: 'one' },
  { kind: 'clip', label: 'Clip outliers', column: 'one' },
  { kind: 'filter', label: 'Filter rows', column: 'one' },
  { kind: 'derive', label: 'Derive column', column: 'one' },
  { kind: 'trim', label: 'Trim text', column: 'one' },
  { kind: 'replace', label: 'Replace values', column: 'one' },
  { kind: 'append', label: 'Append rows of another dataset', column: 'none' },
  { kind: 'join', label: 'Join another dataset', column: 'one' },
];
