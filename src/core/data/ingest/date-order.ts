/**
 * The order of day and month in a column's dates written like `D/M/YYYY`, decided once all of
 * the column's dates are read.
 */
import type { DateReading, IngestWarning } from '../columns';
import { shorten } from './column-warnings';
import type { FirstMisfit } from './column-warnings';
import { DateForm } from './tokens';

/** What a column builder counted of its dates. */
export interface DateTally {
  /** How many dates were written in each `DateForm`. */
  forms: ArrayLike<number>;
  /** How many cells were dates, in any form. */
  dates: number;
  /** The first date that can only be day first, and the first that can only be month first. */
  dayFirstAt: FirstMisfit | undefined;
  monthFirstAt: FirstMisfit | undefined;
}

/**
 * Which order of day and month the column's `D/M/YYYY`-like dates are read in, decided from all
 * of them (see `DateForm`): a first field over 12 anywhere settles day first, a second field
 * over 12 settles month first, and where nothing settles it they are read day first, the order
 * of most of the world, the same on every machine (the Data step offers the other reading).
 * `swap`: the dates, read day first where they could be either, must have day and month
 * exchanged — possible only when every date in the column is written that way.
 */
export function dateReading(name: string, tally: DateTally): { dates?: DateReading; swap: boolean; warning?: IngestWarning } {
  const f = tally.forms;
  const either = f[DateForm.Either];
  const slashed = f[DateForm.DayFirst] + f[DateForm.MonthFirst] + either;
  if (slashed === 0) return { swap: false };
  const uniform = slashed === tally.dates;
  const day = tally.dayFirstAt;
  const month = tally.monthFirstAt;
  const at = (m: FirstMisfit): string => `line ${m.line} (${JSON.stringify(shorten(m.text))})`;
  const quoted = JSON.stringify(name);
  if (day !== undefined && month !== undefined) {
    const message = `Dates in ${quoted} are written both ways: ${at(day)} can only be day/month/year and ${at(month)} only month/day/year. Each was read the one way it can be, and those that could be either as day/month/year; check the file.`;
    return { dates: { order: 'day-first', switchable: false, note: message }, swap: false, warning: { code: 'date-order', column: name, message } };
  }
  if (month !== undefined) {
    if (uniform) return { dates: { order: 'month-first', switchable: false, note: `Dates in ${quoted} read as month/day/year: ${at(month)} settles it.` }, swap: either > 0 };
    const message = `Dates in ${quoted} read as month/day/year where ${at(month)} and others like it settle it, but as day/month/year where either fits, because the column also holds dates written another way (such as 2025-12-24); check the file.`;
    return { dates: { order: 'day-first', switchable: false, note: message }, swap: false, warning: { code: 'date-order', column: name, message } };
  }
  if (day !== undefined) return { dates: { order: 'day-first', switchable: false, note: `Dates in ${quoted} read as day/month/year: ${at(day)} settles it.` }, swap: false };
  const note = uniform
    ? `Dates in ${quoted} read as day/month/year: nothing in the file settles it (no day or month is over 12).`
    : `Dates in ${quoted} read as day/month/year: nothing in the file settles it, and the column also holds dates written another way, so the reading cannot be switched.`;
  return { dates: { order: 'day-first', switchable: uniform, note }, swap: false };
}
