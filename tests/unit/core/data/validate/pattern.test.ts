import { describe, expect, it } from 'vitest';
import { compilePattern, matchesWhole, MAX_VALUE_CHARS, patternProblem } from '$src/core/data/validate/pattern';
import { runRules } from '$src/core/data/validate/run';
import { frameOf } from '../../../helpers/frames';
import { rule } from './helpers';

describe('patterns (RE2, linear time)', () => {
  it('matches the whole value, not a part of it', () => {
    const re = compilePattern('[a-z]+');
    expect(matchesWhole(re, 'abc')).toBe(true);
    expect(matchesWhole(re, 'abc1')).toBe(false);
    expect(matchesWhole(re, '1abc')).toBe(false);
    expect(matchesWhole(compilePattern('^[^@]+@[^@]+$'), 'a@b')).toBe(true);
    expect(matchesWhole(compilePattern('.*abc.*'), 'xxabcxx')).toBe(true);
    expect(matchesWhole(compilePattern('(?i)abc'), 'ABC')).toBe(true);
  });

  it('finishes a catastrophic-backtracking pattern on a long value at once', () => {
    // With a backtracking engine, (a+)+$ on 'aaaa…b' takes 2^n steps: minutes already at n = 30.
    const value = `${'a'.repeat(5_000)}b`;
    const re = compilePattern('(a+)+$');
    expect(matchesWhole(re, value)).toBe(false);
    expect(matchesWhole(re, 'a'.repeat(40))).toBe(true);
    const frame = frameOf({ s: ['text', [value, `${'a'.repeat(32)}!`, 'aaa', null]] });
    const [result] = runRules(frame, [rule({ id: 'evil', column: 's', kind: 'pattern', pattern: '(a+)+$' })]);
    expect(result).toEqual({ ruleId: 'evil', violations: 2, checked: 3, sample: [0, 1] });
    const nested = compilePattern('(x+x+)+y');
    expect(matchesWhole(nested, 'x'.repeat(3_000))).toBe(false);
  }, 10_000);

  it('checks a value longer than the limit on its first characters only', () => {
    const re = compilePattern('a*');
    expect(matchesWhole(re, `${'a'.repeat(MAX_VALUE_CHARS)}b`)).toBe(true);
    expect(matchesWhole(re, `${'a'.repeat(MAX_VALUE_CHARS - 1)}b`)).toBe(false);
  });

  it('explains what RE2 cannot do', () => {
    expect(patternProblem('(a)\\1')).toMatch(/^Backreferences such as \\1 are not supported/);
    expect(patternProblem('(?<x>a)\\k<x>')).toMatch(/Backreferences such as \\k<name>/);
    expect(patternProblem('(?!a)b')).toMatch(/^Lookahead/);
    expect(patternProblem('(?<=a)b')).toMatch(/^Lookbehind/);
    expect(patternProblem('(?>a)')).toMatch(/Atomic groups/);
    expect(patternProblem('a++')).toMatch(/possessive/);
    expect(patternProblem('a{1001}')).toMatch(/at most 1000/);
    expect(patternProblem('(a{100}){100}')).toMatch(/at most 1000/);
    expect(patternProblem('\\u00e9')).toMatch(/\\x\{00e9\}/);
    expect(patternProblem('a)')).toMatch(/\) without a matching \(/);
    expect(patternProblem('*a')).toMatch(/nothing to repeat/);
    expect(patternProblem('')).toMatch(/Enter a pattern/);
    expect(patternProblem('x'.repeat(500))).toBeNull();
    expect(patternProblem('x'.repeat(501))).toMatch(/at most 500/);
    expect(patternProblem('(?:\\pL{1000}|\\pN{1000}|\\pP{1000}|\\pS{1000}|\\pM{1000}|\\pZ{1000}|\\pC{1000}|[a-z]{1000}|[0-9]{1000}|[A-Z]{1000}){1,20}')).toMatch(/too complex|at most 1000/);
  });
});
