/**
 * Every file of the broken-file corpus (tests/fixtures/broken) goes through ingestFile and must do
 * what manifest.json says: be refused with a message the user sees, or load with the stated size
 * and warning. The end-to-end tests load the same files through the UI and expect the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { IngestError } from '$src/core/data/columns';
import { ingestFile } from '$src/core/data/ingest/index';

interface Entry {
  file: string;
  outcome: 'refused' | 'loaded';
  alertIncludes?: string;
  rows?: number;
  columns?: number;
}

const dir = join(__dirname, '../../../../fixtures/broken');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Entry[];

describe('broken-file corpus', () => {
  test('has at least 18 files, each listed once', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(18);
    expect(new Set(manifest.map((e) => e.file)).size).toBe(manifest.length);
  });

  test.each(manifest)('$file is $outcome', async (entry) => {
    const blob = new Blob([readFileSync(join(dir, entry.file))]);
    const result = ingestFile(blob, { fileName: entry.file });
    if (entry.outcome === 'refused') {
      const error = await result.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      expect((error as IngestError).message).toContain(entry.alertIncludes);
      return;
    }
    const table = await result;
    if (entry.rows !== undefined) expect(table.rowCount).toBe(entry.rows);
    if (entry.columns !== undefined) expect(table.columns.length).toBe(entry.columns);
    for (const column of table.columns) expect(column.values.length).toBe(table.rowCount);
    if (entry.alertIncludes !== undefined) {
      expect(table.warnings.map((w) => w.message).join('\n')).toContain(entry.alertIncludes);
    }
  });
});
