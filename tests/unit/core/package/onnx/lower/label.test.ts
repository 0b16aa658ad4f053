import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('label lowerings', () => {
  it('take a labelled column as it is after the label step', () => {
    expect(lower({ kind: 'label-manual', column: 'city', labels: { 1: 'Bergen' } }).handling).toMatchObject({ how: 'label', column: 'city', node: { source: 'cleaned', type: 'text' } });
    const rule = lower({ kind: 'label-rule', column: 'age', where: { match: 'all', conditions: [{ column: 'age', op: 'less', value: 30 }] }, label: 'young' });
    expect(rule.handling).toMatchObject({ how: 'label', column: 'age', node: { source: 'cleaned', type: 'integer' } });
  });

  it('take a new label column as text', () => {
    expect(lower({ kind: 'label-manual', column: 'outcome', labels: { 1: 'yes' } }).handling).toMatchObject({ node: { column: 'outcome', type: 'text', domain: 'text' } });
  });
});
