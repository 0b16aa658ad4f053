/**
 * Join: the graph cannot look rows up in another dataset, so the joined columns a feature needs
 * become inputs the caller looks up (named as the join names them: `x (right)` on a clash).
 */
import type { InputExpr } from '../expr';
import type { StepLowering } from './lowering';

export const joinLowering: StepLowering<'join'> = {
  kind: 'join',
  lower(step, { index, columns, options }) {
    const added: InputExpr[] = [];
    const other = options.datasetColumns?.[step.datasetId];
    if (other !== undefined) {
      const taken = new Set(columns.names());
      for (const c of other) {
        if (c.name === step.rightKey) continue;
        let name = c.name;
        if (taken.has(name)) {
          name = `${c.name} (right)`;
          for (let k = 2; taken.has(name); k++) name = `${c.name} (right ${k})`;
        }
        taken.add(name);
        added.push(columns.addDatasetColumn(name, c.type, index));
      }
    }
    columns.joinedAt(index);
    return { how: 'join', step, columns: added };
  },
};
