/**
 * The Clean step's menu: each operation's step kind, in menu order, with the name the core gives
 * that kind (`STEP_LABELS`, the one list of step names) and which `Column` choice it takes.
 */
import { STEP_LABELS } from '../../../core/data/recipe/step-labels';
import type { RecipeStepKind } from '../../../core/data/recipe/steps';

export interface Operation {
  kind: RecipeStepKind;
  label: string;
  /** Whether the operation works on one column chosen in the `Column` field. */
  column: 'one' | 'optional' | 'none';
}

/** Labelling has a step of its own (Label); the other kinds are cleaning operations. */
const MENU: readonly Omit<Operation, 'label'>[] = [
  { kind: 'impute', column: 'one' },
  { kind: 'drop-missing', column: 'optional' },
  { kind: 'drop-column', column: 'one' },
  { kind: 'rename-column', column: 'one' },
  { kind: 'dedupe', column: 'optional' },
  { kind: 'cast', column: 'one' },
  { kind: 'clip', column: 'one' },
  { kind: 'filter', column: 'one' },
  { kind: 'derive', column: 'one' },
  { kind: 'trim', column: 'one' },
  { kind: 'replace', column: 'one' },
  { kind: 'append', column: 'none' },
  { kind: 'join', column: 'one' },
];

export const operations: readonly Operation[] = MENU.map((operation) => ({ ...operation, label: STEP_LABELS[operation.kind] }));
