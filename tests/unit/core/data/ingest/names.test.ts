import { describe, expect, test } from 'vitest';
import { cleanNames } from '$src/core/data/ingest/names';

describe('cleanNames', () => {
  test('trims names and strips stray byte order marks', () => {
    expect(cleanNames([' id ', '\uFEFFname', 'a b'])).toEqual({ names: ['id', 'name', 'a b'], warnings: [] });
  });

  test('empty names become column_N, N being the 1-based position', () => {
    const { names, warnings } = cleanNames(['id', '', '  ', 'x'], 1);
    expect(names).toEqual(['id', 'column_2', 'column_3', 'x']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toEqual({
      code: 'renamed-column',
      line: 1,
      column: 'column_2',
      message: 'Column 2 has no name in the header (line 1); it was named "column_2". Rename it in the file if that name is not helpful.',
    });
  });

  test('duplicates become name_2, name_3 …', () => {
    const { names, warnings } = cleanNames(['v', 'v', 'w', 'v'], 3);
    expect(names).toEqual(['v', 'v_2', 'w', 'v_3']);
    expect(warnings.map((w) => w.column)).toEqual(['v_2', 'v_3']);
    expect(warnings[0].message).toBe(
      'The name "v" appears more than once in the header (line 3); column 2 was named "v_2". Rename the columns in the file if they mean different things.',
    );
  });

  test('new names never collide with names already in the header', () => {
    expect(cleanNames(['a', 'a', 'a_2']).names).toEqual(['a', 'a_3', 'a_2']);
    expect(cleanNames(['column_2', '']).names).toEqual(['column_2', 'column_2_2']);
  });

  test('names differing only in case are different names', () => {
    expect(cleanNames(['Value', 'value']).names).toEqual(['Value', 'value']);
  });

  test('without a line, messages do not mention one', () => {
    expect(cleanNames(['', 'b']).warnings[0].message).toBe(
      'Column 1 has no name in the header; it was named "column_1". Rename it in the file if that name is not helpful.',
    );
  });
});
