import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('imputeLowering', () => {
  it('fills a missing number or an empty text in the graph', () => {
    expect(lower({ kind: 'impute', column: 'age', strategy: 'median', fitted: { value: 40, from: 'train', rows: 10 } }).handling).toMatchObject({
      how: 'expression',
      reason: 'In the graph: a missing age (NaN) becomes 40.',
      nodes: [{ op: 'fill', value: 40, step: 0, column: 'age' }],
    });
    expect(lower({ kind: 'impute', column: 'city', strategy: 'constant', constant: 'Oslo' }).handling).toMatchObject({
      how: 'expression',
      nodes: [{ op: 'fill-text', value: 'Oslo' }],
    });
  });

  it('fills a date with its epoch milliseconds', () => {
    const day = Date.UTC(2021, 0, 1);
    const { handling } = lower({ kind: 'impute', column: 'since', strategy: 'median', fitted: { value: day, from: 'train', rows: 10 } });
    expect(handling).toMatchObject({ how: 'expression', nodes: [{ op: 'fill', value: day }] });
  });

  it('cannot fill in without a fitted value', () => {
    expect(lower({ kind: 'impute', column: 'age', strategy: 'median' }).handling).toMatchObject({ how: 'cut', why: 'The graph cannot fill in age: the step has no fitted value' });
  });
});
