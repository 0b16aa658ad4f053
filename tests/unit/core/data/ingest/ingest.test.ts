import { describe, expect, test } from 'vitest';
import { Cancelled } from '$src/core/cancellation';
import { IngestError } from '$src/core/data/columns';
import { ingestFile } from '$src/core/data/ingest/index';
import { column, load, refused, types, values, warningCodes } from './helpers';

describe('format by name and by content', () => {
  test.each([
    ['data.csv', 'a,b\n1,2\n', 'CSV, comma-separated, UTF-8'],
    ['data', 'a,b\n1,2\n', 'CSV, comma-separated, UTF-8'],
    ['data.dat', '[{"a": 1}]', 'JSON, array of 1 record'],
    ['data', '{"a": 1}\n{"a": 2}\n', 'JSON Lines, 2 records'],
    ['data.jsonl', '{"a": 1}', 'JSON Lines, 1 record'],
    ['data.ndjson', '{"a": 1}\n', 'JSON Lines, 1 record'],
    ['DATA.JSON', '{"a": [1]}', 'JSON, object of 1 column'],
    ['data.txt', '[{"a": 1}]', 'JSON, array of 1 record (the name ends in .txt, but the content is JSON)'],
    ['data.csv', '{"a": 1}\n{"a": 2}', 'JSON Lines, 2 records (the name ends in .csv, but the content is JSON Lines)'],
    ['data.json', 'a,b\n1,2\n', 'CSV, comma-separated, UTF-8 (the name ends in .json, but the content is CSV)'],
    ['data.jsonl', '[{"a": 1}]', 'JSON, array of 1 record (the name ends in .jsonl, but the content is JSON)'],
  ])('%s: %j', async (fileName, text, description) => {
    expect((await load(text, fileName)).description).toBe(description);
  });

  test('a SQL Server style "[id],[name]" header is CSV, not JSON', async () => {
    const table = await load('[id],[name]\n1,a\n', 'q.csv');
    expect(table.columns.map((c) => c.info.name)).toEqual(['[id]', '[name]']);
  });

  test('a mismatch is also a warning', async () => {
    const table = await load('[{"a": 1}]', 'x.csv');
    expect(warningCodes(table)).toEqual(['format-mismatch']);
    expect(table.warnings[0].message).toBe('The file name ends in .csv, which suggests CSV, but the content is JSON; it was read as JSON.');
  });
});

describe('cancellation and progress', () => {
  function bigCsv(rows: number): Blob {
    const parts: string[] = ['id,x,y,label\n'];
    let batch: string[] = [];
    for (let i = 0; i < rows; i++) {
      batch.push(`${i},${(i * 0.37) % 100},${i % 7},${i % 3 === 0 ? 'a' : 'b'}`);
      if (batch.length === 2000) {
        parts.push(`${batch.join('\n')}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) parts.push(`${batch.join('\n')}\n`);
    return new Blob(parts);
  }

  test('an aborted signal throws Cancelled before reading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(ingestFile(new Blob(['a\n1\n']), { fileName: 'a.csv', signal: controller.signal })).rejects.toBeInstanceOf(Cancelled);
  });

  test('aborting while reading stops between chunks', async () => {
    const controller = new AbortController();
    let reports = 0;
    const loading = ingestFile(bigCsv(50_000), {
      fileName: 'big.csv',
      signal: controller.signal,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    });
    await expect(loading).rejects.toBeInstanceOf(Cancelled);
    expect(reports).toBe(1);
  });

  test('cancellation is not an IngestError', () => {
    expect(new Cancelled()).not.toBeInstanceOf(IngestError);
  });

  test('progress: bytes read only grow, reports are throttled, the last one is the total', async () => {
    const blob = bigCsv(100_000);
    const reports: [number, number, number][] = [];
    const started = Date.now();
    await ingestFile(blob, { fileName: 'big.csv', onProgress: (read, total) => reports.push([read, total, Date.now()]) });
    const elapsed = Date.now() - started;
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.at(-1)!.slice(0, 2)).toEqual([blob.size, blob.size]);
    for (let i = 1; i < reports.length; i++) expect(reports[i][0]).toBeGreaterThanOrEqual(reports[i - 1][0]);
    // At most one report per 100 ms, plus the first and the final one.
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    for (let i = 2; i < reports.length - 1; i++) expect(reports[i][2] - reports[i - 1][2]).toBeGreaterThanOrEqual(80);
  });

  test('a large CSV (300,000 rows) streams through in chunks', async () => {
    const blob = bigCsv(300_000);
    const table = await ingestFile(blob, { fileName: 'big.csv' });
    expect(table.rowCount).toBe(300_000);
    expect(types(table)).toEqual({ id: 'integer', x: 'number', y: 'integer', label: 'text' });
    expect((column(table, 'id').values as Float64Array)[299_999]).toBe(299_999);
    expect(table.warnings).toEqual([]);
  }, 30_000);

  test('a file is never decoded as one string: text reaches the parser in many pieces', async () => {
    const { decodeChunks } = await import('$src/core/data/ingest/encoding');
    const { Progress, readBytes } = await import('$src/core/data/ingest/stream');
    const blob = bigCsv(20_000);
    const ctx = { fileName: 'big.csv' };
    let pieces = 0;
    let longest = 0;
    for await (const text of decodeChunks(readBytes(blob, ctx, new Progress(blob.size, undefined)), 'utf-8')) {
      pieces++;
      longest = Math.max(longest, text.length);
    }
    expect(pieces).toBeGreaterThan(5);
    expect(longest).toBeLessThan(blob.size / 5);

    // Even a Blob made of one big part (Node hands it over in one read) is cut into pieces.
    const single = new Blob([await bigCsv(100_000).arrayBuffer()]);
    expect(single.size).toBeGreaterThan(2 << 20);
    longest = 0;
    for await (const text of decodeChunks(readBytes(single, ctx, new Progress(single.size, undefined)), 'utf-8')) {
      longest = Math.max(longest, text.length);
    }
    expect(longest).toBeLessThanOrEqual(1 << 20);
  });
});

describe('errors in plain words', () => {
  test('unexpected failures are still IngestErrors that name the file', async () => {
    const broken = new Blob(['a,b\n1,2\n']);
    broken.stream = () => {
      throw new Error('disk went away');
    };
    const error = await refused(ingestFile(broken, { fileName: 'gone.csv' }));
    expect(error.message).toContain('"gone.csv" could not be read: disk went away.');
  });

  test('a Feather v1 file is refused with a way out', async () => {
    const error = await refused(load(new Uint8Array([0x46, 0x45, 0x41, 0x31, 0, 0, 0, 0]), 'old.feather'));
    expect(error.message).toContain('Feather version 1');
  });

  test('the first cell of a BOM-prefixed UTF-8 JSON file is clean', async () => {
    const table = await load(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('[{"a": "x"}]')]), 'b.json');
    expect(values(table, 'a')).toEqual(['x']);
    expect(table.description).toBe('JSON, array of 1 record, UTF-8 with BOM');
  });
});

describe('admitting a file before its body is read', () => {
  test('is asked with the format the content tells, and its refusal is the error as written', async () => {
    const seen: [string, number][] = [];
    const text = '{"a": 1}\n{"a": 2}\n';
    const file = new Blob([text]);
    await ingestFile(file, { fileName: 'rows.csv', admit: (format, bytes) => void seen.push([format, bytes]) });
    expect(seen).toEqual([['jsonl', text.length]]);

    const progress: number[] = [];
    const refusal = await ingestFile(new Blob(['a,b\n1,2\n']), {
      fileName: 'big.csv',
      onProgress: (read) => progress.push(read),
      admit: async () => {
        throw new IngestError('"big.csv" is too large to load here.');
      },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(IngestError);
    expect((refusal as Error).message).toBe('"big.csv" is too large to load here.');
    expect(progress).toEqual([]);
  });
});
