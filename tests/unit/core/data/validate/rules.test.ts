import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import { ROW_ID } from '$src/core/data/frame';
import { checkRule, describeRule, RULE_KINDS } from '$src/core/data/validate/rules';
import { rule } from './helpers';

const columns: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 0 },
  { name: 'score', type: 'number', missing: 0 },
  { name: 'name', type: 'text', missing: 0 },
  { name: 'joined', type: 'date', missing: 0 },
  { name: 'active', type: 'boolean', missing: 0 },
];

describe('checkRule', () => {
  it('accepts valid rules of every kind', () => {
    expect(checkRule(rule({ column: 'age', kind: 'not-missing' }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'name', kind: 'unique' }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'age', kind: 'in-range', min: 0, max: 120 }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'score', kind: 'in-range', min: null, max: 1.5 }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'joined', kind: 'in-range', minDate: '2020-01-01', maxDate: null }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: '[A-Z][a-z]+' }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'name', kind: 'one-of', values: ['a', 'b'] }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'age', kind: 'one-of', values: ['1', '2.0'] }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'name', kind: 'type-is', type: 'date' }), columns)).toBeNull();
    expect(checkRule(rule({ column: 'score', kind: 'type-is', type: 'integer' }), columns)).toBeNull();
  });

  it('refuses an unknown column, and the hidden row id', () => {
    expect(checkRule(rule({ column: 'height', kind: 'not-missing' }), columns)).toMatch(/no column "height"/);
    expect(checkRule(rule({ column: ROW_ID, kind: 'unique' }), [...columns, { name: ROW_ID, type: 'integer', missing: 0 }])).toMatch(/Choose the column/);
  });

  it('refuses ranges without bounds, reversed, not numbers, or on text', () => {
    expect(checkRule(rule({ column: 'age', kind: 'in-range' }), columns)).toMatch(/minimum, a maximum or both/);
    expect(checkRule(rule({ column: 'age', kind: 'in-range', min: null, max: null }), columns)).toMatch(/minimum, a maximum or both/);
    expect(checkRule(rule({ column: 'age', kind: 'in-range', min: 10, max: 5 }), columns)).toBe('The minimum (10) is larger than the maximum (5). Swap them or change one.');
    expect(checkRule(rule({ column: 'age', kind: 'in-range', min: NaN }), columns)).toMatch(/minimum must be a number/);
    expect(checkRule(rule({ column: 'name', kind: 'in-range', min: 0 }), columns)).toMatch(/number or date column, and name is text/);
    expect(checkRule(rule({ column: 'active', kind: 'in-range', min: 0 }), columns)).toMatch(/true\/false/);
    expect(checkRule(rule({ column: 'joined', kind: 'in-range', min: 0 }), columns)).toMatch(/first date, a last date or both/);
    expect(checkRule(rule({ column: 'joined', kind: 'in-range', minDate: '2020-13-01' }), columns)).toMatch(/"2020-13-01" is not a date/);
    expect(checkRule(rule({ column: 'joined', kind: 'in-range', minDate: '2021-01-01', maxDate: '2020-01-01' }), columns)).toMatch(/after the maximum/);
  });

  it('refuses empty or ill-typed value lists', () => {
    expect(checkRule(rule({ column: 'name', kind: 'one-of', values: [] }), columns)).toMatch(/at least one allowed value/);
    expect(checkRule(rule({ column: 'name', kind: 'one-of' }), columns)).toMatch(/at least one allowed value/);
    expect(checkRule(rule({ column: 'name', kind: 'one-of', values: ['a', ''] }), columns)).toMatch(/empty/);
    expect(checkRule(rule({ column: 'age', kind: 'one-of', values: ['1', 'two'] }), columns)).toMatch(/"two" is not a number/);
    expect(checkRule(rule({ column: 'joined', kind: 'one-of', values: ['yesterday'] }), columns)).toMatch(/not a date/);
    expect(checkRule(rule({ column: 'active', kind: 'one-of', values: ['yes'] }), columns)).toMatch(/not true or false/);
  });

  it('refuses empty, long and unsupported patterns with the reason', () => {
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: '' }), columns)).toMatch(/Enter a pattern/);
    expect(checkRule(rule({ column: 'name', kind: 'pattern' }), columns)).toMatch(/Enter a pattern/);
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: 'a'.repeat(501) }), columns)).toMatch(/501 characters long; at most 500/);
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: '(a)\\1' }), columns)).toMatch(/Backreferences such as \\1 are not supported/);
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: '(?=a)a' }), columns)).toMatch(/Lookahead/);
    expect(checkRule(rule({ column: 'name', kind: 'pattern', pattern: '[a-z' }), columns)).toMatch(/missing closing \]/);
  });

  it('refuses type checks a column cannot pass, and a missing type', () => {
    expect(checkRule(rule({ column: 'age', kind: 'type-is', type: 'date' }), columns)).toBe('age is an integer column, so none of its values can be a date. Type checks are meant for text columns that hold mixed values.');
    expect(checkRule(rule({ column: 'active', kind: 'type-is', type: 'text' }), columns)).toMatch(/active is a true\/false column/);
    expect(checkRule(rule({ column: 'name', kind: 'type-is' }), columns)).toMatch(/Choose the type/);
    expect(checkRule(rule({ column: 'name', kind: 'type-is', type: 'toString' as never }), columns)).toMatch(/Choose the type/);
  });

  it('refuses an unknown kind', () => {
    expect(checkRule(rule({ column: 'name', kind: 'nope' as never }), columns)).toMatch(/Unknown rule kind "nope"/);
  });
});

describe('describeRule', () => {
  it('says what each rule checks', () => {
    expect(describeRule(rule({ column: 'age', kind: 'in-range', min: 0, max: 120 }))).toBe('age is in range 0 – 120');
    expect(describeRule(rule({ column: 'age', kind: 'in-range', min: 18 }))).toBe('age is at least 18');
    expect(describeRule(rule({ column: 'age', kind: 'in-range', min: null, max: 1.5 }))).toBe('age is at most 1.5');
    expect(describeRule(rule({ column: 'joined', kind: 'in-range', minDate: '2020-01-01', maxDate: '2020-12-31' }))).toBe('joined is in range 2020-01-01 – 2020-12-31');
    expect(describeRule(rule({ column: 'email', kind: 'pattern', pattern: '^[^@]+@[^@]+$' }))).toBe('email matches ^[^@]+@[^@]+$ (whole value)');
    expect(describeRule(rule({ column: 'age', kind: 'not-missing' }))).toBe('age is not missing');
    expect(describeRule(rule({ column: 'id', kind: 'unique' }))).toBe('id is unique');
    expect(describeRule(rule({ column: 'color', kind: 'one-of', values: ['red', 'green'] }))).toBe('color is one of red, green');
    expect(describeRule(rule({ column: 'n', kind: 'one-of', values: Array.from({ length: 12 }, (_, i) => String(i)) }))).toBe('n is one of 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (12 values)');
    expect(describeRule(rule({ column: 'zip', kind: 'type-is', type: 'integer' }))).toBe('zip is an integer');
    expect(describeRule(rule({ column: 'zip', kind: 'type-is', type: 'text' }))).toBe('zip is text');
  });

  it('lists the kinds with the names of the ui contract', () => {
    expect(RULE_KINDS.map((k) => k.label)).toEqual(['Not missing', 'In range', 'Matches pattern', 'One of', 'Unique', 'Type is']);
  });
});
