/**
 * What both label steps (by rule, by hand) do to the graph: labels concern the target, not one
 * served row. When the model uses the labelled column as an input, the graph takes it as it is
 * after the step.
 */
import type { Handling, StepAt } from './lowering';

export function lowerLabel(column: string, { index, columns }: StepAt): Handling {
  const existing = columns.find(column);
  const node = columns.cut(index, column, existing === undefined ? 'text' : existing.type);
  return { how: 'label', node, column };
}
