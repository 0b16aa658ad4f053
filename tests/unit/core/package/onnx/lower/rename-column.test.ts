import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('renameColumnLowering', () => {
  it('renames by bookkeeping only: the input keeps its raw name', () => {
    const { handling, columns } = lower({ kind: 'rename-column', column: 'age', to: 'years' });
    expect(handling).toMatchObject({ how: 'bookkeeping' });
    expect(columns.find('years')?.expr).toBe(columns.rawInputs[0]);
    expect(columns.has('age')).toBe(false);
  });
});
