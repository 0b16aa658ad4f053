/**
 * Real-world files the ingest code was not written against: the vega-datasets package.
 * Every CSV/TSV there, and every JSON file that is a table, must load with sensible types; the
 * JSON files that are not tables (maps, graphs, grids) must be refused with a message.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ParsedTable } from '$src/core/data/columns';
import { IngestError } from '$src/core/data/columns';
import { ingestFile } from '$src/core/data/ingest/index';
import { column, types } from './helpers';

const dir = join(__dirname, '../../../../../node_modules/vega-datasets/data');
const read = (name: string): Promise<ParsedTable> => ingestFile(new Blob([readFileSync(join(dir, name))]), { fileName: name });

describe('vega-datasets', () => {
  test('seattle-weather.csv', async () => {
    const t = await read('seattle-weather.csv');
    expect(t.rowCount).toBe(1461);
    expect(types(t)).toEqual({ date: 'date', precipitation: 'number', temp_max: 'number', temp_min: 'number', wind: 'number', weather: 'text' });
    expect(t.warnings).toEqual([]);
  });

  test('cars.json', async () => {
    const t = await read('cars.json');
    expect(t.rowCount).toBe(406);
    expect(types(t)).toMatchObject({ Name: 'text', Miles_per_Gallon: 'number', Cylinders: 'integer', Horsepower: 'integer', Year: 'date', Origin: 'text' });
    expect(column(t, 'Miles_per_Gallon').info.missing).toBe(8);
  });

  test('penguins.json', async () => {
    const t = await read('penguins.json');
    expect(t.rowCount).toBe(344);
    expect(types(t)).toEqual({
      Species: 'text',
      Island: 'text',
      'Beak Length (mm)': 'number',
      'Beak Depth (mm)': 'number',
      'Flipper Length (mm)': 'integer',
      'Body Mass (g)': 'integer',
      Sex: 'text',
    });
  });

  test('unemployment.tsv', async () => {
    const t = await read('unemployment.tsv');
    expect(t.rowCount).toBe(3218);
    expect(types(t)).toEqual({ id: 'integer', rate: 'number' });
    expect(t.description).toBe('TSV, tab-separated, UTF-8');
  });

  test('flights-200k.arrow', async () => {
    const t = await read('flights-200k.arrow');
    expect(t.rowCount).toBe(200_000);
    expect(types(t)).toEqual({ delay: 'integer', distance: 'integer', time: 'number' });
  });

  test('flights-3m.parquet (ZSTD, 11 row groups)', async () => {
    const t = await read('flights-3m.parquet');
    expect(t.rowCount).toBe(3_000_000);
    expect(t.description).toBe('Parquet, 11 row groups');
    expect(types(t)).toEqual({ date: 'date', delay: 'integer', distance: 'integer', origin: 'text', destination: 'text' });
  }, 60_000);

  test('zip codes keep their leading zeros', async () => {
    const t = await read('zipcodes.csv');
    expect(column(t, 'zip_code').info.type).toBe('text');
    expect((column(t, 'zip_code').values as string[])[0]).toBe('00501');
  });

  const notTables = ['annual-precip.json', 'londonBoroughs.json', 'londonTubeLines.json', 'miserables.json', 'us-10m.json', 'volcano.json', 'world-110m.json'];

  test('every CSV, TSV and tabular JSON file loads; the others are refused with words', async () => {
    const files = readdirSync(dir).filter((f) => /\.(csv|tsv|json)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      if (notTables.includes(file)) {
        await expect(read(file), file).rejects.toBeInstanceOf(IngestError);
        continue;
      }
      const t = await read(file);
      expect(t.rowCount, file).toBeGreaterThan(0);
      for (const c of t.columns) expect(c.values.length, `${file} ${c.info.name}`).toBe(t.rowCount);
      // Columns that are numbers in these files come out as numbers, never as text by accident.
      expect(t.warnings.filter((w) => w.code === 'ragged-row'), file).toEqual([]);
    }
  }, 60_000);
});
