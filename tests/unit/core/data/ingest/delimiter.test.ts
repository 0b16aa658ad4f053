import { describe, expect, test } from 'vitest';
import { detectDelimiter, fieldCounts } from '$src/core/data/ingest/delimiter';
import { load } from './helpers';

describe('detectDelimiter', () => {
  test.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('finds %j (%s)', (d) => {
    const text = ['name', 'age', 'city'].join(d) + '\n' + ['ann', '31', 'Oslo'].join(d) + '\n' + ['bob', '42', 'Rome'].join(d) + '\n';
    expect(detectDelimiter(text, true)).toBe(d);
  });

  test('ignores delimiters inside quoted fields', () => {
    const semicolons = 'id;note\n1;"a, b, c, d"\n2;"e, f, g, h"\n3;"i, j, k, l"\n';
    expect(detectDelimiter(semicolons, true)).toBe(';');
    expect(fieldCounts(semicolons, ';', true)).toEqual([2, 2, 2, 2]);
    const commas = 'id,note\n1,"a;b;c|d"\n2,"e;f;g|h"\n3,"i;j;k|l"\n';
    expect(detectDelimiter(commas, true)).toBe(',');
    expect(fieldCounts(commas, ',', true)).toEqual([2, 2, 2, 2]);
  });

  test('quoted newlines do not end a record', () => {
    expect(fieldCounts('a,b\n"x\ny",1\n', ',', true)).toEqual([2, 2]);
  });

  test('semicolons win over decimal commas', () => {
    const text = 'product;price;weight\napple;1,5;0,25\npear;2,25;1\nplum;3;0,5\n';
    expect(detectDelimiter(text, true)).toBe(';');
  });

  test('a tab-separated file with commas in its text is tab-separated', () => {
    const text = 'title\tyear\nWar, and Peace\t1869\nCrime and Punishment\t1866\nFathers, Sons, and more\t1862\n';
    expect(detectDelimiter(text, true)).toBe('\t');
  });

  test('.tsv prefers tab when tab is about as consistent as the best', () => {
    const text = 'a,b\tc,d\n1,2\t3,4\n5,6\t7,8\n';
    expect(detectDelimiter(text, true)).toBe(',');
    expect(detectDelimiter(text, true, '\t')).toBe('\t');
  });

  test('no delimiter: one column', () => {
    expect(detectDelimiter('word\nalpha\nbeta\n', true)).toBeNull();
  });

  test('ignores the cut-off last line of a partial sample', () => {
    expect(fieldCounts('a,b,c\n1,2,3\n4,5', ',', false)).toEqual([3, 3]);
    expect(fieldCounts('a,b,c\n1,2,3\n4,5', ',', true)).toEqual([3, 3, 2]);
  });

  test('a stray quote inside a field does not hide the delimiters after it', () => {
    expect(fieldCounts('name,height,weight\nann,5\'11",70\nbob,6\'1",80\n', ',', true)).toEqual([3, 3, 3]);
  });

  test('ingest reads each delimiter and names it in the description', async () => {
    const t1 = await load('a|b\n1|2\n', 'pipes.txt');
    expect(t1.description).toBe('text, pipe-separated, UTF-8');
    const t2 = await load('a\tb\n1\t2\n', 'tabs.tsv');
    expect(t2.description).toBe('TSV, tab-separated, UTF-8');
    const t3 = await load('a;b\n1,5;2\n', 'euro.csv');
    expect(t3.description).toBe('CSV, semicolon-separated, decimal comma, UTF-8');
    const t4 = await load('word\nalpha\n', 'list.csv');
    expect(t4.description).toBe('CSV, one column (no delimiter found), UTF-8');
  });
});
