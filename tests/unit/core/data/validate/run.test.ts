import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import type { Frame } from '$src/core/data/frame';
import { Cancelled, isCancellation } from '$src/core/cancellation';
import { runRules, SAMPLE_SIZE, violatingRows } from '$src/core/data/validate/run';
import { RuleError, type Rule } from '$src/core/data/validate/rules';
import { frameOf } from '../../../helpers/frames';
import { date, rule } from './helpers';

const frame = frameOf({
  age: ['integer', new Float64Array([30, NaN, -1, 121, 0, 120, 45])],
  score: ['number', new Float64Array([0.5, 1.5, NaN, 2.25, -0.1, 1, 3])],
  name: ['text', ['Ann', 'bob', null, 'Cy', '', 'Ann', 'Dee ']],
  joined: ['date', [date('2020-01-01'), date('2020-12-31T23:59:59Z'), null, date('2021-01-01'), date('2019-12-31'), date('2020-06-15'), date('2020-01-01')]],
  active: ['boolean', [true, false, null, true, null, false, true]],
  mixed: ['text', ['12', '3.5', 'abc', '2024-02-30', '2024-02-29', 'TRUE', '007']],
});

function one(r: Omit<Rule, 'id'>) {
  const [result] = runRules(frame, [rule({ id: 'x', ...r })]);
  return result;
}

describe('runRules', () => {
  it('not-missing counts NaN, null and empty text, on every type', () => {
    expect(one({ column: 'age', kind: 'not-missing' })).toEqual({ ruleId: 'x', violations: 1, checked: 7, sample: [1] });
    expect(one({ column: 'name', kind: 'not-missing' })).toMatchObject({ violations: 2, checked: 7, sample: [2, 4] });
    expect(one({ column: 'joined', kind: 'not-missing' })).toMatchObject({ violations: 1, sample: [2] });
    expect(one({ column: 'active', kind: 'not-missing' })).toMatchObject({ violations: 2, sample: [2, 4] });
  });

  it('in-range is inclusive, skips missing, works on integers, numbers and dates', () => {
    expect(one({ column: 'age', kind: 'in-range', min: 0, max: 120 })).toEqual({ ruleId: 'x', violations: 2, checked: 6, sample: [2, 3] });
    expect(one({ column: 'age', kind: 'in-range', min: 45 })).toMatchObject({ violations: 3, sample: [0, 2, 4] });
    expect(one({ column: 'score', kind: 'in-range', max: 1.5 })).toMatchObject({ violations: 2, checked: 6, sample: [3, 6] });
    expect(one({ column: 'score', kind: 'in-range', min: 0, max: 1.5 })).toMatchObject({ violations: 3, sample: [3, 4, 6] });
    // A date-only maximum includes that whole day.
    expect(one({ column: 'joined', kind: 'in-range', minDate: '2020-01-01', maxDate: '2020-12-31' })).toMatchObject({ violations: 2, checked: 6, sample: [3, 4] });
    expect(one({ column: 'joined', kind: 'in-range', maxDate: '2020-12-31T12:00:00Z' })).toMatchObject({ violations: 2, sample: [1, 3] });
  });

  it('pattern matches the text form of the whole value and skips missing', () => {
    expect(one({ column: 'name', kind: 'pattern', pattern: '[A-Z][a-z]+' })).toMatchObject({ violations: 2, checked: 5, sample: [1, 6] });
    expect(one({ column: 'age', kind: 'pattern', pattern: '\\d{2}' })).toMatchObject({ violations: 4, checked: 6, sample: [2, 3, 4, 5] });
    expect(one({ column: 'joined', kind: 'pattern', pattern: '2020-.*' })).toMatchObject({ violations: 2, sample: [3, 4] });
    expect(one({ column: 'active', kind: 'pattern', pattern: 'true' })).toMatchObject({ violations: 2, checked: 5, sample: [1, 5] });
  });

  it('one-of compares text exactly, numbers as numbers, dates as instants, booleans', () => {
    expect(one({ column: 'name', kind: 'one-of', values: ['Ann', 'Cy', 'Dee'] })).toMatchObject({ violations: 2, checked: 5, sample: [1, 6] });
    expect(one({ column: 'age', kind: 'one-of', values: ['30', '120.0', ' 45 '] })).toMatchObject({ violations: 3, sample: [2, 3, 4] });
    expect(one({ column: 'joined', kind: 'one-of', values: ['2020-01-01'] })).toMatchObject({ violations: 4, checked: 6, sample: [1, 3, 4, 5] });
    expect(one({ column: 'active', kind: 'one-of', values: ['TRUE'] })).toMatchObject({ violations: 2, checked: 5, sample: [1, 5] });
  });

  it('unique flags every row whose value appears more than once, ignoring missing', () => {
    expect(one({ column: 'name', kind: 'unique' })).toEqual({ ruleId: 'x', violations: 2, checked: 5, sample: [0, 5] });
    expect(one({ column: 'joined', kind: 'unique' })).toMatchObject({ violations: 2, sample: [0, 6] });
    expect(one({ column: 'active', kind: 'unique' })).toMatchObject({ violations: 5, checked: 5 });
    expect(one({ column: 'age', kind: 'unique' })).toMatchObject({ violations: 0, checked: 6, sample: [] });
  });

  it('type-is reads text by the strict ingest rules', () => {
    // mixed: '12', '3.5', 'abc', '2024-02-30' (no such day: text), '2024-02-29', 'TRUE', '007' (a code)
    expect(one({ column: 'mixed', kind: 'type-is', type: 'number' })).toMatchObject({ violations: 4, sample: [2, 3, 4, 5] });
    expect(one({ column: 'mixed', kind: 'type-is', type: 'integer' })).toMatchObject({ violations: 6, sample: [1, 2, 3, 4, 5, 6] });
    expect(one({ column: 'mixed', kind: 'type-is', type: 'date' })).toMatchObject({ violations: 6, sample: [0, 1, 2, 3, 5, 6] });
    expect(one({ column: 'mixed', kind: 'type-is', type: 'boolean' })).toMatchObject({ violations: 6, sample: [0, 1, 2, 3, 4, 6] });
    expect(one({ column: 'mixed', kind: 'type-is', type: 'text' })).toMatchObject({ violations: 4, sample: [0, 1, 4, 5] });
    expect(one({ column: 'score', kind: 'type-is', type: 'integer' })).toMatchObject({ violations: 4, checked: 6, sample: [0, 1, 3, 4] });
  });

  it('reports a rule that cannot run instead of failing the others', () => {
    const results = runRules(frame, [rule({ id: 'gone', column: 'height', kind: 'not-missing' }), rule({ id: 'ok', column: 'age', kind: 'not-missing' })]);
    expect(results[0]).toMatchObject({ ruleId: 'gone', violations: 0, checked: 0, problem: expect.stringMatching(/no column "height"/) });
    expect(results[1]).toMatchObject({ ruleId: 'ok', violations: 1 });
    expect(results[1].problem).toBeUndefined();
  });

  it('keeps the first 100 violations as a sample and pages through all of them', () => {
    const n = 1_000;
    const big = frameOf({ v: ['integer', Float64Array.from({ length: n }, (_, i) => i)] });
    const r = rule({ column: 'v', kind: 'in-range', max: 99 });
    const [result] = runRules(big, [r]);
    expect(result.violations).toBe(900);
    expect(result.sample).toEqual(Array.from({ length: SAMPLE_SIZE }, (_, i) => 100 + i));
    expect(violatingRows(big, r, 0, 3)).toEqual([100, 101, 102]);
    expect(violatingRows(big, r, 850, 100)).toEqual(Array.from({ length: 50 }, (_, i) => 950 + i));
    expect(violatingRows(big, r, 900, 10)).toEqual([]);
    expect(violatingRows(big, r, 5, 0)).toEqual([]);
    expect(() => violatingRows(big, rule({ column: 'w', kind: 'unique' }), 0, 10)).toThrow(RuleError);
    const u = rule({ column: 'name', kind: 'unique' });
    expect(violatingRows(frame, u, 1, 10)).toEqual([5]);
  });

  it('uses positions in a filtered and ordered frame, and works on tables read from Arrow', () => {
    const arrow: Frame = { table: aq.fromArrow(frame.table.toArrowIPC()), columns: frame.columns };
    const rules = [
      rule({ id: 'a', column: 'joined', kind: 'in-range', minDate: '2020-01-01', maxDate: '2020-12-31' }),
      rule({ id: 'b', column: 'name', kind: 'unique' }),
      rule({ id: 'c', column: 'active', kind: 'one-of', values: ['true'] }),
    ];
    expect(runRules(arrow, rules)).toEqual(runRules(frame, rules));
    const ordered: Frame = { table: frame.table.orderby(aq.desc('age')), columns: frame.columns };
    // age descending: 121 (row 3), 120, 45, 30, 0, -1, NaN
    expect(one.call(null, { column: 'age', kind: 'in-range', min: 0, max: 120 }).sample).toEqual([2, 3]);
    expect(runRules(ordered, [rule({ column: 'age', kind: 'in-range', min: 0, max: 120 })])[0].sample).toEqual([0, 5]);
  });

  it('reports progress and stops when cancelled', () => {
    const n = 200_000;
    const big = frameOf({ v: ['number', new Float64Array(n)] });
    const rules = [rule({ column: 'v', kind: 'not-missing' }), rule({ column: 'v', kind: 'unique' })];
    const seen: [number, number][] = [];
    runRules(big, rules, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([2 * n, 2 * n]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1][0])).toBe(true);

    const controller = new AbortController();
    let calls = 0;
    expect(() =>
      runRules(big, rules, {
        signal: controller.signal,
        onProgress: () => {
          if (++calls === 2) controller.abort();
        },
      }),
    ).toThrow(Cancelled);
    expect(calls).toBe(2);
    let error: unknown;
    try {
      runRules(big, rules, { signal: controller.signal });
    } catch (thrown) {
      error = thrown;
    }
    expect(isCancellation(error)).toBe(true);
  });

  it('runs 5 rules over 1,000,000 rows', () => {
    const n = 1_000_000;
    const ages = new Float64Array(n);
    const names: (string | null)[] = new Array(n);
    const codes: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      ages[i] = i % 1000 === 0 ? NaN : (i * 7919) % 130;
      names[i] = i % 500 === 0 ? null : `user${i % 5000}@example.com`;
      codes[i] = String(i);
    }
    const big = frameOf({ age: ['integer', ages], email: ['text', names], code: ['text', codes] });
    const rules = [
      rule({ column: 'age', kind: 'not-missing' }),
      rule({ column: 'age', kind: 'in-range', min: 0, max: 120 }),
      rule({ column: 'email', kind: 'pattern', pattern: '[^@]+@[^@]+\\.[a-z]+' }),
      rule({ column: 'code', kind: 'unique' }),
      rule({ column: 'code', kind: 'type-is', type: 'integer' }),
    ];
    const results = runRules(big, rules);
    expect(results.map((r) => r.violations)).toEqual([1000, results[1].violations, 0, 0, 0]);
    expect(results[1].violations).toBeGreaterThan(0);
  }, 30_000);
});
