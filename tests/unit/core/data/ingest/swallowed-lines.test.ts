/**
 * A quote left open swallows the lines after it into one cell and the file still reads (RFC 4180
 * allows line breaks in quotes). It is read the same way, but reported when text follows the quote
 * that closed it (it was the quote opening a later field) and the swallowed lines hold delimiters;
 * a paragraph in a quoted cell, whatever it holds, is not.
 */
import { describe, expect, test } from 'vitest';
import { parsePart, readDelimitedInParts } from '$src/core/data/ingest/parts';
import type { PartRunner } from '$src/core/data/ingest/parts';
import { Progress } from '$src/core/data/ingest/stream';
import { load, values } from './helpers';

const RUNAWAY = 'id,text,n\n1,"hello,10\n2,world,20\n3,"x""y",30\n4,plain,40\n';

describe('a quoted field that swallows lines', () => {
  test('is read as RFC 4180 says, and reported with where it starts and ends and how many lines it took', async () => {
    const table = await load(RUNAWAY, 'runaway.csv');
    expect(table.rowCount).toBe(2);
    expect(values(table, 'text')).toEqual(['hello,10\n2,world,20\n3,x""y"', 'plain']);
    expect(table.warnings).toEqual([{
      code: 'swallowed-lines',
      line: 2,
      count: 1,
      column: 'text',
      message:
        'A quoted field in column "text" starts on line 2 and closes on line 4, so lines 3–4 (2 lines) were read into that one cell, '
        + 'though they hold commas like rows of their own. If they are rows, a closing quote (") is missing on line 2: '
        + 'add it (a quote inside a field is written twice, "") and load the file again.',
    }]);
  });

  test('counts lines the same with CRLF and CR line ends, and names one swallowed line as one', async () => {
    for (const eol of ['\r\n', '\r']) {
      const table = await load(RUNAWAY.replace(/\n/g, eol), 'runaway.csv');
      expect(table.warnings).toHaveLength(1);
      expect(table.warnings[0].message).toContain('starts on line 2 and closes on line 4, so lines 3–4 (2 lines) were read');
    }
    const one = await load('a;b;c\n1;"x\n2;y;"z";3\n', 'one.csv');
    expect(one.warnings[0].message).toContain('starts on line 2 and closes on line 3, so line 3 was read into that one cell, though they hold semicolons');
  });

  test('reports the first of several and how many more there are', async () => {
    const table = await load(`${RUNAWAY}5,"again,50\n6,more,60\n7,"z",70\n`, 'two.csv');
    expect(table.warnings).toHaveLength(1);
    expect(table.warnings[0]).toMatchObject({ line: 2, count: 2 });
    expect(table.warnings[0].message).toContain('1 more quoted field does the same.');
  });

  test('leaves text cells of several lines alone in a well-formed file', async () => {
    const text = 'id,note,score\n1,"Dear team,\nthe results are in.\nBest, Ana",3\n2,"one line",4\n3,"a\n\nb",5\n';
    const table = await load(text, 'notes.csv');
    expect(table.rowCount).toBe(3);
    expect(table.warnings).toEqual([]);
    // A header that spans lines is not a row and is not looked at.
    expect((await load('"first\nname",b,c\n1,2,3\n', 'header.csv')).warnings).toEqual([]);
    // Whatever a cell holds, a writer quotes it and nothing follows the closing quote: two
    // columns, a line break and a comma in a cell (a case the CSV property test found).
    expect((await load('c0,c1\n"\r\nx,",0\n"x\n1,2,3",1\n', 'written.csv')).warnings).toEqual([]);
    // One column: there are no delimiters to look like rows.
    expect((await load('text\n"a\nb"\n', 'single.csv')).warnings).toEqual([]);
  });

  test('is reported the same when the file is read in parts at once', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 10},row ${i},${i}`);
    const text = `${RUNAWAY}${rows.join('\n')}\n5,"late,1\n6,b,2\n7,"c",3\n`;
    const once = await load(text, 'parts.csv');
    const inProcess: PartRunner = (tasks) => Promise.all(tasks.map(async (task) => structuredClone(await parsePart(task))));
    const file = new Blob([text]);
    const options = { fileName: 'parts.csv' };
    const joined = await readDelimitedInParts(file, 0, options, { parts: 4, run: inProcess }, options, new Progress(file.size, undefined));
    expect(joined).not.toBeNull();
    expect(joined!.warnings).toEqual(once.warnings);
    expect(once.warnings[0]).toMatchObject({ line: 2, count: 2 });
  });
});
