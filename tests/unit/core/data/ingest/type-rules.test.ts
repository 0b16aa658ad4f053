import { describe, expect, it } from 'vitest';
import { allowedMisfits, chooseType, fittingCount } from '$src/core/data/ingest/type-rules';
import { TokenKind } from '$src/core/data/ingest/tokens';

/** Cell counts per TokenKind. */
function counts(by: Partial<Record<TokenKind, number>>): Float64Array {
  const c = new Float64Array(7);
  for (const [kind, n] of Object.entries(by)) c[Number(kind)] = n;
  return c;
}

describe('type rules', () => {
  it('allows 2% of the values, rounded down, to miss the type', () => {
    expect(allowedMisfits(49)).toBe(0);
    expect(allowedMisfits(50)).toBe(1);
    expect(allowedMisfits(1000)).toBe(20);
  });

  it('chooses integer, number, boolean or date when few enough values miss it', () => {
    expect(chooseType(counts({ [TokenKind.Integer]: 49, [TokenKind.Text]: 1 }), 50)).toBe('integer');
    expect(chooseType(counts({ [TokenKind.Integer]: 40, [TokenKind.Number]: 10 }), 50)).toBe('number');
    expect(chooseType(counts({ [TokenKind.Boolean]: 49, [TokenKind.Integer]: 1 }), 50)).toBe('boolean');
    expect(chooseType(counts({ [TokenKind.Date]: 50 }), 50)).toBe('date');
  });

  it('keeps codes and mixed columns as text, and a column without values too', () => {
    expect(chooseType(counts({ [TokenKind.Integer]: 40, [TokenKind.Code]: 1 }), 41)).toBe('text');
    expect(chooseType(counts({ [TokenKind.Integer]: 48, [TokenKind.Text]: 2 }), 50)).toBe('text');
    expect(chooseType(counts({}), 0)).toBe('text');
  });

  it('counts the cells that fit a type', () => {
    const c = counts({ [TokenKind.Integer]: 3, [TokenKind.Number]: 2, [TokenKind.Code]: 1, [TokenKind.Boolean]: 4, [TokenKind.Date]: 5 });
    expect(fittingCount(c, 'number')).toBe(6);
    expect(fittingCount(c, 'integer')).toBe(6);
    expect(fittingCount(c, 'boolean')).toBe(4);
    expect(fittingCount(c, 'date')).toBe(5);
  });
});
