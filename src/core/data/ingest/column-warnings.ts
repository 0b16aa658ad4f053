/** The warnings a column gets when it is built: no values at all, or values that do not fit its type. */
import type { ColumnType, IngestWarning } from '../columns';

/** Whether positions in messages are physical lines (CSV, JSONL), record numbers (JSON array) or rows (JSON columns). */
export type PlaceLabel = 'line' | 'record' | 'row';

/** The first cell that did not fit a type (or that settles an order of dates), for messages. */
export interface FirstMisfit {
  line: number;
  text: string;
}

/** `misfit` of a later part of a file, whose lines are numbered from 1, moved by `lineOffset`. */
export function shifted(misfit: FirstMisfit | undefined, lineOffset: number): FirstMisfit | undefined {
  return misfit === undefined ? undefined : { line: misfit.line + lineOffset, text: misfit.text };
}

const TYPE_WORDS: Record<Exclude<ColumnType, 'text'>, { column: string; one: string; many: string }> = {
  integer: { column: 'a whole-number column', one: 'is not a number', many: 'are not numbers' },
  number: { column: 'a number column', one: 'is not a number', many: 'are not numbers' },
  boolean: { column: 'a true/false column', one: 'is not true or false', many: 'are not true or false' },
  date: { column: 'a date column', one: "is not a date (such as 2025-12-24 or 24.12.2025)", many: "are not dates (such as 2025-12-24 or 24.12.2025)" },
};

export function emptyColumnWarning(name: string, rows: number): IngestWarning {
  return {
    code: 'empty-column',
    column: name,
    count: rows,
    message: `Column "${name}" has no values: every cell is empty or a missing-value marker. It was kept as an empty text column; you can drop it in the Clean step.`,
  };
}

export function shorten(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function mismatchWarning(
  name: string,
  type: Exclude<ColumnType, 'text'>,
  count: number,
  first: FirstMisfit,
  place: PlaceLabel,
): IngestWarning {
  const words = TYPE_WORDS[type];
  const where = `${place} ${first.line}`;
  const example = JSON.stringify(shorten(first.text));
  const message =
    count === 1
      ? `Column "${name}" is ${words.column}, but 1 value ${words.one} (${where}: ${example}). It was read as missing; correct it in the file and load it again if it matters.`
      : `Column "${name}" is ${words.column}, but ${count} values ${words.many} (first at ${where}: ${example}). They were read as missing; correct them in the file and load it again if they matter.`;
  return { code: 'type-mismatch', message, line: place === 'line' ? first.line : undefined, column: name, count };
}
