/**
 * A number typed into a form field, read the way people write it, and a number shown in a field
 * for editing, written the way people write it.
 *
 * Many of the studio's users write a decimal comma (`0,8`) and group thousands with spaces or
 * dots (`1 234,5`, `1.234,5`); others write `1,234.5`. Every form field that reads a number goes
 * through {@link readNumber}, so a field never takes `0,8` as "not a number" in one step and as
 * 0.8 in another.
 */

/** A value in a number field that cannot be used, with a message that says what to type instead. */
export class NumberInputError extends Error {
  override name = 'NumberInputError';
}

export interface NumberRule {
  /** The field's name as the user sees it, used in the message: 'Learning rate'. */
  label: string;
  min?: number;
  max?: number;
  /** True when `min` itself is not allowed (a learning rate must be greater than 0). */
  minExclusive?: boolean;
  /** True for counts, sizes and seeds. */
  whole?: boolean;
}

// Spaces people (and spreadsheets) put between groups of thousands: space, no-break space,
// narrow no-break space, thin space, and the apostrophe used in Switzerland.
const GROUP_SPACE = /[\s\u00a0\u202f\u2009']/g;
const GROUPED = (sep: string) => new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`);

/**
 * The number `text` means, or null when it is not one. Accepts a decimal point or a decimal
 * comma, thousands grouped by spaces (`1 234,5`), by commas before a decimal point
 * (`1,234.5`) or by dots before a decimal comma (`1.234,5`), a leading `+`, `-` or `−`, and an
 * exponent (`1e-3`). A lone comma or dot is the decimal mark (`1,234` is 1.234, as a decimal-comma
 * writer means it); several of the same mark are thousands separators (`1.234.567`).
 */
export function parseNumberText(text: string): number | null {
  let s = text.trim().replace(/^\u2212/, '-');
  if (s === '') return null;
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  s = s.slice(sign.length);
  const exponent = /[eE][+-]?\d+$/.exec(s)?.[0] ?? '';
  let mantissa = s.slice(0, s.length - exponent.length);
  if (/\d[\s\u00a0\u202f\u2009']\d/.test(mantissa)) {
    const [whole, ...rest] = mantissa.split(/(?=[.,]\d*$)/);
    const digits = (whole ?? '').replace(GROUP_SPACE, ' ');
    if (!/^\d{1,3}( \d{3})+$/.test(digits)) return null;
    mantissa = digits.replace(/ /g, '') + rest.join('');
  }
  const commas = mantissa.split(',').length - 1;
  const dots = mantissa.split('.').length - 1;
  let plain: string;
  if (commas > 0 && dots > 0) {
    // Both marks: the last one is the decimal mark, the other groups thousands.
    const decimal = mantissa.lastIndexOf(',') > mantissa.lastIndexOf('.') ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const at = mantissa.lastIndexOf(decimal);
    const whole = mantissa.slice(0, at);
    if (!GROUPED(group).test(whole)) return null;
    plain = `${whole.split(group).join('')}.${mantissa.slice(at + 1)}`;
  } else if (commas > 1 || dots > 1) {
    const group = commas > 1 ? ',' : '.';
    if (!GROUPED(group).test(mantissa)) return null;
    plain = mantissa.split(group).join('');
  } else {
    plain = mantissa.replace(',', '.');
  }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(plain)) return null;
  const value = Number(`${sign}${plain}${exponent}`);
  return Number.isFinite(value) ? value : null;
}

function describeRange({ min, max, minExclusive }: NumberRule): string {
  const low = min === undefined ? null : minExclusive ? `greater than ${min}` : `at least ${min}`;
  if (min !== undefined && max !== undefined && !minExclusive) return ` between ${min} and ${max}`;
  if (low && max !== undefined) return ` ${low} and at most ${max}`;
  if (low) return ` ${low}`;
  if (max !== undefined) return ` at most ${max}`;
  return '';
}

/**
 * The number typed in a field, checked against its rule; throws a {@link NumberInputError}
 * whose message names the field, what it must be and what was typed: `Learning rate must be a
 * number greater than 0 and at most 10, such as 0.01 or 0,01; "abc" is not.`
 */
export function readNumber(text: string | number | null | undefined, rule: NumberRule): number {
  const typed = text === null || text === undefined ? '' : String(text);
  const value = typeof text === 'number' ? text : parseNumberText(typed);
  const { min, max, minExclusive, whole } = rule;
  const ok = value !== null && Number.isFinite(value)
    && (min === undefined || (minExclusive ? value > min : value >= min))
    && (max === undefined || value <= max)
    && (!whole || Number.isInteger(value));
  if (ok) return value;
  const kind = whole ? 'a whole number' : 'a number';
  const example = whole ? '' : ', such as 0.5 or 0,5';
  const what = typed.trim() === '' ? 'it is empty' : `"${typed.trim()}" is not`;
  throw new NumberInputError(`${rule.label} must be ${kind}${describeRange(rule)}${example}; ${what}. Change it and try again.`);
}

/**
 * A value to pre-fill a field with, in the fewest digits that still mean the same float32:
 * a model's numbers are float32, and widened to double 43.205 reads 43.20500183105469, which
 * nobody typed. Values already short (0.1, 12) come back as they are; non-finite ones as ''.
 *
 * The float32 next to it counts as the same: a value computed in float32 (the median of
 * 65.12 and 65.14) often lands one step from the float32 of the decimal a person would write,
 * and "65.13" serves the user better than "65.130005" for a difference no model can feel.
 */
export function formatForEditing(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Object.is(value, -0)) return '0';
  const target = Math.fround(value);
  const step = float32Step(target);
  for (let digits = 1; digits <= 17; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.abs(Math.fround(short) - target) <= step) return plainDigits(short);
  }
  return plainDigits(value);
}

/** The distance from a float32 to the next one away from zero (its unit in the last place). */
function float32Step(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/** `String(n)` without exponent for the sizes people type (1e-7 stays an exponent: it is shorter). */
function plainDigits(n: number): string {
  const s = String(n);
  if (!/e\+/.test(s)) return s;
  return BigInt(Math.round(n)).toString();
}
