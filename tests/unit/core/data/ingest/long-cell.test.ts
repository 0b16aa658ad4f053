/**
 * A cell of megabytes (a pasted document, a log, a base64 blob) must load, profile, show, clean
 * and export like any other: no step may pass its characters as the arguments of one call.
 */
import { describe, expect, test } from 'vitest';
import { toArqueroTable, encodeChunks, decodeChunks, formatRows } from '$src/core/data/table';
import { baseFrame, applyNewStep } from '$src/core/data/recipe/replay';
import type { StepContext } from '$src/core/data/recipe/handler';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import { profileFrame } from '$src/core/data/profile';
import { frameToCsv } from '$src/core/data/csv-export';
import type { ParsedTable } from '$src/core/data/columns';
import { load, values } from './helpers';

const FIVE_MB = 5 * 1024 * 1024;
const context: StepContext = { trainRows: null, dataset: () => { throw new Error('no other dataset'); } };

function storedFrame(parsed: ParsedTable) {
  // Through Arrow IPC chunks, as the data worker stores and reads it.
  return baseFrame(decodeChunks(encodeChunks(toArqueroTable(parsed))), parsed.columns.map((c) => c.info));
}

describe('a cell of 5 MB', () => {
  const ascii = 'abcdefghij'.repeat(FIVE_MB / 10);
  const cases: [string, string, string][] = [
    ['unquoted ASCII', `id,text\n1,${ascii}\n2,short\n`, ascii],
    ['quoted, with a comma, a doubled quote and UTF-8', `id,text\n1,"${ascii}, ""é"""\n2,short\n`, `${ascii}, "é"`],
  ];

  test.each(cases)('%s: loads through ingestFile and profiles', async (_, text, cell) => {
    const parsed = await load(text, 'long.csv');
    expect(parsed.rowCount).toBe(2);
    expect(parsed.warnings).toEqual([]);
    expect(values(parsed, 'text')).toEqual([cell, 'short']);

    const frame = storedFrame(parsed);
    const profile = await profileFrame(frame, { target: null });
    const text2 = profile.columns.find((c) => c.name === 'text')!;
    expect(text2.type).toBe('text');
    expect(text2.distinct).toBe(2);
    expect(formatRows(frame.table, frame.columns, 0, 1)[0][1]).toBe(cell);
  });

  test('is cleaned by every text step and exported as CSV that reads back the same', async () => {
    const parsed = await load(`id,text\n1,"  ${ascii}  "\n2,short\n3,short\n3,short\n4,\n`, 'long.csv');
    let frame = storedFrame(parsed);
    const steps: RecipeStep[] = [
      { kind: 'trim', column: 'text' },
      { kind: 'replace', column: 'text', from: 'short', to: 'brief' },
      { kind: 'dedupe', columns: [] },
      { kind: 'impute', column: 'text', strategy: 'most-frequent' },
      { kind: 'filter', keep: true, where: { match: 'all', conditions: [{ column: 'text', op: 'starts-with', value: 'abc' }] } },
    ];
    const effects = steps.map((step) => {
      const result = applyNewStep(frame, step, context);
      frame = result.frame;
      return result.effect;
    });
    expect(effects[2].rowsRemoved).toBe(1);
    expect(frame.table.numRows()).toBe(1);
    expect(frame.table.get('text', 0)).toBe(ascii);

    const csv = await frameToCsv(frame).text();
    const again = await load(csv, 'export.csv');
    expect(values(again, 'text')).toEqual([ascii]);
  });

  test('JSON Lines and JSON read it too', async () => {
    const jsonl = await load(`{"id": 1, "text": "${ascii}"}\n{"id": 2, "text": "short"}\n`, 'long.jsonl');
    expect(values(jsonl, 'text')).toEqual([ascii, 'short']);
    const json = await load(`[{"id": 1, "text": "${ascii}"}]`, 'long.json');
    expect(values(json, 'text')).toEqual([ascii]);
  });
});
