import { describe, expect, it } from 'vitest';
import { formatForEditing, NumberInputError, parseNumberText, readNumber } from '$src/core/number-input';

describe('parseNumberText', () => {
  it.each([
    ['0,8', 0.8],
    ['0.8', 0.8],
    [' 1 234,5 ', 1234.5],
    ['1\u00a0234\u202f567', 1234567],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['-0,25', -0.25],
    ['\u22123', -3],
    ['+7', 7],
    [',5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['2,5E2', 250],
    ['42', 42],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text)).toBe(value);
  });

  it.each(['', '   ', 'abc', '0,8,1', '1,2,3', '12 34', '1.2.3', '1..2', '0.8,5', '1e', '--1', 'Infinity', 'NaN', '1 2', '0x10', '1e400'])(
    'refuses %j', (text) => {
      expect(parseNumberText(text)).toBeNull();
    },
  );
});

describe('readNumber', () => {
  it('returns the value when it meets the rule', () => {
    expect(readNumber('0,8', { label: 'Threshold', min: 0, max: 1 })).toBe(0.8);
    expect(readNumber('10', { label: 'Epochs', min: 1, whole: true })).toBe(10);
    expect(readNumber(3, { label: 'Seed', whole: true })).toBe(3);
  });

  it('names the field, the rule and what was typed', () => {
    expect(() => readNumber('abc', { label: 'Learning rate', min: 0, max: 10, minExclusive: true })).toThrow(
      'Learning rate must be a number greater than 0 and at most 10, such as 0.5 or 0,5; "abc" is not. Change it and try again.',
    );
    expect(() => readNumber('2,5', { label: 'Epochs', min: 1, max: 100, whole: true })).toThrow(
      'Epochs must be a whole number between 1 and 100; "2,5" is not.',
    );
    expect(() => readNumber('  ', { label: 'Rows', min: 10 , whole: true})).toThrow('Rows must be a whole number at least 10; it is empty.');
    expect(() => readNumber(null, { label: 'Max' })).toThrow(NumberInputError);
    expect(() => readNumber('5', { label: 'Dropout', max: 0.9 })).toThrow('Dropout must be a number at most 0.9');
  });
});

describe('formatForEditing', () => {
  it('gives the shortest decimal that is the same float32', () => {
    expect(43.20500183105469).toBe(Math.fround(43.205));
    expect(formatForEditing(43.20500183105469)).toBe('43.205');
    expect(formatForEditing(Math.fround(0.1))).toBe('0.1');
    expect(formatForEditing(Math.fround(-1234.567))).toBe('-1234.567');
  });

  it('reads back as the same float32 or the one next to it', () => {
    // The float32s one step either side of v, by their bits.
    const beside = (v: number, by: number) => { const f = new Float32Array([v]); new Int32Array(f.buffer)[0] += by; return f[0]; };
    for (const v of [Math.PI, 1e-7, 3.4e38, 16777217, -2.5e-12, 0.1, 1e-40].map(Math.fround)) {
      const back = Math.fround(Number(formatForEditing(v)));
      expect([beside(v, -1), v, beside(v, 1)]).toContain(back);
    }
  });

  it('writes a median computed in float32 as the decimal a person would', () => {
    const median = Math.fround((Math.fround(65.12) + Math.fround(65.14)) / 2);
    expect(median).not.toBe(Math.fround(65.13));
    expect(formatForEditing(median)).toBe('65.13');
  });

  it('leaves short values as they are and blanks what is not a number', () => {
    expect(formatForEditing(12)).toBe('12');
    expect(formatForEditing(0.8)).toBe('0.8');
    expect(formatForEditing(-0)).toBe('0');
    expect(formatForEditing(16777216)).toBe('16777216');
    expect(formatForEditing(NaN)).toBe('');
    expect(formatForEditing(Infinity)).toBe('');
  });
});
