import { describe, expect, test } from 'vitest';
import { findJsonProblem } from '$src/core/data/ingest/json-error';
import { load, names, refused, types, values, warningCodes } from './helpers';

describe('JSON shapes', () => {
  test('an array of records: union of keys in first-seen order, missing keys are missing', async () => {
    const table = await load('[{"a": 1, "b": "x"}, {"c": true, "a": 2}, {"b": "z"}]', 'r.json');
    expect(names(table)).toEqual(['a', 'b', 'c']);
    expect(values(table, 'a')).toEqual([1, 2, NaN]);
    expect(values(table, 'b')).toEqual(['x', null, 'z']);
    expect(values(table, 'c')).toEqual([null, true, null]);
    expect(table.description).toBe('JSON, array of 3 records');
  });

  test('nested objects become dotted names; arrays stay JSON text', async () => {
    const table = await load('[{"id": 1, "pos": {"x": 1.5, "y": {"z": 2}}, "tags": ["a", "b"]}, {"id": 2, "pos": {"x": 3}, "tags": []}]', 'n.json');
    expect(names(table)).toEqual(['id', 'pos.x', 'pos.y.z', 'tags']);
    expect(values(table, 'pos.x')).toEqual([1.5, 3]);
    expect(values(table, 'pos.y.z')).toEqual([2, NaN]);
    expect(values(table, 'tags')).toEqual(['["a","b"]', '[]']);
  });

  test('empty keys are named like empty header cells', async () => {
    const table = await load('[{"": 1, "a": 2}]', 'k.json');
    expect(names(table)).toEqual(['column_1', 'a']);
    expect(table.warnings[0].message).toBe('Column 1 has no name in the JSON keys; it was named "column_1". Rename it in the file if that name is not helpful.');
  });

  test('values go through the same inference: numbers, booleans, date strings, null', async () => {
    const table = await load('[{"n": 1, "f": 0.5, "b": false, "d": "2024-05-01", "s": "x"}, {"n": 2, "f": null, "b": true, "d": "2024-05-02", "s": null}]', 'v.json');
    expect(types(table)).toEqual({ n: 'integer', f: 'number', b: 'boolean', d: 'date', s: 'text' });
  });

  test('an object of columns', async () => {
    const table = await load('{"a": [1, 2, 3], "b": ["x", "y", null]}', 'c.json');
    expect(table.rowCount).toBe(3);
    expect(values(table, 'b')).toEqual(['x', 'y', null]);
    expect(table.description).toBe('JSON, object of 2 columns');
  });

  test('an object of columns with unequal lengths is refused, naming the column', async () => {
    const error = await refused(load('{"a": [1, 2, 3], "b": [1, 2]}', 'c.json'));
    expect(error.message).toBe(
      '"c.json" could not be read as a table: column "b" has 2 values but column "a" has 3. In a JSON object of columns every column must have the same number of values.',
    );
  });

  test('an object holding one array of records is read as those records, and the description says so', async () => {
    const table = await load('{"data": [{"a": 1}, {"a": 2}]}', 'w.json');
    expect(table.rowCount).toBe(2);
    expect(table.description).toBe('JSON, 2 records under "data"');
    const geo = await load('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"mag": 1.5}}]}', 'g.json');
    expect(names(geo)).toEqual(['type', 'properties.mag']);
    expect(geo.description).toBe('JSON, 1 record under "features"');
  });

  test('metadata beside the records, as in GeoJSON, is not a column', async () => {
    const table = await load('{"type": "FeatureCollection", "bbox": [0, 0, 1, 1], "features": [{"id": 1}, {"id": 2}]}', 'geo.json');
    expect(table.description).toBe('JSON, 2 records under "features"');
  });

  test('equally long columns stay columns even when one holds objects', async () => {
    const table = await load('{"a": [1, 2], "b": [{"x": 1}, {"x": 2}]}', 'c.json');
    expect(table.description).toBe('JSON, object of 2 columns');
    expect(values(table, 'b')).toEqual(['{"x":1}', '{"x":2}']);
  });

  test('several lists of records are refused', async () => {
    const error = await refused(load('{"nodes": [{"id": 1}], "links": [{"s": 1, "t": 2}, {"s": 2, "t": 1}]}', 'graph.json'));
    expect(error.message).toContain('holds several lists of records ("nodes", "links")');
  });

  test('records that are not objects are refused with their index', async () => {
    const error = await refused(load('[{"a": 1}, {"a": 2}, [3], {"a": 4}]', 'x.json'));
    expect(error.message).toContain('item 3 of the array is an array, not an object with named fields');
    expect((await refused(load('[1, 2]', 'x.json'))).message).toContain('item 1 of the array is a number, not an object');
  });

  test('scalars, empty arrays and empty objects are refused', async () => {
    expect((await refused(load('"hello"', 's.json'))).message).toContain('"s.json" holds a string, not a table');
    expect((await refused(load('true', 's.json'))).message).toContain('holds the value true, not a table');
    expect((await refused(load('[]', 'e.json'))).message).toContain('holds an empty array');
    expect((await refused(load('{}', 'e.json'))).message).toContain('holds an empty JSON object');
    expect((await refused(load('[{}, {}]', 'e.json'))).message).toContain('holds only empty objects');
  });

  test('JSON Lines saved as .json is read as JSON Lines, and said so', async () => {
    const table = await load('{"a": 1}\n{"a": 2}\n', 'l.json');
    expect(table.rowCount).toBe(2);
    expect(table.description).toBe('JSON Lines, 2 records (the name ends in .json, but the content is JSON Lines)');
    expect(warningCodes(table)).toEqual(['format-mismatch']);
  });

  test('JSON Lines whose first line is too long to sniff is still recognised', async () => {
    const long = 'x'.repeat(70_000);
    const table = await load(`{"a": 1, "s": "${long}"}\n{"a": 2, "s": "y"}\n`, 'long.json');
    expect(table.rowCount).toBe(2);
  });
});

describe('invalid JSON', () => {
  test('names the line and column of the problem', async () => {
    const error = await refused(load('[\n  {"a": 1},\n  {"a": 2},\n]\n', 't.json'));
    expect(error.line).toBe(4);
    expect(error.message).toBe(
      '"t.json" is not valid JSON: a comma before "]" with nothing after it (a trailing comma) at line 4, column 1. Fix that spot in the file (or export it again from the program that made it) and load it again.',
    );
  });

  test.each([
    ['{"a": 1 "b": 2}', 'a comma or "}" should be', 1, 9],
    ["[{'a': 1}]", 'a single quote', 1, 3],
    ['[{"a": 1},\n {"a": 2}', 'the file ends before the JSON is complete', 2, 10],
    ['[{"a": "unterminated}]', 'a string that is never closed', 1, 8],
    ['[{"a": "line\nbreak"}]', 'a line break inside a string', 1, 13],
    ['[{"a": 01}]', 'a comma or "}" should be', 1, 9],
    ['[{"a": NaN}]', 'an unexpected "N" where a value should be', 1, 8],
    ['[{"a" 1}]', 'a colon (:) should follow the property name', 1, 7],
    ['[{"a": "\\x"}]', 'an unknown escape', 1, 9],
    ['[1] [2]', 'more text after the end of the JSON value', 1, 5],
    ['[}', 'an unexpected "}" where a value should be', 1, 2],
    ['{"a": }', '"}" where a value should follow the colon', 1, 7],
    ['{"a": 1,}', 'a comma before "}" with nothing after it', 1, 9],
  ])('%j', (text, reason, line, column) => {
    const problem = findJsonProblem(text);
    expect(problem?.reason).toContain(reason);
    expect([problem?.line, problem?.column]).toEqual([line, column]);
  });

  test('valid JSON has no problem', () => {
    expect(findJsonProblem('{"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9"], "b": {}}')).toBeNull();
  });

  test('a JSON file over 512 MB is refused before reading, suggesting JSON Lines', async () => {
    class Huge extends Blob {
      override get size(): number {
        return 600 * 1024 * 1024;
      }
    }
    const { ingestFile } = await import('$src/core/data/ingest/index');
    const error = await refused(ingestFile(new Huge(['[{"a": 1}]']), { fileName: 'huge.json' }));
    expect(error.message).toContain('is too large to read as one JSON document (600 MB; the limit is 512 MB)');
    expect(error.message).toContain('JSON Lines');
  });
});
