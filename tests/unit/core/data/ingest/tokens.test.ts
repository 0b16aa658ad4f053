/**
 * Dates in their common written forms (tokens.ts): year first, day first with points, and
 * day/month with slashes or dashes, whose order is read from the fields where they settle it.
 */
import { describe, expect, test } from 'vitest';
import { DateForm, lastDateForm, parseDate, parseNumber, swapDayMonth } from '$src/core/data/ingest/tokens';
import { civilFromDays, daysFromCivil } from '$src/core/calendar';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('parseDate', () => {
  test('year first, with or without a time and a zone', () => {
    expect(iso(parseDate('2025-12-24'))).toBe('2025-12-24T00:00:00.000Z');
    expect(lastDateForm()).toBe(DateForm.Iso);
    expect(iso(parseDate('2025-12-24T13:05'))).toBe('2025-12-24T13:05:00.000Z');
    expect(iso(parseDate('2025-12-24 13:05:00'))).toBe('2025-12-24T13:05:00.000Z');
    expect(iso(parseDate('2025-12-24T13:05Z'))).toBe('2025-12-24T13:05:00.000Z');
    expect(iso(parseDate('2025-12-24T13:05:00+01:00'))).toBe('2025-12-24T12:05:00.000Z');
    expect(iso(parseDate('2025/12/24'))).toBe('2025-12-24T00:00:00.000Z');
  });

  test('day first with points, always', () => {
    expect(iso(parseDate('24.12.2025'))).toBe('2025-12-24T00:00:00.000Z');
    expect(lastDateForm()).toBe(DateForm.Dotted);
    expect(iso(parseDate('05.06.2025'))).toBe('2025-06-05T00:00:00.000Z');
    expect(iso(parseDate('1.2.2025'))).toBe('2025-02-01T00:00:00.000Z');
    expect(iso(parseDate('24.12.2025 13:05'))).toBe('2025-12-24T13:05:00.000Z');
    expect(parseDate('24.13.2025')).toBeNaN();
    expect(parseDate('31.04.2025')).toBeNaN();
  });

  test('slashes and dashes: the field over 12 is the day; otherwise day first, marked as either', () => {
    expect(iso(parseDate('24/12/2025'))).toBe('2025-12-24T00:00:00.000Z');
    expect(lastDateForm()).toBe(DateForm.DayFirst);
    expect(iso(parseDate('12/24/2025'))).toBe('2025-12-24T00:00:00.000Z');
    expect(lastDateForm()).toBe(DateForm.MonthFirst);
    expect(iso(parseDate('05/06/2025'))).toBe('2025-06-05T00:00:00.000Z');
    expect(lastDateForm()).toBe(DateForm.Either);
    expect(iso(parseDate('1/12/2025'))).toBe('2025-12-01T00:00:00.000Z');
    expect(iso(parseDate('24-12-2025'))).toBe('2025-12-24T00:00:00.000Z');
    expect(iso(parseDate('12-24-2025 07:30:15'))).toBe('2025-12-24T07:30:15.000Z');
    for (const t of ['13/13/2025', '24/12-2025', '24/12/25', '24/12/20255', '0/12/2025', '24/12/2025 25:00', '2025-12-24x', '24.12.2025Z9']) {
      expect(parseDate(t), t).toBeNaN();
    }
  });

  test('swapDayMonth exchanges day and month of dates that have both at most 12, keeping the time', () => {
    expect(iso(swapDayMonth(parseDate('2025-06-05T10:20')))).toBe('2025-05-06T10:20:00.000Z');
    expect(iso(swapDayMonth(parseDate('2025-12-24')))).toBe('2025-12-24T00:00:00.000Z');
    expect(iso(swapDayMonth(parseDate('1969-03-04T23:59')))).toBe('1969-04-03T23:59:00.000Z');
  });

  test('civilFromDays inverts daysFromCivil on every day from 1900 to 2100, as Date reads them', () => {
    const first = daysFromCivil(1900, 1, 1);
    const last = daysFromCivil(2100, 12, 31);
    for (let d = first; d <= last; d++) {
      const date = new Date(d * 86_400_000);
      const c = civilFromDays(d);
      if (c.year !== date.getUTCFullYear() || c.month !== date.getUTCMonth() + 1 || c.day !== date.getUTCDate()) {
        expect(c, `day ${d}`).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
      }
      if (daysFromCivil(c.year, c.month, c.day) !== d) expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
  });
});

describe('numbers with grouped thousands in decimal-comma files', () => {
  test('1.234,5 and 1.234.567 are numbers; a lone 1.234 keeps its decimal point', () => {
    expect(parseNumber('1.234,5', true)).toBe(1234.5);
    expect(parseNumber('-12.345.678,25', true)).toBe(-12345678.25);
    expect(parseNumber('1.234.567', true)).toBe(1234567);
    expect(parseNumber('1.234', true)).toBe(1.234);
    for (const t of ['1.234,', '1.23,5', '1234.567,8', '1.234.56', '.234,5']) expect(parseNumber(t, true), t).toBeNaN();
    expect(parseNumber('1.234,5', false)).toBeNaN();
  });
});
