import { describe, expect, test } from 'vitest';
import { readJsonLines } from '$src/core/data/ingest/jsonl';
import { chunked, load, names, refused, values } from './helpers';

describe('JSON Lines', () => {
  test('one record per line; blank lines skipped; CRLF; nested objects flattened', async () => {
    const table = await load('{"a": 1, "p": {"q": "x"}}\r\n\r\n{"a": 2, "b": true}\r\n   \n{"a": 3}', 'l.jsonl');
    expect(names(table)).toEqual(['a', 'p.q', 'b']);
    expect(values(table, 'a')).toEqual([1, 2, 3]);
    expect(values(table, 'b')).toEqual([null, true, null]);
    expect(table.description).toBe('JSON Lines, 3 records');
  });

  test('.ndjson too', async () => {
    expect((await load('{"a": 1}\n', 'x.ndjson')).rowCount).toBe(1);
  });

  test('the file is refused if any line is invalid, naming the first bad line', async () => {
    const error = await refused(load('{"a": 1}\n\n{"a": 2}\n{"a": }\n{"a": oops}\n', 'bad.jsonl'));
    expect(error.line).toBe(4);
    expect(error.message).toBe(
      'Line 4 of "bad.jsonl" is not valid JSON ("}" where a value should follow the colon, column 7). Every line of a JSON Lines file must be one complete JSON object; fix or remove that line and load the file again.',
    );
  });

  test('a line that is not an object is refused', async () => {
    const error = await refused(load('{"a": 1}\n[1, 2]\n', 'arr.jsonl'));
    expect(error.message).toContain('Line 2 of "arr.jsonl" holds an array, not a JSON object.');
  });

  test('type mismatches name the line', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ v: i === 44 ? 'unknown' : i }));
    const table = await load(lines.join('\n'), 'm.jsonl');
    expect(table.warnings[0]).toMatchObject({ code: 'type-mismatch', line: 45 });
  });

  test('lines split across chunks anywhere', async () => {
    const text = '{"a": 1, "s": "é"}\n{"a": 2, "s": "x\\ny"}\r\n\n{"a": 3}';
    for (const size of [1, 2, 3, 5, 7, 100]) {
      const table = await readJsonLines(chunked(text, size), 'c.jsonl');
      expect(table.rowCount, `chunks of ${size}`).toBe(3);
      expect(table.columns[1].values).toEqual(['é', 'x\ny', null]);
    }
  });
});
