/**
 * Upgrades from databases as earlier versions of the studio left them. Each fixture in
 * `tests/fixtures/db/` holds every store's records at one schema version; the test writes them
 * into a database made by that version's migrations, opens it with today's code and checks that
 * every record is still there, unchanged, that the stores added since exist, and that today's
 * store API reads the old records.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, MIGRATIONS, openStudioDB, type InferenceRecord } from '$src/storage';
import { decodeChunks } from '$src/core/data/table';
import { uniqueName } from './helpers';

const FIXTURES = fileURLToPath(new URL('../../fixtures/db/', import.meta.url));

interface Fixture {
  version: number;
  description: string;
  /** Store name → its records; `meta` (out-of-line keys) as `{ key, value }` pairs. */
  stores: Record<string, unknown[]>;
}

const TYPED = {
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
} as const;

/** JSON with typed arrays tagged as `{ "$typed": "Float32Array", "base64": "…" }` (bytes, little-endian). */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$typed === 'string') {
    const Typed = TYPED[record.$typed as keyof typeof TYPED];
    if (!Typed || typeof record.base64 !== 'string') throw new Error(`Unknown typed array in a fixture: ${JSON.stringify(record)}`);
    const bytes = Buffer.from(record.base64, 'base64');
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Typed(copy.buffer);
  }
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revive(inner)]));
}

function loadFixture(file: string): Fixture {
  return revive(JSON.parse(readFileSync(FIXTURES + file, 'utf8'))) as Fixture;
}

/** The stores of the log since version 5. */
const LOG_STORES = ['logBatches', 'logColumns'];

const files = readdirSync(FIXTURES).filter((f) => /^v\d+\.json$/.test(f)).sort((a, b) => parseInt(a.slice(1)) - parseInt(b.slice(1)));

/** The stores each version's migrations make, read from a fresh database at that version. */
async function storesAt(version: number): Promise<string[]> {
  const name = uniqueName();
  (await openStudioDB({ name, storage: null, migrations: MIGRATIONS.slice(0, version) })).close();
  const raw = await openDB(name);
  const stores = [...raw.objectStoreNames].sort();
  raw.close();
  return stores;
}

/**
 * A database made by the first `fixture.version` migrations holding the fixture's records,
 * written as that version of the studio left them (around today's store API); closed.
 */
async function databaseAt(fixture: Fixture): Promise<string> {
  const name = uniqueName();
  (await openStudioDB({ name, storage: null, migrations: MIGRATIONS.slice(0, fixture.version) })).close();
  const old = await openDB(name, fixture.version);
  const tx = old.transaction(Object.keys(fixture.stores), 'readwrite');
  for (const [store, records] of Object.entries(fixture.stores)) {
    for (const record of records) {
      if (store === 'meta') {
        const { key, value } = record as { key: string; value: unknown };
        void tx.objectStore(store).put(value, key);
      } else {
        void tx.objectStore(store).put(record);
      }
    }
  }
  await tx.done;
  old.close();
  return name;
}

describe('migrations from stored fixtures', () => {
  it('has a fixture for every version before the current one', () => {
    expect(files.map((f) => parseInt(f.slice(1)))).toEqual(Array.from({ length: DB_VERSION - 1 }, (_, i) => i + 1));
  });

  for (const file of files) {
    const fixture = loadFixture(file);
    const { version } = fixture;

    describe(`version ${version} (${file})`, () => {
      it('describes every store of its version, each with records', async () => {
        expect(file).toBe(`v${version}.json`);
        expect(Object.keys(fixture.stores).sort()).toEqual(await storesAt(version));
        for (const records of Object.values(fixture.stores)) expect(records.length).toBeGreaterThan(0);
        // Ids refer to each other as in a real database.
        type Ref = { id?: string; datasetId?: string; projectId?: string; chunkCount?: number; activeDatasetId?: string | null };
        const [projects, datasets, chunks] = (['projects', 'datasets', 'chunks'] as const).map((store) => fixture.stores[store] as Ref[]);
        const projectIds = new Set(projects.map((p) => p.id));
        const datasetIds = new Set(datasets.map((d) => d.id));
        for (const project of projects) if (project.activeDatasetId) expect(datasetIds).toContain(project.activeDatasetId);
        for (const dataset of datasets) {
          expect(projectIds).toContain(dataset.projectId);
          expect(chunks.filter((c) => c.datasetId === dataset.id)).toHaveLength(dataset.chunkCount!);
        }
        for (const chunk of chunks) expect(datasetIds).toContain(chunk.datasetId);
        for (const record of [...((fixture.stores.pipelines ?? []) as Ref[]), ...((fixture.stores.models ?? []) as Ref[])]) {
          expect(datasetIds).toContain(record.datasetId);
          expect(projectIds).toContain(record.projectId);
        }
      });

      it(`upgrades to version ${DB_VERSION} with every record unchanged`, async () => {
        const name = await databaseAt(fixture);
        const current = await openStudioDB({ name, storage: null });
        current.close();

        const raw = await openDB(name);
        try {
          expect(raw.version).toBe(DB_VERSION);
          // The stores added since exist (with their indexes), empty.
          const now = await storesAt(DB_VERSION);
          expect([...raw.objectStoreNames].sort()).toEqual(now);
          const added = now.filter((s) => !(s in fixture.stores));
          // The log's batches are made from a version-4 log (checked through the store below).
          for (const store of added) if (!('inference' in fixture.stores && LOG_STORES.includes(store))) expect(await raw.count(store)).toBe(0);
          const read = raw.transaction([...raw.objectStoreNames]);
          for (const store of ['datasets', 'pipelines', 'models']) {
            if (now.includes(store)) expect([...read.objectStore(store).indexNames]).toContain('byProject');
          }
          if (now.includes('logBatches')) expect([...read.objectStore('logBatches').indexNames]).toEqual(['byProjectTime']);
          await read.done;

          // Nothing lost, nothing changed: typed arrays come back as the same types with the same bytes.
          // (Version 5 rewrote the version-4 `inference` store as the log's batches.)
          for (const [store, records] of Object.entries(fixture.stores)) {
            if (store === 'inference') {
              expect(now).not.toContain('inference');
              continue;
            }
            if (store === 'meta') {
              const keys = await raw.getAllKeys('meta');
              const values = await raw.getAll('meta');
              const stored = keys.map((key, i) => ({ key, value: values[i] }));
              expect(stored).toHaveLength(records.length);
              expect(stored).toEqual(expect.arrayContaining(records));
            } else {
              const stored = await raw.getAll(store);
              expect(stored, `store ${store}`).toHaveLength(records.length);
              expect(stored, `store ${store}`).toEqual(expect.arrayContaining(records));
            }
          }
        } finally {
          raw.close();
        }
      });

      it("today's store reads the upgraded records", async () => {
        const name = await databaseAt(fixture);
        const db = await openStudioDB({ name, storage: null });
        try {
          const projects = fixture.stores.projects as { id: string; activeDatasetId: string | null }[];
          expect((await db.listProjects()).map((p) => p.id).sort()).toEqual(projects.map((p) => p.id).sort());
          expect(projects.map((p) => p.id)).toContain(await db.getMeta<string>('currentProjectId'));

          for (const dataset of fixture.stores.datasets as { id: string; projectId: string; rowCount: number; chunkCount: number; columns: { name: string }[] }[]) {
            expect(await db.getDataset(dataset.id)).toEqual(dataset);
            expect((await db.listDatasets(dataset.projectId)).map((d) => d.id)).toContain(dataset.id);
            const chunks = await db.loadDatasetChunks(dataset.id);
            expect(chunks).toHaveLength(dataset.chunkCount);
            // The Arrow IPC bytes still decode to the dataset's rows and columns.
            const table = decodeChunks(chunks);
            expect(table.numRows()).toBe(dataset.rowCount);
            expect(table.columnNames()).toEqual(dataset.columns.map((c) => c.name));
            // An old dataset has an (empty or stored) pipeline.
            const pipeline = await db.getPipeline(dataset.id, dataset.projectId);
            const stored = (fixture.stores.pipelines as { datasetId: string }[] | undefined)?.find((p) => p.datasetId === dataset.id);
            expect(pipeline).toEqual(stored ?? expect.objectContaining({ datasetId: dataset.id, recipe: [], rules: [], split: null }));
          }

          for (const project of projects) {
            const models = (fixture.stores.models as { id: string; projectId: string }[] | undefined) ?? [];
            const expected = models.filter((m) => m.projectId === project.id);
            expect(await db.listModels(project.id)).toEqual(expected);
            // Every logged row reads back as it was, newest first (by time, then the order written).
            const logged = ((fixture.stores.inference ?? []) as (Omit<InferenceRecord, 'id'> & { id: number })[])
              .filter((r) => r.projectId === project.id)
              .sort((a, b) => b.time - a.time || b.id - a.id)
              .map(({ id: _id, ...row }) => row);
            expect(await db.countLog(project.id)).toBe(logged.length);
            expect((await db.readLog({ projectId: project.id })).map(({ id: _id, ...row }) => row)).toEqual(logged);
          }
        } finally {
          db.close();
        }
      });
    });
  }
});
