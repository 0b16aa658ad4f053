/**
 * How profile numbers read on screen: short in tables and labels (the full value goes in a
 * title), the same everywhere. Plain functions, so the worker's summaries and the page agree.
 */

/**
 * A number with at most `digits` significant digits: `3.46875` → `'3.469'`, `1234567` →
 * `'1.23e6'`, `0.00001234` → `'1.23e-5'`. Never locale separators (tests read these).
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4)) {
    // 1.230e+6 → 1.23e6
    const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 2)).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(digits)));
}

/** The full value, for a title: every digit JavaScript keeps. */
export function formatFull(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'missing' : String(value);
}

/** `0.123` → `'12.3%'`, `0` → `'0%'`, a tiny share → `'<0.1%'`. */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${Number((share * 100).toPrecision(3))}%`;
}

/** An epoch-ms time or ISO text as a date, with the (UTC) time only when it is not midnight. */
export function formatDate(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  // Times are UTC, like the ISO text the profile holds.
  if (iso.endsWith(':00.000Z')) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return `${iso.slice(0, 10)} ${iso.endsWith('.000Z') ? iso.slice(11, 19) : iso.slice(11, 23)}`;
}
