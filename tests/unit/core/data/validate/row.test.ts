import { describe, expect, it } from 'vitest';
import { checkRecord, recordChecker } from '$src/core/data/validate/row';
import { runRules } from '$src/core/data/validate/run';
import { frameOf } from '../../../helpers/frames';
import { date, rule } from './helpers';

const frame = frameOf({
  age: ['integer', new Float64Array([30, NaN, -1, 121, 0, 120, 45])],
  name: ['text', ['Ann', 'bob', null, 'Cy', '', 'Ann', 'Dee ']],
  joined: ['date', [date('2020-01-01'), date('2020-12-31T23:59:59Z'), null, date('2021-01-01'), date('2019-12-31'), date('2020-06-15'), date('2020-01-01')]],
  active: ['boolean', [true, false, null, true, null, false, true]],
  mixed: ['text', ['12', '3.5', 'abc', '2024-02-30', '2024-02-29', 'TRUE', '007']],
});

const rules = [
  rule({ id: 'age-present', column: 'age', kind: 'not-missing' }),
  rule({ id: 'age-range', column: 'age', kind: 'in-range', min: 0, max: 120 }),
  rule({ id: 'name-pattern', column: 'name', kind: 'pattern', pattern: '[A-Z][a-z]+' }),
  rule({ id: 'name-one-of', column: 'name', kind: 'one-of', values: ['Ann', 'Cy'] }),
  rule({ id: 'joined-range', column: 'joined', kind: 'in-range', minDate: '2020-01-01', maxDate: '2020-12-31' }),
  rule({ id: 'joined-one-of', column: 'joined', kind: 'one-of', values: ['2020-01-01', '2021-01-01'] }),
  rule({ id: 'active-one-of', column: 'active', kind: 'one-of', values: ['true'] }),
  rule({ id: 'active-present', column: 'active', kind: 'not-missing' }),
  rule({ id: 'mixed-number', column: 'mixed', kind: 'type-is', type: 'number' }),
  rule({ id: 'mixed-text', column: 'mixed', kind: 'type-is', type: 'text' }),
  rule({ id: 'name-unique', column: 'name', kind: 'unique' }),
];

describe('checkRecord', () => {
  it('flags exactly the rows runRules flags (unique aside)', () => {
    const results = runRules(frame, rules);
    const objects = frame.table.objects() as Record<string, unknown>[];
    const check = recordChecker(rules, frame.columns);
    for (const result of results) {
      if (result.ruleId === 'name-unique') continue;
      const flagged = objects.flatMap((record, row) => (check(record).some((issue) => issue.ruleId === result.ruleId) ? [row] : []));
      expect(flagged, result.ruleId).toEqual(result.sample);
    }
    expect(objects.some((record) => check(record).some((issue) => issue.ruleId === 'name-unique'))).toBe(false);
  });

  it('reads values typed as text, as a form sends them', () => {
    const text = { age: '130', name: 'Ann', joined: '2020-05-01', active: 'TRUE', mixed: '1e3' };
    expect(checkRecord(text, rules, frame.columns).map((i) => i.ruleId)).toEqual(['age-range', 'joined-one-of', 'mixed-text']);
    const bad = { age: 'old', name: 'Ann', joined: 'soon', active: 'yes', mixed: 'x' };
    expect(checkRecord(bad, rules, frame.columns).map((i) => i.ruleId)).toEqual(['age-range', 'joined-range', 'joined-one-of', 'active-one-of', 'mixed-number']);
  });

  it('treats absent keys, null, NaN and blank text as missing, and says why in words', () => {
    const issues = checkRecord({ age: '  ', name: null, joined: undefined, mixed: NaN }, rules, frame.columns);
    expect(issues).toEqual([
      { ruleId: 'age-present', message: 'age is missing.' },
      { ruleId: 'active-present', message: 'active is missing.' },
    ]);
    const [range] = checkRecord({ age: 121 }, [rules[1]], frame.columns);
    expect(range.message).toBe('age is 121, above the range; the rule is: age is in range 0 – 120.');
    const [pattern] = checkRecord({ name: 'bob' }, [rules[2]], frame.columns);
    expect(pattern.message).toBe('name "bob" does not match [A-Z][a-z]+ (whole value).');
    const [type] = checkRecord({ mixed: 'abc' }, [rules[8]], frame.columns);
    expect(type.message).toBe('mixed "abc" is not a number.');
    const [oneOf] = checkRecord({ name: 'Zed' }, [rules[3]], frame.columns);
    expect(oneOf.message).toBe('name "Zed" is not allowed; the rule is: name is one of Ann, Cy.');
  });

  it('skips rules whose column is gone and never reads inherited properties', () => {
    const columns = [{ name: 'constructor', type: 'text' as const, missing: 0 }];
    const r = [rule({ id: 'c', column: 'constructor', kind: 'not-missing' }), rule({ id: 'gone', column: 'age', kind: 'not-missing' })];
    expect(checkRecord({}, r, columns)).toEqual([{ ruleId: 'c', message: 'constructor is missing.' }]);
  });
});
