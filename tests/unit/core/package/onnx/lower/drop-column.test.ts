import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('dropColumnLowering', () => {
  it('drops by bookkeeping only', () => {
    const { handling, columns } = lower({ kind: 'drop-column', column: 'age' });
    expect(handling).toEqual({ how: 'bookkeeping', reason: 'Bookkeeping only: nothing in the graph reads age after this step.' });
    expect(columns.has('age')).toBe(false);
  });
});
