import { describe, expect, it } from 'vitest';
import { domainOf, domainOfType, graphNumber, nodesUnder } from '$src/core/package/onnx/expr';
import type { Expr, InputExpr } from '$src/core/package/onnx/expr';

const input = (column: string, domain: 'number' | 'text' | null): InputExpr => ({
  op: 'input',
  name: column,
  source: 'raw',
  column,
  type: domain === 'text' ? 'text' : domain === 'number' ? 'number' : null,
  domain,
});

describe('expression domains', () => {
  it('holds text as text and every other type as numbers', () => {
    expect(domainOfType('text')).toBe('text');
    expect(domainOfType('date')).toBe('number');
    expect(domainOfType('boolean')).toBe('number');
    expect(domainOfType(null)).toBeNull();
  });

  it('gives text for the text operations and numbers for the others', () => {
    const word = input('word', 'text');
    const x = input('x', 'number');
    expect(domainOf({ op: 'fill-text', x: word, value: 'a', column: 'word' })).toBe('text');
    expect(domainOf({ op: 'boolean-text', x, column: 'x' })).toBe('text');
    expect(domainOf({ op: 'clip', x, lower: 0, upper: 1, column: 'x' })).toBe('number');
    expect(domainOf(input('y', null))).toBeNull();
  });
});

describe('nodesUnder', () => {
  it('lists a node shared by two branches once, the root and leaves included', () => {
    const x = input('x', 'number');
    const filled: Expr = { op: 'fill', x, value: 0, column: 'x', step: 0 };
    const sum: Expr = { op: 'arithmetic', fn: 'add', left: filled, right: filled, column: 's', step: 1 };
    const flag: Expr = { op: 'condition', match: 'all', tests: [{ x: sum, domain: 'number', op: 'greater', values: [1] }], column: 'f', step: 2 };
    expect([...nodesUnder(flag)]).toEqual([flag, sum, filled, x]);
  });
});

describe('graphNumber', () => {
  it('reads booleans as 1/0, dates as epoch ms and missing as NaN', () => {
    expect(graphNumber(true)).toBe(1);
    expect(graphNumber(false)).toBe(0);
    expect(graphNumber(new Date(Date.UTC(2021, 0, 2)))).toBe(Date.UTC(2021, 0, 2));
    expect(graphNumber(2.5)).toBe(2.5);
    expect(graphNumber(null)).toBeNaN();
    expect(graphNumber('3')).toBeNaN();
  });
});
