/**
 * Columns from formats that carry their own types (Arrow, Parquet). The file's type decides the
 * column type, so there is nothing to infer; values are only converted to the studio's column
 * model: 64-bit integers to numbers (with a warning beyond ±2^53, where a double cannot hold every
 * whole number), nested and other values to their JSON text.
 */
import type { ColumnType, IngestWarning, ParsedColumn } from '../columns';
import { emptyColumnWarning } from './infer';
import { Pool } from './pool';
import { parseDate } from './tokens';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** JSON text for values that have no column type of their own (lists, structs, binary, times). */
export function toJsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>);
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  });
  return text ?? String(value);
}

export class TypedColumnBuilder {
  readonly type: ColumnType;
  private numbers: Float64Array | null;
  private readonly values: (boolean | Date | string | null)[] = [];
  private len = 0;
  private missing = 0;
  private unsafe = 0;
  private readonly dates = new Pool<number, Date>();
  private readonly strings = new Pool<string, string>();

  constructor(type: ColumnType) {
    this.type = type;
    this.numbers = type === 'integer' || type === 'number' ? new Float64Array(1024) : null;
  }

  get length(): number {
    return this.len;
  }

  push(value: unknown): void {
    if (this.numbers !== null) {
      if (this.len === this.numbers.length) {
        const bigger = new Float64Array(this.numbers.length * 2);
        bigger.set(this.numbers);
        this.numbers = bigger;
      }
      const x = this.toNumber(value);
      if (Number.isNaN(x)) this.missing++;
      this.numbers[this.len++] = x;
      return;
    }
    const v = value === null || value === undefined ? null : this.convert(value);
    if (v === null) this.missing++;
    this.values.push(v);
    this.len++;
  }

  private toNumber(value: unknown): number {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') {
      if (value > MAX_SAFE || value < -MAX_SAFE) this.unsafe++;
      return Number(value);
    }
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value === null || value === undefined) return NaN;
    const x = Number(value);
    return Number.isFinite(x) ? x : NaN;
  }

  private convert(value: unknown): boolean | Date | string | null {
    switch (this.type) {
      case 'boolean':
        return Boolean(value);
      case 'date': {
        const ms =
          value instanceof Date
            ? value.getTime()
            : typeof value === 'number'
              ? value
              : typeof value === 'bigint'
                ? Number(value)
                : parseDate(String(value).trim());
        if (Number.isNaN(ms)) return null;
        return this.dates.get(ms) ?? this.dates.add(ms, value instanceof Date ? value : new Date(ms));
      }
      case 'text': {
        const text = toJsonText(value);
        return this.strings.get(text) ?? this.strings.add(text, text);
      }
      default:
        return toJsonText(value);
    }
  }

  finish(name: string): { column: ParsedColumn; warnings: IngestWarning[] } {
    const warnings: IngestWarning[] = [];
    if (this.len > 0 && this.missing === this.len) warnings.push(emptyColumnWarning(name, this.len));
    if (this.unsafe > 0) {
      warnings.push({
        code: 'precision-loss',
        column: name,
        count: this.unsafe,
        message: `Column "${name}" has ${this.unsafe === 1 ? '1 whole number' : `${this.unsafe} whole numbers`} beyond ±9007199254740991 (2^53), which the studio cannot hold exactly; ${this.unsafe === 1 ? 'it was' : 'they were'} rounded to the nearest number it can hold. If the column is an ID, convert it to text before exporting the file.`,
      });
    }
    const values = this.numbers !== null ? this.numbers.slice(0, this.len) : this.values;
    return {
      column: { info: { name, type: this.type, missing: this.missing }, values: values as ParsedColumn['values'] },
      warnings,
    };
  }
}
