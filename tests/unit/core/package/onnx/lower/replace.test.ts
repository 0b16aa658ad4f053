import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('replaceLowering', () => {
  it('replaces a number, compared as float32, or a missing one', () => {
    expect(lower({ kind: 'replace', column: 'income', from: -1, to: null }).handling).toMatchObject({
      how: 'expression',
      reason: 'In the graph: income equal to -1 (compared as float32, the precision of the input) becomes missing.',
      nodes: [{ op: 'replace', from: -1 }],
    });
    expect(lower({ kind: 'replace', column: 'income', from: null, to: 0 }).handling).toMatchObject({ nodes: [{ op: 'replace', from: null, to: 0 }] });
  });

  it('replaces a text, with the empty text for missing', () => {
    expect(lower({ kind: 'replace', column: 'city', from: 'Olso', to: 'Oslo' }).handling).toMatchObject({ nodes: [{ op: 'replace-text', from: 'Olso', to: 'Oslo' }] });
    expect(lower({ kind: 'replace', column: 'city', from: null, to: 'none' }).handling).toMatchObject({ nodes: [{ op: 'replace-text', from: '', to: 'none' }] });
  });
});
