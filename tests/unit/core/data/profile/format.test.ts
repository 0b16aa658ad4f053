import { describe, it, expect } from 'vitest';
import { formatDate, formatFull, formatNumber, formatShare } from '$src/core/data/profile/format';

describe('profile formatting', () => {
  it('shows at most four significant digits, exponents for the very large and small', () => {
    expect(formatNumber(3.46875)).toBe('3.469');
    expect(formatNumber(12345.678)).toBe('12350');
    expect(formatNumber(-1)).toBe('-1');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1234567)).toBe('1.23e6');
    expect(formatNumber(0.00001234)).toBe('1.23e-5');
    expect(formatNumber(0.8818, 2)).toBe('0.88');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });

  it('keeps every digit for titles', () => {
    expect(formatFull(3.46875)).toBe('3.46875');
    expect(formatFull(null)).toBe('missing');
  });

  it('shows shares as percentages', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.0005)).toBe('<0.1%');
    expect(formatShare(0.005813953488372093)).toBe('0.581%');
    expect(formatShare(0.5)).toBe('50%');
    expect(formatShare(1)).toBe('100%');
  });

  it('shows dates without a midnight time, and times otherwise', () => {
    expect(formatDate('2020-01-01T00:00:00.000Z')).toBe('2020-01-01');
    expect(formatDate(Date.UTC(2020, 0, 1, 12, 30))).toBe('2020-01-01 12:30');
    expect(formatDate(Date.UTC(2020, 0, 1, 12, 30, 15))).toBe('2020-01-01 12:30:15');
    expect(formatDate(Date.UTC(2020, 0, 1, 12, 30, 15, 250))).toBe('2020-01-01 12:30:15.250');
    expect(formatDate(null)).toBe('—');
  });
});
