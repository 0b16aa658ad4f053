import { describe, expect, it } from 'vitest';
import type { ColumnType } from '$src/core/data/columns';
import { castHandling } from '$src/core/package/onnx/lower/cast';
import { lower } from './helpers';

describe('castHandling', () => {
  it('does in the graph what keeps or checks numbers', () => {
    const done: [ColumnType, ColumnType, string][] = [
      ['integer', 'number', 'same'],
      ['date', 'integer', 'same'],
      ['number', 'integer', 'integer'],
      ['number', 'boolean', 'boolean'],
      ['number', 'date', 'date'],
      ['boolean', 'text', 'boolean-text'],
    ];
    for (const [from, to, expr] of done) expect(castHandling(from, to)).toEqual({ expr });
  });

  it('gives the reason for the casts the graph cannot do', () => {
    expect(castHandling('text', 'number')).toEqual({ reason: expect.stringMatching(/^Reading text as numbers by the studio's rules/) });
    expect(castHandling('number', 'text')).toEqual({ reason: expect.stringMatching(/^Writing numbers as text/) });
    expect(castHandling('date', 'boolean')).toEqual({ reason: 'Dates cannot become true/false values' });
    expect(castHandling('boolean', 'date')).toEqual({ reason: 'True/false values cannot become dates' });
  });
});

describe('castLowering', () => {
  it('does nothing for a cast to the same numbers, and checks values for one that may lose them', () => {
    expect(lower({ kind: 'cast', column: 'age', to: 'number' }).handling).toMatchObject({ how: 'values-unchanged' });
    expect(lower({ kind: 'cast', column: 'income', to: 'integer' }).handling).toMatchObject({ how: 'expression', nodes: [{ op: 'cast', to: 'integer' }] });
    expect(lower({ kind: 'cast', column: 'member', to: 'text' }).handling).toMatchObject({ how: 'expression', nodes: [{ op: 'boolean-text' }] });
  });

  it('cannot read text by the studio\'s rules', () => {
    expect(lower({ kind: 'cast', column: 'city', to: 'number' }).handling).toMatchObject({ how: 'cut', advice: 'cast the values before sending them' });
  });
});
