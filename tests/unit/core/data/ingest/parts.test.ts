/**
 * Reading a file in parts and joining them must give exactly what one pass gives — columns,
 * types, values, warnings and their line numbers — or decline (null) so that one pass is made.
 * The parts run in-process here, through structuredClone as they would cross to a worker.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ColumnBuilder } from '$src/core/data/ingest/infer';
import { cutPoints, parsePart, readDelimitedInParts } from '$src/core/data/ingest/parts';
import type { PartRunner } from '$src/core/data/ingest/parts';
import { readDelimited } from '$src/core/data/ingest/text-table';
import { Progress } from '$src/core/data/ingest/stream';

const encoder = new TextEncoder();

const inProcess: PartRunner = (tasks, _signal, onBytes) =>
  Promise.all(tasks.map(async (task, k) => structuredClone(await parsePart(task, (bytes) => onBytes(k, bytes)))));

async function* pieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
}

async function outcome<T>(run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function compare(text: string, parts: number): Promise<boolean> {
  const bytes = encoder.encode(text);
  const options = { fileName: 'parts.csv' };
  const once = await outcome(() => readDelimited(pieces(bytes), options));
  const file = new Blob([bytes]);
  const joined = await outcome(() =>
    readDelimitedInParts(file, 0, options, { parts, run: inProcess }, options, new Progress(file.size, undefined)),
  );
  if (joined === null) return false;
  expect(joined).toEqual(once);
  return true;
}

const cell = fc.constantFrom('1', '-2.50', '3.25', '007', 'true', '2024-01-05', 'red', 'NA', '', ' 4 ', 'Zoë', '"q,uoted"', '"two\nlines"', '"a ""b"""', '1e3');
const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(','));
const csv = fc
  .tuple(fc.constantFrom('a,b,c,d', 'x,,x', 'sep=,\nh1,h2,h3'), fc.array(row, { minLength: 1, maxLength: 80 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([header, rows, eol]) => [header, ...rows].join(eol).replace(/\n/g, eol === '\r' ? '\r' : '\n').replace(/\r?\n/g, eol));

describe('readDelimitedInParts', () => {
  test('reports the bytes all parts have read together while they are parsed', async () => {
    const text = ['a,b', ...Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`)].join('\n');
    const file = new Blob([encoder.encode(text)]);
    const seen: number[] = [];
    const progress = new Progress(file.size, (bytes) => seen.push(bytes), 0);
    const options = { fileName: 'progress.csv' };
    const table = await readDelimitedInParts(file, 0, options, { parts: 3, run: inProcess }, options, progress);
    expect(table?.rowCount).toBe(30_000);
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(file.size);
  });

  test('random files: the joined parts equal one pass, or it declines', async () => {
    let joined = 0;
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 2, max: 7 }), async (text, parts) => {
        if (await compare(text, parts)) joined++;
      }),
      { numRuns: 300 },
    );
    // Most random files are cut and joined, not all declined.
    expect(joined).toBeGreaterThan(100);
  });

  test('a numeric column that turns to text late, ragged rows and blank lines across parts', async () => {
    const rows = ['id,value,label'];
    for (let i = 1; i <= 3000; i++) rows.push(i % 500 === 0 ? `${i},n/a x,${i}` : i % 97 === 0 ? `${i}` : i % 89 === 0 ? '' : `${i},${(i / 8).toFixed(2)},L${i % 7}`);
    for (let i = 0; i < 200; i++) rows.push(`x${i},word${i},${i},extra`);
    expect(await compare(rows.join('\n'), 5)).toBe(true);
  });

  test('declines when a cut falls inside a quoted field', async () => {
    const text = `a,b\n1,"${'line\n'.repeat(2000)}"\n2,x\n`;
    const file = new Blob([text]);
    const options = { fileName: 'q.csv' };
    expect(await readDelimitedInParts(file, 0, options, { parts: 4, run: inProcess }, options, new Progress(file.size, undefined))).toBeNull();
  });
});

describe('cutPoints', () => {
  test('cuts just after line breaks (after the LF of a CRLF; lone CRs too)', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = Array.from({ length: 1000 }, (_, i) => `row ${i}`).join(eol);
      const bytes = encoder.encode(text);
      const cuts = await cutPoints(new Blob([bytes]), 0, bytes.length, 4);
      expect(cuts.length).toBe(4);
      for (const cut of cuts.slice(1)) {
        expect(text[cut - 1] === '\n' || (text[cut - 1] === '\r' && text[cut] !== '\n')).toBe(true);
      }
    }
  });
});

describe('ColumnBuilder.append', () => {
  test('date columns decide the order of day and month as one builder would, wherever the settling date falls', () => {
    const cells = fc.array(fc.constantFrom('05/06/2025', '01/02/2025 10:00', '12/24/2025', '24/12/2025', '3/4/2025', 'NA'), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(cells, fc.nat(), (all, at) => {
        const cut = at % (all.length + 1);
        const one = new ColumnBuilder();
        all.forEach((c, i) => one.addText(c, i + 1));
        const a = new ColumnBuilder();
        const b = new ColumnBuilder();
        all.slice(0, cut).forEach((c, i) => a.addText(c, i + 1));
        all.slice(cut).forEach((c, i) => b.addText(c, i + 1));
        a.append(ColumnBuilder.fromState(structuredClone(b.toState())), cut);
        expect(a.finish('x', 'line')).toEqual(one.finish('x', 'line'));
      }),
      { numRuns: 500 },
    );
  });

  test('two builders appended equal one builder over all the cells', () => {
    const cells = fc.array(fc.constantFrom('1', '2.50', '-3', '007', 'true', 'TRUE', '2024-01-05', 'x', 'NA', '1,5', '05/06/2025', '12/24/2025', '24/12/2025', '24.12.2025', '1.234,5'), { maxLength: 150 });
    fc.assert(
      fc.property(cells, fc.nat(), fc.boolean(), (all, at, comma) => {
        const cut = all.length === 0 ? 0 : at % (all.length + 1);
        const one = new ColumnBuilder({ decimalComma: comma });
        all.forEach((c, i) => one.addText(c, i + 1));
        const a = new ColumnBuilder({ decimalComma: comma });
        const b = new ColumnBuilder({ decimalComma: comma });
        all.slice(0, cut).forEach((c, i) => a.addText(c, i + 1));
        all.slice(cut).forEach((c, i) => b.addText(c, i + 1));
        const restored = ColumnBuilder.fromState(structuredClone(b.toState()));
        expect(a.canAppend(restored)).toBe(true);
        a.append(restored, cut);
        expect(a.finish('x', 'line')).toEqual(one.finish('x', 'line'));
      }),
      { numRuns: 1000 },
    );
  });
});
