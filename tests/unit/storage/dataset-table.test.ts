import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { openStudioDB, saveTable } from '$src/storage';
import { CHUNK_ROWS, toArqueroTable, TableAssembler } from '$src/core/data/table';
import { generateSynthetic } from '$src/core/data/synthetic';

describe('saving a table as a dataset', () => {
  it('stores it in chunks of CHUNK_ROWS rows that read back as the same table, and can replace it in place', async () => {
    const db = await openStudioDB({ name: `table-${Math.random()}`, storage: null });
    const project = await db.createProject('P');
    const parsed = generateSynthetic('regression', { rows: CHUNK_ROWS + 10, features: 2, seed: 1 });
    const table = toArqueroTable(parsed);
    const fields = { projectId: project.id, name: 'r', source: { kind: 'sample' as const, sample: 'x' }, columns: parsed.columns.map((c) => c.info), warnings: [], description: '' };
    const record = await saveTable(db, fields, table);
    expect(record).toMatchObject({ rowCount: CHUNK_ROWS + 10, chunkRows: CHUNK_ROWS, chunkCount: 2 });
    const assembler = new TableAssembler(record.rowCount);
    await db.readDatasetChunks(record.id, (bytes) => assembler.add(bytes));
    expect(assembler.finish().objects()).toEqual(table.objects());

    const fewer = table.slice(0, 5);
    const replaced = await saveTable(db, { ...record, name: 'r2' }, fewer);
    expect(replaced).toMatchObject({ id: record.id, rowCount: 5, chunkCount: 1, createdAt: record.createdAt });
    expect(await db.listDatasets(project.id)).toHaveLength(1);
  });
});
