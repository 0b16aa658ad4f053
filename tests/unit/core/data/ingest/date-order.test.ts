import { describe, expect, it } from 'vitest';
import { dateReading } from '$src/core/data/ingest/date-order';
import { DateForm } from '$src/core/data/ingest/tokens';

function forms(by: Partial<Record<DateForm, number>>): Float64Array {
  const f = new Float64Array(5);
  for (const [form, n] of Object.entries(by)) f[Number(form)] = n;
  return f;
}

describe('dateReading', () => {
  it('has nothing to decide without slashed dates', () => {
    expect(dateReading('d', { forms: forms({}), dates: 4, dayFirstAt: undefined, monthFirstAt: undefined })).toEqual({ swap: false });
  });

  it('reads day first where nothing settles it, switchable only when every date is written that way', () => {
    const uniform = dateReading('d', { forms: forms({ [DateForm.Either]: 3 }), dates: 3, dayFirstAt: undefined, monthFirstAt: undefined });
    expect(uniform).toMatchObject({ swap: false, dates: { order: 'day-first', switchable: true } });
    const mixed = dateReading('d', { forms: forms({ [DateForm.Either]: 3 }), dates: 5, dayFirstAt: undefined, monthFirstAt: undefined });
    expect(mixed).toMatchObject({ swap: false, dates: { order: 'day-first', switchable: false } });
  });

  it('reads month first when a date settles it, swapping the ones that could be either', () => {
    const r = dateReading('when', { forms: forms({ [DateForm.MonthFirst]: 1, [DateForm.Either]: 2 }), dates: 3, dayFirstAt: undefined, monthFirstAt: { line: 7, text: '12/24/2025' } });
    expect(r).toEqual({ dates: { order: 'month-first', switchable: false, note: 'Dates in "when" read as month/day/year: line 7 ("12/24/2025") settles it.' }, swap: true });
  });

  it('warns when dates are written both ways', () => {
    const r = dateReading('when', {
      forms: forms({ [DateForm.DayFirst]: 1, [DateForm.MonthFirst]: 1 }),
      dates: 2,
      dayFirstAt: { line: 2, text: '24/12/2025' },
      monthFirstAt: { line: 3, text: '12/24/2025' },
    });
    expect(r.swap).toBe(false);
    expect(r.warning).toMatchObject({ code: 'date-order', column: 'when' });
    expect(r.warning?.message).toMatch(/^Dates in "when" are written both ways: line 2 \("24\/12\/2025"\) can only be day\/month\/year/);
  });
});
