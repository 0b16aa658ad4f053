import { describe, expect, it } from 'vitest';
import { dateText, describeProgress, formatBytes, shortNumber, showValue } from '$src/core/format';

describe('formatBytes', () => {
  it('uses the units of a file manager', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(135 * 1024 * 1024)).toBe('135 MB');
  });
});

describe('describeProgress', () => {
  it('names what it counts', () => {
    expect(describeProgress(320, 1000, 'batches')).toBe('320 of 1000 batches');
    expect(describeProgress(3, 8, 'trials')).toBe('3 of 8 trials');
    expect(describeProgress(5000, 20000, 'rows')).toBe('5000 of 20000 rows');
    expect(describeProgress(2, 9, 'steps')).toBe('2 of 9 steps');
  });

  it('gives bytes in the unit of the total', () => {
    const MB = 1024 * 1024;
    expect(describeProgress(48.4 * MB, 135 * MB, 'bytes')).toBe('48 of 135 MB read');
    expect(describeProgress(3.24 * MB, 12.5 * MB, 'bytes')).toBe('3.2 of 12.5 MB read');
    expect(describeProgress(512 * 1024, 2 * 1024 * MB, 'bytes')).toBe('0.0 of 2.0 GB read');
    expect(describeProgress(100, 900, 'bytes')).toBe('100 of 900 bytes read');
  });

  it('says nothing while the total is unknown', () => {
    expect(describeProgress(10, 0, 'rows')).toBe('');
  });
});

describe('shortNumber', () => {
  it('keeps whole numbers and cuts others to six significant digits', () => {
    expect(shortNumber(42)).toBe('42');
    expect(shortNumber(-3)).toBe('-3');
    expect(shortNumber(1 / 3)).toBe('0.333333');
    expect(shortNumber(1234.56789)).toBe('1234.57');
  });
});

describe('dateText', () => {
  it('writes midnight UTC as a day and other instants as ISO without milliseconds', () => {
    expect(dateText(Date.UTC(2024, 1, 29))).toBe('2024-02-29');
    expect(dateText(Date.UTC(2024, 1, 29, 13, 5))).toBe('2024-02-29T13:05:00Z');
    expect(dateText(Date.UTC(2024, 1, 29, 13, 5, 0, 250))).toBe('2024-02-29T13:05:00.250Z');
  });
});

describe('showValue', () => {
  it('quotes text (single quotes unless told), cuts it to 40 characters, and names missing values', () => {
    expect(showValue('Adelie')).toBe("'Adelie'");
    expect(showValue('Adelie', { quote: '"' })).toBe('"Adelie"');
    expect(showValue('relu', { quote: '' })).toBe('relu');
    const long = 'x'.repeat(50);
    expect(showValue(long)).toBe(`'${'x'.repeat(39)}…'`);
    expect(showValue('x'.repeat(40))).toBe(`'${'x'.repeat(40)}'`);
    expect(showValue(null)).toBe('missing');
    expect(showValue(undefined)).toBe('missing');
  });

  it('writes numbers short unless told to keep them in full, and booleans, dates and lists as they read', () => {
    expect(showValue(1 / 3)).toBe('0.333333');
    expect(showValue(1 / 3, { fullNumbers: true })).toBe(String(1 / 3));
    expect(showValue(true)).toBe('true');
    expect(showValue(new Date(Date.UTC(2020, 0, 2)))).toBe('2020-01-02');
    expect(showValue([64, 32], { quote: '', fullNumbers: true })).toBe('[64, 32]');
    expect(showValue(['a', 1.23456789])).toBe("['a', 1.23457]");
  });
});
