import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('deriveLowering', () => {
  it('keeps a whole-number result of whole-number operands an integer, and a division a number', () => {
    const next = lower({ kind: 'derive', name: 'next', expression: { op: 'add', left: { column: 'age' }, right: { constant: 1 } } });
    expect(next.columns.find('next')).toMatchObject({ type: 'integer', expr: { op: 'arithmetic', fn: 'add' } });
    const half = lower({ kind: 'derive', name: 'half', expression: { op: 'divide', left: { column: 'age' }, right: { constant: 2 } } });
    expect(half.columns.find('half')).toMatchObject({ type: 'number' });
    const log = lower({ kind: 'derive', name: 'log_income', expression: { op: 'log', operand: { column: 'income' } } });
    expect(log.handling).toMatchObject({ how: 'expression', nodes: [{ op: 'function', fn: 'log' }] });
  });

  it('tests conditions in the graph as a true/false column', () => {
    const { handling, columns } = lower({
      kind: 'derive',
      name: 'senior',
      expression: { op: 'condition', where: { match: 'any', conditions: [{ column: 'age', op: 'greater-or-equal', value: 65 }, { column: 'city', op: 'equals', value: 'Oslo' }] } },
    });
    expect(handling).toMatchObject({ how: 'expression', nodes: [{ op: 'condition', match: 'any', tests: [{ domain: 'number', values: [65] }, { domain: 'text', values: ['Oslo'] }] }] });
    expect(columns.find('senior')?.type).toBe('boolean');
  });

  it('cannot search text in a condition', () => {
    const { handling } = lower({
      kind: 'derive',
      name: 'oslo',
      expression: { op: 'condition', where: { match: 'all', conditions: [{ column: 'city', op: 'contains', value: 'Os' }] } },
    });
    expect(handling).toMatchObject({ how: 'cut', column: 'oslo', advice: 'send 1 where the condition holds, 0 elsewhere' });
  });
});
