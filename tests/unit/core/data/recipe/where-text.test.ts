import { describe, it, expect } from 'vitest';
import { parseWhere } from '$src/core/data/recipe/where-text';
import type { ColumnInfo } from '$src/core/data/columns';

const columns: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 0 },
  { name: 'sex', type: 'text', missing: 0 },
  { name: 'Body Mass (g)', type: 'number', missing: 0 },
  { name: 'species', type: 'text', missing: 0 },
];

describe('conditions typed as text', () => {
  it('parses comparisons joined by and', () => {
    expect(parseWhere('age > 65 and sex = "F"', columns)).toEqual({
      where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }, { column: 'sex', op: 'equals', value: 'F' }] },
    });
  });

  it('matches column names with spaces, and or-joined conditions', () => {
    expect(parseWhere('Body Mass (g) >= 4000 or species in Adelie, Gentoo', columns)).toEqual({
      where: {
        match: 'any',
        conditions: [
          { column: 'Body Mass (g)', op: 'greater-or-equal', value: 4000 },
          { column: 'species', op: 'one-of', values: ['Adelie', 'Gentoo'] },
        ],
      },
    });
  });

  it('takes quoted column names and is lenient about the case of names', () => {
    expect(parseWhere('"Body Mass (g)" < 3000', columns)).toMatchObject({ where: { conditions: [{ column: 'Body Mass (g)', op: 'less', value: 3000 }] } });
    expect(parseWhere('AGE <= 10', columns)).toMatchObject({ where: { conditions: [{ column: 'age', op: 'less-or-equal', value: 10 }] } });
  });

  it('knows missing tests, contains and starts with', () => {
    expect(parseWhere('age is missing', columns)).toEqual({ where: { match: 'all', conditions: [{ column: 'age', op: 'is-missing' }] } });
    expect(parseWhere('sex is not missing', columns)).toEqual({ where: { match: 'all', conditions: [{ column: 'sex', op: 'is-not-missing' }] } });
    expect(parseWhere('species contains gen', columns)).toMatchObject({ where: { conditions: [{ op: 'contains', value: 'gen' }] } });
    expect(parseWhere('species starts with "Ad"', columns)).toMatchObject({ where: { conditions: [{ op: 'starts-with', value: 'Ad' }] } });
    expect(parseWhere('sex != M', columns)).toMatchObject({ where: { conditions: [{ op: 'not-equals', value: 'M' }] } });
  });

  it('says what is wrong in plain words', () => {
    expect(parseWhere('', columns)).toEqual({ error: expect.stringContaining('empty') });
    expect(parseWhere('height > 3', columns)).toEqual({ error: expect.stringContaining('does not start with a column name') });
    expect(parseWhere('age 3', columns)).toEqual({ error: expect.stringContaining('no comparison') });
    expect(parseWhere('age >', columns)).toEqual({ error: expect.stringContaining('needs a value') });
    expect(parseWhere('age > 1 and sex = F or age < 3', columns)).toEqual({ error: expect.stringContaining('not both') });
  });

  it('never runs the text: code-looking input is just an unknown column or a text value', () => {
    expect(parseWhere('constructor.constructor("alert(1)")()', columns)).toEqual({ error: expect.any(String) });
    expect(parseWhere('sex = alert(1)', columns)).toMatchObject({ where: { conditions: [{ value: 'alert(1)' }] } });
  });
});
