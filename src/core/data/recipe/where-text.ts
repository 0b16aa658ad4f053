/**
 * A small, fixed language for conditions typed as text, e.g. `age > 65 and sex = "F"`,
 * `species in Adelie, Gentoo`, `bill is missing`. It is parsed by this code into a `Where`
 * object — never evaluated as code — so the same step object results as from the menus.
 *
 * Grammar: condition (and condition)* | condition (or condition)*
 *   condition := column op value | column 'is missing' | column 'is not missing'
 *   op        := = | == | != | <> | < | <= | > | >= | contains | starts with | in
 * Column names are matched against the known columns (longest first, so names with spaces
 * work); values may be quoted with " or '.
 */
import type { ColumnInfo } from '../columns';
import type { ComparisonOp, Condition, Scalar, Where } from './steps';

const SYMBOLS: [string, ComparisonOp][] = [
  ['<=', 'less-or-equal'], ['>=', 'greater-or-equal'], ['!=', 'not-equals'], ['<>', 'not-equals'],
  ['==', 'equals'], ['=', 'equals'], ['<', 'less'], ['>', 'greater'],
];
const WORDS: [RegExp, ComparisonOp | 'in'][] = [
  [/^is\s+not\s+missing\b/i, 'is-not-missing'],
  [/^is\s+missing\b/i, 'is-missing'],
  [/^starts\s+with\b/i, 'starts-with'],
  [/^contains\b/i, 'contains'],
  [/^in\b/i, 'in'],
];

export type ParsedWhere = { where: Where } | { error: string };

export function parseWhere(text: string, columns: readonly ColumnInfo[]): ParsedWhere {
  const source = text.trim();
  if (!source) return { error: 'The rule is empty. Write a condition such as: age > 65' };
  const hasAnd = /\s+and\s+/i.test(source);
  const hasOr = /\s+or\s+/i.test(source);
  if (hasAnd && hasOr) return { error: 'A rule can join its conditions with "and" or with "or", not both. Split it into two rules.' };
  const parts = source.split(hasOr ? /\s+or\s+/i : /\s+and\s+/i);
  const names = columns.map((c) => c.name).sort((a, b) => b.length - a.length);
  const conditions: Condition[] = [];
  for (const part of parts) {
    const parsed = parseCondition(part.trim(), names);
    if ('error' in parsed) return parsed;
    conditions.push(parsed.condition);
  }
  return { where: { match: hasOr ? 'any' : 'all', conditions } };
}

function parseCondition(text: string, names: readonly string[]): { condition: Condition } | { error: string } {
  const matched = matchColumn(text, names);
  if (matched === null) {
    return { error: `"${text}" does not start with a column name. Start the condition with one of: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.` };
  }
  const column = matched.name;
  const rest = text.slice(matched.length).trim();
  for (const [pattern, op] of WORDS) {
    const match = rest.match(pattern);
    if (!match) continue;
    const valueText = rest.slice(match[0].length).trim();
    if (op === 'is-missing' || op === 'is-not-missing') {
      if (valueText) return { error: `Nothing may follow "${match[0]}" in "${text}".` };
      return { condition: { column, op } };
    }
    if (!valueText) return { error: `"${text}" needs a value after "${match[0]}".` };
    if (op === 'in') return { condition: { column, op: 'one-of', values: splitList(valueText).map(literal) } };
    return { condition: { column, op, value: literal(valueText) } };
  }
  for (const [symbol, op] of SYMBOLS) {
    if (!rest.startsWith(symbol)) continue;
    const valueText = rest.slice(symbol.length).trim();
    if (!valueText) return { error: `"${text}" needs a value after "${symbol}".` };
    return { condition: { column, op, value: literal(valueText) } };
  }
  return { error: `"${text}" has no comparison after the column name. Use one of = != < <= > >= contains, starts with, in, is missing.` };
}

/** The column a condition starts with (quoted, or the longest known name), and how many characters it took. */
function matchColumn(text: string, names: readonly string[]): { name: string; length: number } | null {
  const quote = text[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const end = text.indexOf(quote, 1);
    const name = end > 0 ? text.slice(1, end) : '';
    return names.includes(name) ? { name, length: end + 1 } : null;
  }
  const endsName = (n: string) => /^(\s|[=!<>]|$)/.test(text.slice(n.length));
  const lower = text.toLowerCase();
  const name = names.find((n) => text.startsWith(n) && endsName(n)) ?? names.find((n) => lower.startsWith(n.toLowerCase()) && endsName(n));
  return name === undefined ? null : { name, length: name.length };
}

function splitList(text: string): string[] {
  const inner = text.replace(/^\((.*)\)$/s, '$1');
  return inner.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** A typed value: quoted text stays text; true/false are booleans; numbers are numbers; else text. */
function literal(text: string): Scalar {
  const quoted = text.match(/^(["'])(.*)\1$/s);
  if (quoted) return quoted[2];
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}
