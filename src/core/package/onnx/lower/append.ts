/**
 * Append: adds training rows, so it changes no single served row; the columns only the other
 * dataset has become inputs the caller sends.
 */
import type { InputExpr } from '../expr';
import type { StepLowering } from './lowering';

export const appendLowering: StepLowering<'append'> = {
  kind: 'append',
  lower(step, { index, columns, options }) {
    const added: InputExpr[] = [];
    for (const c of options.datasetColumns?.[step.datasetId] ?? []) {
      if (!columns.has(c.name)) added.push(columns.addDatasetColumn(c.name, c.type, index));
    }
    columns.joinedAt(index);
    return { how: 'row-set', reason: `Skipped by design: it adds the rows of ${step.datasetName} to the training data, which changes no single row.`, columns: added };
  },
};
