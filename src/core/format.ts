/** `1536` → `'1.5 KB'`: sizes in the units people see in their file manager. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** What a count of work done is counted in. */
export type ProgressUnit = 'bytes' | 'rows' | 'steps' | 'batches' | 'trials';

/**
 * How far long work has got, naming what is counted: '12.5 of 135.0 MB read', '320 of 1000
 * batches', '3 of 8 trials'. Bytes are given in the total's unit, so the two numbers compare at
 * a glance; '' while the total is unknown.
 */
export function describeProgress(done: number, total: number, unit: ProgressUnit): string {
  if (!(total > 0)) return '';
  if (unit === 'bytes') {
    const [, size, name] = /^([\d.]+) (\S+)$/.exec(formatBytes(total)) ?? [];
    const scale = name === 'bytes' ? 1 : 1024 ** ['KB', 'MB', 'GB', 'TB'].indexOf(name ?? '') * 1024;
    const digits = name === 'bytes' ? 0 : (size ?? '').includes('.') ? 1 : 0;
    return `${(Math.min(done, total) / scale).toFixed(digits)} of ${formatBytes(total)} read`;
  }
  const count = (n: number) => String(Math.round(n));
  return `${count(done)} of ${count(total)} ${unit}`;
}

/** A number as shown in descriptions: whole numbers as they are, others to six significant digits. */
export function shortNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** A date as the studio shows it: `YYYY-MM-DD` at midnight UTC, else ISO without `.000`. */
export function dateText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** How `showValue` writes a value; each kind of message keeps the style it has always had. */
export interface ValueStyle {
  /** The mark around text: `'` in recipe descriptions (the default), `"` in rule messages, none for settings. */
  quote?: string;
  /** Numbers in full (`String(x)`), where the exact value matters; else `shortNumber`. */
  fullNumbers?: boolean;
}

/** Text longer than this is cut, so one long cell cannot swamp a message. */
const MAX_SHOWN_CHARS = 40;

/** `text` cut to 40 characters, the last one an ellipsis when it was longer. */
export function clipText(text: string): string {
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

/**
 * A value as it appears in a message or a description: text quoted and cut to 40 characters,
 * missing as "missing", dates as `dateText`, lists as `[a, b]`, numbers and true/false as they are.
 */
export function showValue(value: unknown, style: ValueStyle = {}): string {
  const { quote = "'", fullNumbers = false } = style;
  if (value === null || value === undefined) return 'missing';
  if (Array.isArray(value)) return `[${value.map((v) => showValue(v, style)).join(', ')}]`;
  if (typeof value === 'number') return fullNumbers ? String(value) : shortNumber(value);
  if (value instanceof Date) return dateText(value.getTime());
  if (typeof value === 'string') return `${quote}${clipText(value)}${quote}`;
  return String(value);
}
