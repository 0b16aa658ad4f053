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
