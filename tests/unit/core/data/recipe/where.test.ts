import { describe, expect, it } from 'vitest';
import {
  OPS_BY_TYPE, checkWhere, coerceConditionValue, countMask, describeCondition, describeWhere, evaluateWhere,
} from '$src/core/data/recipe/where';
import { parseWhere } from '$src/core/data/recipe/where-text';
import { RecipeError } from '$src/core/data/recipe/handler';
import type { Condition, Where } from '$src/core/data/recipe/steps';
import { cells, makeFrame } from './helpers';

const frame = makeFrame({
  age: [70, 30, null, 65, 80, 12],
  score: [1.5, -2, 3.25, null, 10, 0],
  sex: ['F', 'M', 'F', null, 'f', 'M'],
  city: ['Paris', 'Rome', 'paris-sud', 'Oslo', null, 'PARIS'],
  smoker: [true, false, null, true, false, false],
  visit: ['2024-01-02', '2024-03-01', null, '2023-12-31', '2024-01-02T12:00:00Z', '2024-06-30'],
}, { visit: 'date' });

function rows(where: Where): number[] {
  return Array.from(evaluateWhere(where, frame));
}
function one(condition: Condition): number[] {
  return rows({ match: 'all', conditions: [condition] });
}

describe('evaluating conditions', () => {
  it('compares numbers; missing cells satisfy no comparison', () => {
    expect(one({ column: 'age', op: 'greater', value: 65 })).toEqual([1, 0, 0, 0, 1, 0]);
    expect(one({ column: 'age', op: 'greater-or-equal', value: 65 })).toEqual([1, 0, 0, 1, 1, 0]);
    expect(one({ column: 'age', op: 'less', value: 65 })).toEqual([0, 1, 0, 0, 0, 1]);
    expect(one({ column: 'age', op: 'less-or-equal', value: 65 })).toEqual([0, 1, 0, 1, 0, 1]);
    expect(one({ column: 'age', op: 'equals', value: 65 })).toEqual([0, 0, 0, 1, 0, 0]);
    expect(one({ column: 'age', op: 'not-equals', value: 65 })).toEqual([1, 1, 0, 0, 1, 1]);
    expect(one({ column: 'score', op: 'less', value: 0 })).toEqual([0, 1, 0, 0, 0, 0]);
  });

  it('reads typed-in text as a number, and compares integers with fractions', () => {
    expect(one({ column: 'age', op: 'greater', value: '65' })).toEqual([1, 0, 0, 0, 1, 0]);
    expect(one({ column: 'age', op: 'less', value: 12.5 })).toEqual([0, 0, 0, 0, 0, 1]);
    expect(one({ column: 'score', op: 'equals', value: ' 3.25 ' })).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('selects missing cells only with is-missing', () => {
    expect(one({ column: 'age', op: 'is-missing' })).toEqual([0, 0, 1, 0, 0, 0]);
    expect(one({ column: 'age', op: 'is-not-missing' })).toEqual([1, 1, 0, 1, 1, 1]);
    expect(one({ column: 'sex', op: 'is-missing' })).toEqual([0, 0, 0, 1, 0, 0]);
    expect(one({ column: 'smoker', op: 'is-missing' })).toEqual([0, 0, 1, 0, 0, 0]);
    expect(one({ column: 'visit', op: 'is-missing' })).toEqual([0, 0, 1, 0, 0, 0]);
    expect(one({ column: 'visit', op: 'is-not-missing' })).toEqual([1, 1, 0, 1, 1, 1]);
  });

  it('compares text: equals case-sensitively, contains and starts-with ignoring case', () => {
    expect(one({ column: 'sex', op: 'equals', value: 'F' })).toEqual([1, 0, 1, 0, 0, 0]);
    expect(one({ column: 'sex', op: 'not-equals', value: 'F' })).toEqual([0, 1, 0, 0, 1, 1]);
    expect(one({ column: 'city', op: 'contains', value: 'ARI' })).toEqual([1, 0, 1, 0, 0, 1]);
    expect(one({ column: 'city', op: 'starts-with', value: 'paris' })).toEqual([1, 0, 1, 0, 0, 1]);
    expect(one({ column: 'city', op: 'starts-with', value: 'sud' })).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('compares booleans with true/false, also typed as text', () => {
    expect(one({ column: 'smoker', op: 'equals', value: true })).toEqual([1, 0, 0, 1, 0, 0]);
    expect(one({ column: 'smoker', op: 'equals', value: 'FALSE' })).toEqual([0, 1, 0, 0, 1, 1]);
    expect(one({ column: 'smoker', op: 'not-equals', value: true })).toEqual([0, 1, 0, 0, 1, 1]);
  });

  it('compares dates by time, reading ISO text as UTC', () => {
    expect(one({ column: 'visit', op: 'less', value: '2024-01-01' })).toEqual([0, 0, 0, 1, 0, 0]);
    expect(one({ column: 'visit', op: 'equals', value: '2024-01-02' })).toEqual([1, 0, 0, 0, 0, 0]);
    expect(one({ column: 'visit', op: 'greater', value: '2024-01-02' })).toEqual([0, 1, 0, 0, 1, 1]);
    expect(one({ column: 'visit', op: 'equals', value: '2024-01-02T12:00Z' })).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('tests one-of for every type, never matching missing cells', () => {
    expect(one({ column: 'age', op: 'one-of', values: [30, '80', 99] })).toEqual([0, 1, 0, 0, 1, 0]);
    expect(one({ column: 'sex', op: 'one-of', values: ['M', 'f'] })).toEqual([0, 1, 0, 0, 1, 1]);
    expect(one({ column: 'smoker', op: 'one-of', values: [true] })).toEqual([1, 0, 0, 1, 0, 0]);
    expect(one({ column: 'visit', op: 'one-of', values: ['2024-06-30', '2023-12-31'] })).toEqual([0, 0, 0, 1, 0, 1]);
  });

  it('joins conditions with all (and) or any (or)', () => {
    const conditions: Condition[] = [{ column: 'age', op: 'greater', value: 60 }, { column: 'sex', op: 'equals', value: 'F' }];
    expect(rows({ match: 'all', conditions })).toEqual([1, 0, 0, 0, 0, 0]);
    expect(rows({ match: 'any', conditions })).toEqual([1, 0, 1, 1, 1, 0]);
    expect(countMask(evaluateWhere({ match: 'any', conditions }, frame))).toBe(4);
  });

  it('does not modify the frame', () => {
    const before = frame.columns.map((c) => ({ ...c, cells: cells(frame, c.name) }));
    rows({ match: 'any', conditions: [{ column: 'age', op: 'is-missing' }, { column: 'city', op: 'contains', value: 'o' }] });
    expect(frame.columns.map((c) => ({ ...c, cells: cells(frame, c.name) }))).toEqual(before);
  });

  it('throws the check message as a RecipeError', () => {
    expect(() => one({ column: 'nope', op: 'is-missing' })).toThrow(RecipeError);
    expect(() => one({ column: 'nope', op: 'is-missing' })).toThrow('There is no column nope (any more).');
  });
});

describe('checking conditions', () => {
  const check = (where: Where) => checkWhere(where, frame);
  const checkOne = (condition: Condition) => check({ match: 'all', conditions: [condition] });

  it('accepts conditions that fit their columns', () => {
    for (const [column, op, value] of [['age', 'greater', 3], ['sex', 'contains', 'f'], ['smoker', 'equals', false], ['visit', 'less', '2020-01-01']] as const) {
      expect(checkOne({ column, op, value })).toBeNull();
    }
  });

  it('refuses an empty condition list and unknown columns', () => {
    expect(check({ match: 'all', conditions: [] })).toBe('Add at least one condition.');
    expect(checkOne({ column: 'height', op: 'greater', value: 1 })).toBe('There is no column height (any more).');
  });

  it('refuses comparisons that do not fit the type', () => {
    expect(checkOne({ column: 'sex', op: 'less', value: 'M' })).toBe(
      'sex holds text, so it cannot be tested with "is less than". Use one of: equals, does not equal, contains, starts with, is one of, is missing, is not missing.',
    );
    expect(checkOne({ column: 'age', op: 'contains', value: '6' })).toMatch(/^age holds whole numbers, so it cannot be tested with "contains"/);
    expect(checkOne({ column: 'smoker', op: 'greater', value: true })).toMatch(/^smoker holds true\/false values, so it cannot be tested/);
    expect(checkOne({ column: 'visit', op: 'starts-with', value: '2024' })).toMatch(/^visit holds dates/);
  });

  it('refuses values that do not read as the column type', () => {
    expect(checkOne({ column: 'age', op: 'greater', value: 'abc' })).toBe("'abc' is not a number; age holds whole numbers.");
    expect(checkOne({ column: 'score', op: 'equals', value: true })).toBe("'true' is not a number; score holds numbers.");
    expect(checkOne({ column: 'smoker', op: 'equals', value: 'yes' })).toBe("'yes' is not true or false; smoker holds true/false values.");
    expect(checkOne({ column: 'visit', op: 'less', value: 'soon' })).toBe("'soon' is not a date (YYYY-MM-DD); visit holds dates.");
    expect(checkOne({ column: 'age', op: 'one-of', values: [1, 'x'] })).toBe("'x' is not a number; age holds whole numbers.");
  });

  it('refuses a missing value, an empty one-of and empty contains', () => {
    expect(checkOne({ column: 'age', op: 'greater' })).toBe('The condition on age needs a value (use "is missing" to pick missing cells).');
    expect(checkOne({ column: 'sex', op: 'equals', value: null })).toMatch(/needs a value/);
    expect(checkOne({ column: 'age', op: 'equals', value: '  ' })).toMatch(/needs a value/);
    expect(checkOne({ column: 'sex', op: 'one-of', values: [] })).toBe('Pick at least one value for "sex is one of".');
    expect(checkOne({ column: 'city', op: 'contains', value: '' })).toBe('Type the text that city should contain.');
  });

  it('refuses an unknown comparison or joiner from a damaged recipe', () => {
    expect(checkOne({ column: 'age', op: 'between' as never, value: 1 })).toBe("Unknown comparison 'between' on age.");
    expect(check({ match: 'some' as never, conditions: [{ column: 'age', op: 'is-missing' }] })).toMatch(/"all" or "any"/);
  });

  it('lists the comparisons each type allows', () => {
    expect(OPS_BY_TYPE.text).toContain('contains');
    expect(OPS_BY_TYPE.integer).not.toContain('contains');
    expect(OPS_BY_TYPE.boolean).not.toContain('less');
  });

  it('coerces text values as given (numbers written out)', () => {
    expect(coerceConditionValue(5, { name: 'code', type: 'text', missing: 0 })).toEqual({ ok: true, value: '5' });
    expect(coerceConditionValue('2024-02-30', { name: 'd', type: 'date', missing: 0 }).ok).toBe(false);
  });
});

describe('describing conditions', () => {
  it('writes conditions the way they are typed', () => {
    expect(describeWhere({ match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }, { column: 'sex', op: 'equals', value: 'F' }] }))
      .toBe('age > 65 and sex = "F"');
    expect(describeWhere({ match: 'any', conditions: [{ column: 'age', op: 'is-missing' }, { column: 'smoker', op: 'not-equals', value: true }] }))
      .toBe('age is missing or smoker != true');
    expect(describeCondition({ column: 'species', op: 'one-of', values: ['Adelie', 'Gentoo'] })).toBe('species in ("Adelie", "Gentoo")');
    expect(describeCondition({ column: 'city', op: 'starts-with', value: 'Par' })).toBe('city starts with "Par"');
    expect(describeCondition({ column: 'age', op: 'less-or-equal', value: 3 })).toBe('age <= 3');
  });

  it('reads back into the same condition through the typed-condition parser', () => {
    const where: Where = {
      match: 'any',
      conditions: [
        { column: 'age', op: 'greater-or-equal', value: 65 },
        { column: 'city', op: 'contains', value: 'par' },
        { column: 'sex', op: 'one-of', values: ['F', 'M'] },
        { column: 'score', op: 'is-not-missing' },
      ],
    };
    expect(parseWhere(describeWhere(where), frame.columns)).toEqual({ where });
  });
});
