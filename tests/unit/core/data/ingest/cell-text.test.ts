import { describe, expect, it } from 'vitest';
import { bytesPrintDifferently, detach, mayPrintDifferently, storeKindOf, storedValueText, valueText } from '$src/core/data/ingest/cell-text';
import { TokenKind } from '$src/core/data/ingest/tokens';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('cell text', () => {
  it('stores numbers, booleans and dates in the numeric store, and nothing else', () => {
    expect(storeKindOf(TokenKind.Integer)).toBe('number');
    expect(storeKindOf(TokenKind.Number)).toBe('number');
    expect(storeKindOf(TokenKind.Boolean)).toBe('boolean');
    expect(storeKindOf(TokenKind.Date)).toBe('date');
    expect(storeKindOf(TokenKind.Text)).toBeNull();
    expect(storeKindOf(TokenKind.Code)).toBeNull();
  });

  it('prints a stored value the way a cell gets it back', () => {
    const day = Date.UTC(2025, 11, 24);
    expect(valueText(TokenKind.Boolean, 1)).toBe('true');
    expect(valueText(TokenKind.Date, day)).toBe(storedValueText('date', day));
    expect(storedValueText('boolean', 0)).toBe('false');
    expect(storedValueText('number', 1.5)).toBe('1.5');
    expect(storedValueText(null, 3)).toBe('3');
  });

  it('flags every written form that may print differently, and passes the plain ones', () => {
    for (const text of ['1.50', '+5', '007', '.5', '1e3', 'TRUE', '1234567890123456']) {
      const kind = text === 'TRUE' ? TokenKind.Boolean : TokenKind.Number;
      expect(mayPrintDifferently(kind, text), text).toBe(true);
    }
    for (const text of ['15', '-2.25', '0.5', '0']) expect(mayPrintDifferently(TokenKind.Number, text), text).toBe(false);
    expect(mayPrintDifferently(TokenKind.Boolean, 'false')).toBe(false);
  });

  it('compares a cell of bytes with how its value prints', () => {
    const b = bytes('x1.50y');
    expect(bytesPrintDifferently(TokenKind.Number, 1.5, b, 1, 5)).toBe(true);
    expect(bytesPrintDifferently(TokenKind.Number, 1.5, bytes('1.5'), 0, 3)).toBe(false);
    expect(bytesPrintDifferently(TokenKind.Number, 1000, bytes('1.0e3'), 0, 5)).toBe(true);
  });

  it('copies a long cell without changing it', () => {
    const long = 'a fairly long cell of text';
    expect(detach(long)).toBe(long);
    expect(detach('short')).toBe('short');
  });
});
