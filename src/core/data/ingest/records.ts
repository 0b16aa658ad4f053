/**
 * A table built from JSON records (JSON arrays and JSON Lines). Columns are the union of the
 * records' keys in first-seen order; nested objects become dotted names (`a.b.c`); arrays and
 * anything else that is not a scalar are kept as their JSON text.
 */
import type { IngestWarning, ParsedColumn } from '../columns';
import { ColumnBuilder } from './infer';
import type { PlaceLabel } from './infer';
import { cleanNames } from './names';

// Deeper nesting than this is kept as JSON text rather than turned into ever longer names.
const MAX_DEPTH = 16;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a number", "an array", "null": what a JSON value is, for messages. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return value ? 'the value true' : 'the value false';
    default:
      return 'an object';
  }
}

export class RecordTable {
  private readonly builders = new Map<string, ColumnBuilder>();
  private rows = 0;

  get rowCount(): number {
    return this.rows;
  }

  get columnCount(): number {
    return this.builders.size;
  }

  /** Adds one record; `place` is its line (JSONL) or record number (JSON), for messages. */
  add(record: Record<string, unknown>, place: number): void {
    this.addFields(record, '', place, 0);
    this.rows++;
  }

  private addFields(object: Record<string, unknown>, prefix: string, place: number, depth: number): void {
    for (const key of Object.keys(object)) {
      const value = object[key];
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (isRecord(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
        this.addFields(value, name, place, depth + 1);
        continue;
      }
      let builder = this.builders.get(name);
      if (builder === undefined) {
        builder = new ColumnBuilder();
        this.builders.set(name, builder);
      }
      // `{"a.b": 1, "a": {"b": 2}}` names the same column twice: the first value stays.
      if (builder.length > this.rows) continue;
      if (builder.length < this.rows) builder.addMissing(this.rows - builder.length);
      builder.addValue(value !== null && typeof value === 'object' ? JSON.stringify(value) : value, place);
    }
  }

  finish(place: PlaceLabel): { columns: ParsedColumn[]; warnings: IngestWarning[] } {
    const { names, warnings } = cleanNames([...this.builders.keys()], undefined, 'the JSON keys');
    const columns: ParsedColumn[] = [];
    let c = 0;
    for (const builder of this.builders.values()) {
      if (builder.length < this.rows) builder.addMissing(this.rows - builder.length);
      const done = builder.finish(names[c++], place);
      columns.push(done.column);
      warnings.push(...done.warnings);
    }
    return { columns, warnings };
  }
}
