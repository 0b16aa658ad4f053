/** Trim: not expressible, because no text operator in opset 17 removes white space. */
import type { StepLowering } from './lowering';

export const trimLowering: StepLowering<'trim'> = {
  kind: 'trim',
  lower(step, { index, columns, notExpressible }) {
    columns.get(step.column, index);
    return notExpressible(step.column, 'text', 'ONNX (opset 17) has no operator that removes white space from text', 'trim the values before sending them');
  },
};
