/**
 * Patterns for the `pattern` rule, compiled with RE2JS (a port of RE2): matching takes time
 * linear in the length of the value whatever the pattern, so a pattern such as `(a+)+$` cannot
 * hang the tab the way it can with JavaScript's backtracking `RegExp`. A user's pattern is never
 * handed to `RegExp`.
 *
 * - Syntax is RE2's: classes, `\d \w \s \b`, `(?i)` for case-insensitive, `\x{e9}` for a code
 *   point, `\pL` Unicode classes. Not supported (RE2 cannot do them in linear time):
 *   backreferences (`\1`, `\k<name>`), lookahead and lookbehind, atomic groups, possessive
 *   quantifiers. `checkRule` refuses those with a reason.
 * - The pattern must match the WHOLE value (as if wrapped in `^(?:…)$`); write `.*abc.*` to
 *   find `abc` anywhere. `^` and `$` are allowed and change nothing.
 * - Limits: a pattern has at most `MAX_PATTERN_CHARS` characters and compiles to at most
 *   `MAX_PROGRAM_SIZE` instructions (RE2 itself refuses repeat counts above 1000, also nested).
 *   A value longer than `MAX_VALUE_CHARS` is checked on its first `MAX_VALUE_CHARS` characters
 *   only, so one huge cell cannot dominate a run.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

export const MAX_PATTERN_CHARS = 500;
export const MAX_VALUE_CHARS = 10_000;
export const MAX_PROGRAM_SIZE = 20_000;

/** A pattern that cannot be used; the message says why in plain words. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

const cache = new Map<string, RE2JS | PatternError>();
const CACHE_SIZE = 64;

/** Compiles a pattern (cached), or throws `PatternError` with the reason. */
export function compilePattern(pattern: string): RE2JS {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    entry = compileUncached(pattern);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, entry);
  }
  if (entry instanceof PatternError) throw entry;
  return entry;
}

/** Why a pattern cannot be used, or null when it can. */
export function patternProblem(pattern: unknown): string | null {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'Enter a pattern for the value to match.';
  try {
    compilePattern(pattern);
    return null;
  } catch (error) {
    return (error as PatternError).message;
  }
}

/** Whether the whole text (its first `MAX_VALUE_CHARS` characters) matches. */
export function matchesWhole(re: RE2JS, text: string): boolean {
  if (text.length > MAX_VALUE_CHARS) {
    let end = MAX_VALUE_CHARS;
    // Do not cut a surrogate pair in half.
    const c = text.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--;
    text = text.slice(0, end);
  }
  return re.testExact(text);
}

function compileUncached(pattern: string): RE2JS | PatternError {
  if (pattern.length > MAX_PATTERN_CHARS) {
    return new PatternError(`The pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_CHARS} are allowed. Shorten it.`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    return new PatternError(explain(error));
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    return new PatternError(`The pattern is too complex (${size} steps; at most ${MAX_PROGRAM_SIZE}). Use smaller repeat counts or fewer alternatives.`);
  }
  return re;
}

function explain(error: unknown): string {
  if (!(error instanceof RE2JSSyntaxException)) {
    return `The pattern cannot be used: ${error instanceof Error ? error.message : String(error)}.`;
  }
  const what = error.error ?? '';
  const at = error.input ?? '';
  if (what === 'invalid escape sequence') {
    if (/^\\[1-9]/.test(at) || at.startsWith('\\k') || at.startsWith('\\g')) {
      return `Backreferences such as ${at.startsWith('\\k') ? '\\k<name>' : at.startsWith('\\g') ? '\\g1' : at} are not supported: patterns run on a linear-time engine (RE2) that cannot match them. Remove the backreference.`;
    }
    if (at.startsWith('\\u')) return 'Write a code point as \\x{00e9}, not \\u00e9: \\u escapes are not supported.';
    return `The escape ${at} is not supported. Write \\\\ for a backslash; \\d, \\w, \\s, \\b and \\x{…} are available.`;
  }
  if (what === 'invalid or unsupported Perl syntax' || what === 'invalid named capture') {
    if (at.startsWith('(?=') || at.startsWith('(?!')) {
      return 'Lookahead, (?=…) or (?!…), is not supported: patterns run on a linear-time engine (RE2). Rewrite the pattern without it.';
    }
    if (at.startsWith('(?<=') || at.startsWith('(?<!')) {
      return 'Lookbehind, (?<=…) or (?<!…), is not supported: patterns run on a linear-time engine (RE2). Rewrite the pattern without it.';
    }
    if (at.startsWith('(?>')) return 'Atomic groups (?>…) are not supported. Use a plain group (?:…).';
  }
  if (what === 'invalid nested repetition operator') {
    return `${at} is not supported: possessive or doubled repeats (a++, a**) cannot be used. Use a single repeat such as a+.`;
  }
  if (what === 'invalid repeat count') {
    return `The repeat count ${at} is not allowed: counts must be at most 1000, also when repeats are nested, and {min,max} needs min ≤ max.`;
  }
  if (what.startsWith('missing closing')) return `The pattern is incomplete: ${what}. Add it or escape the opening one with a backslash.`;
  if (what === 'unexpected )') return 'The pattern has a ) without a matching (. Remove it or write \\).';
  if (what === 'missing argument to repetition operator') {
    return `${at} has nothing to repeat. Put it after a character or group, or escape it as \\${at}.`;
  }
  return `The pattern is not valid: ${what}${at ? ` at ${at}` : ''}.`;
}
