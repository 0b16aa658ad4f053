import { describe, expect, it } from 'vitest';
import { deriveStep, describeExpression } from '$src/core/data/recipe/derive';
import { RecipeError } from '$src/core/data/recipe/handler';
import { frameFromColumns, rowIds } from '$src/core/data/recipe/frame-ops';
import type { Frame } from '$src/core/data/frame';
import type { DeriveExpression, StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'derive'>;

const frame = makeFrame({
  a: [1, 2, null, 4, -3],
  b: [2, 0, 5, null, 3],
  x: [0.5, 1, 2, 4, -1],
  name: ['p', 'q', 'r', 's', 't'],
});

function derive(expression: DeriveExpression, name = 'out'): Frame {
  const step: Step = { kind: 'derive', name, expression };
  expect(deriveStep.check(step, frame, context())).toBeNull();
  return deriveStep.apply(step, frame, context());
}

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('derive', () => {
  it('adds arithmetic of two columns at the end; missing in, missing out', () => {
    const before = snapshot(frame);
    const out = derive({ op: 'add', left: { column: 'a' }, right: { column: 'b' } });
    expect(out.columns.map((c) => c.name)).toEqual(['a', 'b', 'x', 'name', 'out']);
    expect(cells(out, 'out')).toEqual([3, 2, null, null, 0]);
    expect(info(out, 'out')).toEqual({ name: 'out', type: 'integer', missing: 2 });
    expect(Array.from(rowIds(out))).toEqual([0, 1, 2, 3, 4]);
    expect(snapshot(frame)).toEqual(before);
  });

  it('keeps whole numbers as integers only for add, subtract and multiply of integers', () => {
    expect(info(derive({ op: 'subtract', left: { column: 'a' }, right: { constant: 1 } }), 'out').type).toBe('integer');
    expect(info(derive({ op: 'multiply', left: { column: 'a' }, right: { column: 'b' } }), 'out').type).toBe('integer');
    expect(info(derive({ op: 'multiply', left: { column: 'a' }, right: { constant: 1.5 } }), 'out').type).toBe('number');
    expect(info(derive({ op: 'add', left: { column: 'a' }, right: { column: 'x' } }), 'out').type).toBe('number');
    expect(info(derive({ op: 'divide', left: { column: 'a' }, right: { constant: 1 } }), 'out').type).toBe('number');
    expect(info(derive({ op: 'power', left: { column: 'a' }, right: { constant: 2 } }), 'out').type).toBe('number');
    expect(info(derive({ op: 'square', operand: { column: 'a' } }), 'out').type).toBe('integer');
    expect(info(derive({ op: 'abs', operand: { column: 'a' } }), 'out').type).toBe('integer');
    expect(info(derive({ op: 'sqrt', operand: { column: 'a' } }), 'out').type).toBe('number');
  });

  it('makes division by zero missing', () => {
    const out = derive({ op: 'divide', left: { column: 'a' }, right: { column: 'b' } });
    expect(cells(out, 'out')).toEqual([0.5, null, null, null, -1]);
    expect(info(out, 'out')).toEqual({ name: 'out', type: 'number', missing: 3 });
    expect(cells(derive({ op: 'divide', left: { column: 'a' }, right: { constant: 0 } }), 'out')).toEqual([null, null, null, null, null]);
  });

  it('computes functions of one operand; log of zero or less and sqrt of a negative are missing', () => {
    expect(cells(derive({ op: 'log', operand: { column: 'b' } }), 'out')).toEqual([Math.log(2), null, Math.log(5), null, Math.log(3)]);
    expect(cells(derive({ op: 'sqrt', operand: { column: 'x' } }), 'out')).toEqual([Math.sqrt(0.5), 1, Math.sqrt(2), 2, null]);
    expect(cells(derive({ op: 'abs', operand: { column: 'a' } }), 'out')).toEqual([1, 2, null, 4, 3]);
    expect(cells(derive({ op: 'square', operand: { column: 'x' } }), 'out')).toEqual([0.25, 1, 4, 16, 1]);
    expect(cells(derive({ op: 'exp', operand: { column: 'x' } }), 'out')).toEqual([Math.exp(0.5), Math.E, Math.exp(2), Math.exp(4), Math.exp(-1)]);
    expect(cells(derive({ op: 'power', left: { column: 'x' }, right: { constant: 0.5 } }), 'out')).toEqual([Math.sqrt(0.5), 1, Math.sqrt(2), 2, null]);
  });

  it('makes overflowing results missing instead of infinite', () => {
    const out = derive({ op: 'exp', operand: { constant: 1000 } });
    expect(info(out, 'out')).toMatchObject({ type: 'number', missing: 5 });
    const huge = derive({ op: 'multiply', left: { column: 'a' }, right: { constant: 2 ** 52 } });
    expect(info(huge, 'out').type).toBe('number');
  });

  it('makes a boolean column from a condition; missing cells give false', () => {
    const out = derive({ op: 'condition', where: { match: 'all', conditions: [{ column: 'a', op: 'greater', value: 1 }] } }, 'big');
    expect(cells(out, 'big')).toEqual([false, true, false, true, false]);
    expect(info(out, 'big')).toEqual({ name: 'big', type: 'boolean', missing: 0 });
  });

  it('refuses an empty or existing name', () => {
    const expression: DeriveExpression = { op: 'abs', operand: { column: 'a' } };
    expect(deriveStep.check({ kind: 'derive', name: '  ', expression }, frame, context())).toBe('Give the new column a name.');
    expect(deriveStep.check({ kind: 'derive', name: 'b', expression }, frame, context())).toBe('There is already a column named b. Pick another name.');
    expect(() => deriveStep.apply({ kind: 'derive', name: 'b', expression }, frame, context())).toThrow(RecipeError);
  });

  it('refuses non-numeric or unknown operands and bad constants', () => {
    const check = (expression: DeriveExpression) => deriveStep.check({ kind: 'derive', name: 'n', expression }, frame, context());
    expect(check({ op: 'add', left: { column: 'a' }, right: { column: 'name' } }))
      .toBe('name holds text; arithmetic needs a column of numbers (cast it to a number first).');
    expect(check({ op: 'log', operand: { column: 'gone' } })).toBe('There is no column gone (any more).');
    expect(check({ op: 'add', left: { constant: Number.NaN }, right: { column: 'a' } })).toBe("'NaN' is not a number.");
    expect(check({ op: 'modulo' as never, left: { column: 'a' }, right: { column: 'b' } })).toBe("Unknown operation 'modulo'.");
    expect(check({ op: 'condition', where: { match: 'all', conditions: [{ column: 'name', op: 'less', value: 'x' }] } })).toMatch(/^name holds text, so it cannot be tested/);
  });

  it('describes itself', () => {
    expect(deriveStep.describe({ kind: 'derive', name: 'ratio', expression: { op: 'divide', left: { column: 'a' }, right: { column: 'b' } } })).toBe('New column ratio = a ÷ b');
    expect(describeExpression({ op: 'subtract', left: { column: 'a' }, right: { constant: 2.5 } })).toBe('a - 2.5');
    expect(describeExpression({ op: 'log', operand: { column: 'income' } })).toBe('log(income)');
    expect(describeExpression({ op: 'square', operand: { column: 'x' } })).toBe('x²');
    expect(describeExpression({ op: 'abs', operand: { column: 'x' } })).toBe('|x|');
    expect(describeExpression({ op: 'condition', where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }] } })).toBe('(age > 65)');
  });

  it('derives over a million rows well under a second', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 101 === 0 ? NaN : i;
      y[i] = i % 10;
    }
    const big = frameFromColumns([
      { info: { name: 'x', type: 'integer', missing: 0 }, values: x },
      { info: { name: 'y', type: 'integer', missing: 0 }, values: y },
    ], Float64Array.from({ length: n }, (_, i) => i));
    const step: Step = { kind: 'derive', name: 'r', expression: { op: 'divide', left: { column: 'x' }, right: { column: 'y' } } };
    expect(deriveStep.check(step, big, context())).toBeNull();
    const out = deriveStep.apply(step, big, context());
    expect(info(out, 'r').missing).toBe(100_000 + Math.ceil(n / 101) - Math.ceil(n / 1010));
  });
});
