import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('trimLowering', () => {
  it('cannot trim in the graph: the column becomes a cleaned input', () => {
    const { handling, columns } = lower({ kind: 'trim', column: 'city' });
    expect(handling).toMatchObject({ how: 'cut', column: 'city', advice: 'trim the values before sending them', why: 'ONNX (opset 17) has no operator that removes white space from text' });
    expect(columns.find('city')?.expr).toMatchObject({ source: 'cleaned', step: 0, domain: 'text' });
  });
});
