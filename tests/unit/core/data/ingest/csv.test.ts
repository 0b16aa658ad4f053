import { describe, expect, test } from 'vitest';
import { load, names, refused, types, values, warningCodes } from './helpers';

describe('CSV through ingestFile', () => {
  test('the first row is the header; header names are cleaned with a warning per rename', async () => {
    const table = await load(' id ,,name,name\n1,a,b,c\n', 'h.csv');
    expect(names(table)).toEqual(['id', 'column_2', 'name', 'name_2']);
    expect(warningCodes(table)).toEqual(['renamed-column', 'renamed-column']);
  });

  test('a trailing delimiter on every line does not make an empty column', async () => {
    const table = await load('a,b,\n1,2,\n3,4,\n', 't.csv');
    expect(names(table)).toEqual(['a', 'b']);
    expect(table.warnings).toEqual([]);
    const kept = await load('a,b,\n1,2,x\n', 't.csv');
    expect(names(kept)).toEqual(['a', 'b', 'column_3']);
    expect(warningCodes(kept)).toEqual(['renamed-column']);
  });

  test('ragged rows: short rows padded, long rows cut, one warning per kind with count and first line', async () => {
    const table = await load('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10\n11,12,13,14,15\n16,17,18,,\n', 'r.csv');
    expect(table.rowCount).toBe(6);
    expect(values(table, 'a')).toEqual([1, 4, 6, 10, 11, 16]);
    expect(values(table, 'c')).toEqual([3, NaN, 8, NaN, 13, 18]);
    const ragged = table.warnings.filter((w) => w.code === 'ragged-row');
    expect(ragged).toEqual([
      {
        code: 'ragged-row',
        line: 3,
        count: 2,
        message:
          "2 rows have fewer fields than the header's 3 (first at line 3); the missing cells were left empty. If that is not expected, check the delimiter and the quotes on that line.",
      },
      {
        code: 'ragged-row',
        line: 4,
        count: 2,
        message:
          "2 rows have more fields than the header's 3 (first at line 4); the extra fields were dropped. Check the delimiter and the quotes on that line, or add names for the extra columns to the header.",
      },
    ]);
  });

  test('a header with no data rows is refused', async () => {
    const error = await refused(load('a,b,c\n\n\n', 'h.csv'));
    expect(error.message).toBe(
      '"h.csv" has a header but no data rows: only the column names ("a", "b", "c") were found. Add at least one row of data below the header, or choose another file.',
    );
  });

  test('an unbalanced quote is refused, naming the line where it opened', async () => {
    const error = await refused(load('a,b\n1,2\n3,"x\n4,5\n', 'q.csv'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('a quoted field starts on line 3 but never closes');
  });

  test('quoted newlines keep line numbers physical', async () => {
    const rows = ['id,comment,score'];
    rows.push('1,"multi\nline\ncomment",5');
    for (let i = 2; i <= 60; i++) rows.push(`${i},ok,${i === 30 ? 'high' : i}`);
    const table = await load(rows.join('\r\n'), 'n.csv');
    expect(values(table, 'comment')[0]).toBe('multi\nline\ncomment');
    // Row 30 is record 31 after the header, and the comment added two lines.
    expect(table.warnings.find((w) => w.code === 'type-mismatch')?.line).toBe(33);
  });

  test('blank lines are skipped; rows of empty fields are skipped with a warning', async () => {
    const table = await load('a,b\n\n1,2\n,\n \n3,4\n,,\n', 'b.csv');
    expect(table.rowCount).toBe(2);
    expect(table.warnings).toEqual([
      { code: 'empty-row', line: 4, count: 2, message: '2 rows have only empty fields (first at line 4); they were skipped.' },
    ]);
  });

  test('markup in cells is plain text, kept exactly', async () => {
    const table = await load('id,html\n1,<img src=x onerror=alert(1)>\n2,"<script>alert(""x"")</script>"\n', 'm.csv');
    expect(values(table, 'html')).toEqual(['<img src=x onerror=alert(1)>', '<script>alert("x")</script>']);
  });

  test('semicolon-separated with decimal commas', async () => {
    const table = await load('Produkt;Preis;Menge\nÄpfel;1,5;3\nBirnen;2,25;4\n', 'de.csv');
    expect(types(table)).toEqual({ Produkt: 'text', Preis: 'number', Menge: 'integer' });
    expect(values(table, 'Preis')).toEqual([1.5, 2.25]);
  });

  test('an Excel "sep=" line names the delimiter and is skipped', async () => {
    const table = await load('sep=;\na;b\n1;2\n', 'x.csv');
    expect(names(table)).toEqual(['a', 'b']);
    expect(table.rowCount).toBe(1);
    expect(table.description).toBe('CSV, semicolon-separated, UTF-8');
  });

  test('a file without a delimiter is one column', async () => {
    const table = await load('city\nOslo\nRome, Italy\n', 'one.txt');
    expect(names(table)).toEqual(['city']);
    // Comma appears in one row only: not consistent enough to be the delimiter.
    expect(table.rowCount).toBe(2);
  });

  test('lone CR line endings', async () => {
    const table = await load('a,b\r1,2\r3,4', 'mac.csv');
    expect(values(table, 'b')).toEqual([2, 4]);
  });

  test('TSV keeps commas inside fields', async () => {
    const table = await load('name\tnote\nann\thello, world\n', 'x.tsv');
    expect(values(table, 'note')).toEqual(['hello, world']);
  });
});
