/**
 * Project files: export → import restores every store exactly (under new ids), and every kind of
 * bad file is refused with its own message while the database stays as it was.
 */
import type { EnsembleParameters } from '$src/core/model/types';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { openDB, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { decodeChunks, encodeChunks, toArqueroTable } from '$src/core/data/table';
import { ingestFile } from '$src/core/data/ingest';
import { categoricalReference, numericReference } from '$src/core/deploy/reference';
import { PART, UNASSIGNED } from '$src/core/data/frame';
import {
  MAX_PROJECT_FILE_BYTES,
  PROJECT_FILE_TYPE,
  logRow,
  readProjectFile,
  StorageError,
  type InferenceRecord,
  type LogBatchRecord,
  type LogColumnsRecord,
  type NewModel,
  type StudioDB,
  type StudioSchema,
} from '$src/storage';
import { importProjectFile, sha256Portable } from '$src/storage/project-file';
import { datasetInput, openFresh, steppingClock } from './helpers';

steppingClock();

const STORES = ['projects', 'datasets', 'chunks', 'meta', 'pipelines', 'models', 'logBatches', 'logColumns'] as const;
type StoreName = (typeof STORES)[number];
/** Every store's records, and `inference`: the logged rows read from the log's batches, numbered in the order written. */
type Dump = Record<StoreName | 'inference', unknown[]>;

// ---------------------------------------------------------------- a rich project

function penguins(rows: number, offset = 0): aq.ColumnTable {
  const islands = ['Biscoe', 'Dream', 'Torgersen', null];
  const species = ['Adelie', 'Chinstrap', 'Gentoo'];
  return aq.table(
    {
      id: Float64Array.from({ length: rows }, (_, i) => offset + i),
      species: Array.from({ length: rows }, (_, i) => species[(offset + i) % 3]),
      island: Array.from({ length: rows }, (_, i) => islands[(offset + i) % 4]),
      bill: Float64Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? NaN : 32 + ((offset + i) * 0.37) % 28)),
      mass: Float64Array.from({ length: rows }, (_, i) => 2700 + ((offset + i) * 53) % 3600),
    },
    ['id', 'species', 'island', 'bill', 'mass'],
  );
}

const COLUMNS = [
  { name: 'id', type: 'integer' as const, missing: 0 },
  { name: 'species', type: 'text' as const, missing: 0 },
  { name: 'island', type: 'text' as const, missing: 75 },
  { name: 'bill', type: 'number' as const, missing: 18 },
  { name: 'mass', type: 'integer' as const, missing: 0 },
];

/** Float32 values that JSON alone would lose: NaN, −0, ±Infinity, a subnormal, the largest float32. */
function floats(length: number, seed: number): Float32Array {
  const specials = [NaN, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38];
  return Float32Array.from({ length }, (_, i) => (i < specials.length && seed === 0 ? specials[i] : Math.sin(seed * 31 + i) * 3));
}

function classifier(projectId: string, datasetId: string): NewModel {
  return {
    projectId,
    datasetId,
    name: 'MLP',
    settings: { kind: 'mlp', epochs: 20, learningRate: 0.01, batchSize: 32, hiddenLayers: [4], activation: 'relu', dropout: 0.1, l2: 1e-4, optimizer: 'adam', patience: 3, seed: 42 },
    features: ['bill', 'island'],
    preprocessor: {
      features: [
        { kind: 'numeric', name: 'bill', sourceType: 'number', impute: 43.9, mean: 43.92, std: 5.46 },
        { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'Biscoe', categories: ['Biscoe', 'Dream'], other: true },
      ],
      width: 4,
      columnNames: ['bill', 'island=Biscoe', 'island=Dream', 'island=(other)'],
    },
    target: { task: 'classification', column: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
    parameters: {
      kind: 'mlp',
      task: 'classification',
      layers: [
        { inputs: 4, outputs: 4, weights: floats(16, 0), bias: floats(4, 1), activation: 'relu' },
        { inputs: 4, outputs: 3, weights: floats(12, 2), bias: Float32Array.of(-0, 0.5, -0.25), activation: 'linear' },
      ],
      outputScale: null,
    },
    curve: [
      { epoch: 1, trainLoss: 1.1, validationLoss: Infinity, trainMetric: NaN, validationMetric: -0 },
      { epoch: 2, trainLoss: 0.7, validationLoss: 0.8, trainMetric: 0.6, validationMetric: 0.55 },
    ],
    bestEpoch: 2,
    stoppedEarly: true,
    cancelled: false,
    backend: 'wasm',
    durationMs: 1234.5,
    trainedOn: { recipeSteps: 6, splitCreatedAt: 1_700_000_001_000, trainRows: 240, validationRows: 80 },
    validation: {
      metrics: { Accuracy: 0.9, 'Log loss': Infinity, 'Macro F1': null },
      baseline: { Accuracy: 1 / 3, 'Log loss': 1.0986, 'Macro F1': NaN },
      y: Float32Array.from({ length: 80 }, (_, i) => i % 3),
      output: floats(240, 3),
      importance: [{ feature: 'bill', importance: 0.3, std: NaN }, { feature: 'island', importance: -0, std: 0.01 }],
    },
    reference: {
      version: 1,
      rows: 240,
      features: [
        numericReference('bill', 'number', Float32Array.from({ length: 220 }, (_, i) => 32 + i * 0.1), 20),
        numericReference('empty', 'number', new Float32Array(0), 240),
        categoricalReference('island', 'text', new Map([['Biscoe', 100], ['Dream', 80], ['', 60]])),
      ],
      predictions: categoricalReference('Prediction', 'text', new Map([['Adelie', 120], ['Gentoo', 120]])),
      task: 'classification',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    },
  };
}

function regressor(projectId: string, datasetId: string): NewModel {
  const base = classifier(projectId, datasetId);
  return {
    ...base,
    name: 'Linear regression',
    settings: { ...base.settings, kind: 'linear-regression', hiddenLayers: [] },
    target: { task: 'regression', column: 'mass', classes: [] },
    parameters: { kind: 'linear-regression', task: 'regression', layers: [{ inputs: 4, outputs: 1, weights: floats(4, 5), bias: Float32Array.of(NaN), activation: 'linear' }], outputScale: { mean: -0, std: 2.5 } },
    validation: { ...base.validation, metrics: { 'R²': -Infinity }, output: floats(80, 0) },
    reference: {
      version: 1,
      rows: 240,
      features: [],
      predictions: numericReference('Prediction', 'number', Float32Array.from({ length: 240 }, (_, i) => 3000 + i), 0),
      task: 'regression',
      classes: [],
    },
  };
}

function boosted(projectId: string, datasetId: string): NewModel {
  const base = classifier(projectId, datasetId);
  const tree = (v: number) => ({
    feature: Int32Array.of(1, -1, -1), threshold: Float32Array.of(Math.fround(0.1), 0, 0), missingLeft: Uint8Array.of(1, 0, 0),
    left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float32Array.of(0, -v, v), samples: Int32Array.of(240, 100, 140),
  });
  return {
    ...base,
    name: 'Boosted trees',
    settings: { ...base.settings, kind: 'gradient-boosted-trees', epochs: 100, learningRate: 0.1, hiddenLayers: [], maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20 },
    parameters: {
      kind: 'gradient-boosted-trees', task: 'classification',
      ensemble: { trees: [0, 1, 2].map((k) => ({ tree: tree(k + 0.5), output: k })), outputs: 3, base: Float32Array.of(-1.5, 0.25, NaN), aggregate: 'sum', link: 'softmax' },
    },
    backend: 'plain TypeScript',
  };
}

/** Inputs keyed like a user's columns, including names that look like tags or prototypes. */
function logInputs(i: number): InferenceRecord['inputs'] {
  const inputs: InferenceRecord['inputs'] = { bill: i % 7 === 0 ? null : 40 + i / 10, island: 'Dream', $price: i, '$num': 'NaN', ok: i % 2 === 0 };
  Object.defineProperty(inputs, '__proto__', { value: `row ${i}`, enumerable: true, writable: true, configurable: true });
  return inputs;
}

interface Rich {
  projectId: string;
  datasetIds: string[];
  modelIds: string[];
}

/**
 * A project with two multi-chunk datasets, a recipe that appends and joins the second, rules, a
 * split, two models with acceptance and monitoring runs, and 50 log records — next to another
 * project that must not end up in the file.
 */
async function buildRich(db: StudioDB): Promise<Rich> {
  const other = await db.createProject('Other');
  await db.saveDataset(datasetInput(other.id, { name: 'other.csv' }), [Uint8Array.of(1, 2, 3)]);
  await db.appendLog(Array.from({ length: 5 }, (_, i) => logRecord(other.id, 'elsewhere', i)));

  const project = await db.createProject('Penguins', 1234);
  const first = penguins(300);
  const d1 = await db.saveDataset(
    { ...datasetInput(project.id, { name: 'penguins.csv', source: { kind: 'file', fileName: 'penguins.csv', size: 12_345 }, rowCount: 300, columns: COLUMNS, chunkRows: 64 }) },
    encodeChunks(first, 64),
  );
  const d2 = await db.saveDataset(
    datasetInput(project.id, { name: 'live.csv (live data)', source: { kind: 'synthetic', generator: 'blobs', options: { rows: 100, seed: 7 } }, rowCount: 100, columns: COLUMNS, chunkRows: 64, warnings: [] }),
    encodeChunks(penguins(100, 300), 64),
  );
  const byRowId = Uint8Array.from({ length: 400 }, (_, i) => (i % 10 === 9 ? UNASSIGNED : i % 5 === 0 ? PART.test : i % 5 === 1 ? PART.validation : PART.train));
  await db.savePipeline({
    datasetId: d1.id,
    projectId: project.id,
    recipe: [
      { kind: 'impute', column: 'bill', strategy: 'median', fitted: { from: 'train', rows: 240, value: 43.9 } },
      { kind: 'append', datasetId: d2.id, datasetName: d2.name },
      { kind: 'join', datasetId: d2.id, datasetName: d2.name, leftKey: 'id', rightKey: 'id', how: 'left' },
      { kind: 'filter', where: { match: 'any', conditions: [{ column: 'island', op: 'one-of', values: ['Dream', null, 3] }] }, keep: true },
      { kind: 'replace', column: 'island', from: null, to: 'unknown' },
      { kind: 'label-manual', column: 'species', labels: { 3: 'Adelie', 17: 'Gentoo' } },
    ],
    rules: [
      { id: 'r1', column: 'bill', kind: 'in-range', min: 30, max: null },
      { id: 'r2', column: 'island', kind: 'one-of', values: ['Biscoe', 'Dream', 'Torgersen'] },
      { id: 'r3', column: 'species', kind: 'pattern', pattern: '^[A-Z][a-z]+$' },
    ],
    split: {
      spec: { train: 60, validation: 20, test: 20, seed: 1234, stratify: 'species', group: null, timeColumn: null },
      atStep: 2,
      counts: { train: 240, validation: 80, test: 80 },
      byRowId,
      createdAt: 1_700_000_001_000,
    },
    updatedAt: 0,
  });
  await db.savePipeline({ datasetId: d2.id, projectId: project.id, recipe: [], rules: [], split: null, updatedAt: 0 });

  const m1 = await db.saveModel(classifier(project.id, d1.id));
  const m2 = await db.saveModel(regressor(project.id, d1.id));
  await db.addAcceptanceRun(m1.id, {
    at: 1_700_000_002_000,
    criteria: [{ metric: 'Accuracy', threshold: 0.8 }],
    metrics: { Accuracy: 0.95, 'Log loss': NaN },
    passed: true,
    results: [{ metric: 'Accuracy', threshold: 0.8, value: 0.95, passed: true, comparison: '≥' }, { metric: 'Log loss', threshold: 0.5, value: null, passed: false, comparison: '≤' }],
    testRows: 80,
  });
  await db.addMonitorRun(m1.id, { at: 1_700_000_003_000, label: 'live.csv', rows: 100, maxPsi: Infinity, drifted: 2, retrain: true, reasons: ['"bill" drifted (PSI ∞).'] });
  await db.addMonitorRun(m1.id, { at: 1_700_000_004_000, label: 'Log, last hour', rows: 50, maxPsi: 0.01, drifted: 0, retrain: false, reasons: [] });
  await db.updateProject(project.id, { activeDatasetId: d1.id, selectedModelId: m1.id, lastStep: 'monitor' });
  await db.appendLog(Array.from({ length: 50 }, (_, i) => logRecord(project.id, i % 3 === 0 ? m2.id : m1.id, i)));
  return { projectId: project.id, datasetIds: [d1.id, d2.id], modelIds: [m1.id, m2.id] };
}

function logRecord(projectId: string, modelId: string, i: number): InferenceRecord {
  return {
    projectId,
    modelId,
    modelName: modelId === 'elsewhere' ? 'elsewhere' : 'MLP',
    requestId: `request-${Math.floor(i / 4)}`,
    // Equal times for pairs of records: the import must keep the order they were written in.
    time: 1_700_000_100_000 + Math.floor(i / 2) * 1000,
    inputs: logInputs(i),
    prediction: i % 3 === 0 ? 3000 + i : i % 5 === 0 ? null : 'Adelie',
    probabilities: i % 3 === 0 ? null : [0.7, 0.2, 0.1],
    latencyMs: i === 4 ? NaN : 0.25,
    flags: i % 7 === 0 ? ['bill is missing.'] : [],
  };
}

// ---------------------------------------------------------------- reading the stores around the API

async function raw(name: string): Promise<IDBPDatabase<StudioSchema>> {
  return openDB<StudioSchema>(name);
}

async function dump(name: string): Promise<Dump> {
  const db = await raw(name);
  try {
    const out = {} as Dump;
    for (const store of STORES) out[store] = await db.getAll(store);
    out.inference = loggedRows(out);
    return out;
  } finally {
    db.close();
  }
}

function loggedRows(stores: Record<StoreName, unknown[]>): unknown[] {
  const columns = new Map((stores.logColumns as LogColumnsRecord[]).map((c) => [c.id, c]));
  const headers = (stores.logBatches as (LogBatchRecord & { id: number })[]).sort((a, b) => a.id - b.id);
  let n = 0;
  return headers.flatMap((header) => Array.from({ length: header.rows }, (_, r) => ({ ...logRow({ header, columns: columns.get(header.id)! }, r), id: n++ })));
}

/** Records per store, with the log counted in rows (`inference`) rather than batches. */
async function counts(name: string): Promise<Record<Exclude<StoreName, 'logBatches' | 'logColumns'> | 'inference', number>> {
  const dumped = await dump(name);
  const { logBatches: _b, logColumns: _c, ...rest } = Object.fromEntries(Object.entries(dumped).map(([store, records]) => [store, records.length])) as Record<StoreName | 'inference', number>;
  return rest;
}

/** A deep copy with every old id replaced by its new one. */
function remapIds<T>(value: T, ids: Map<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((item) => remapIds(item, ids)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: remapIds(item, ids), enumerable: true, writable: true, configurable: true });
  return out as T;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Equal in every bit: typed arrays byte for byte (NaN payloads too), numbers by Object.is, the same keys. */
function expectExactly(actual: unknown, expected: unknown, path: string): void {
  if (ArrayBuffer.isView(expected)) {
    expect(Object.prototype.toString.call(actual), path).toBe(Object.prototype.toString.call(expected));
    expect(Buffer.from(bytesOf(actual as ArrayBufferView)).equals(Buffer.from(bytesOf(expected))), `${path} bytes`).toBe(true);
    return;
  }
  if (typeof expected === 'number') {
    expect(Object.is(actual, expected), `${path}: ${String(actual)} is not ${String(expected)}`).toBe(true);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    expect(Array.isArray(actual), path).toBe(Array.isArray(expected));
    expect(Object.getPrototypeOf(actual), `${path} prototype`).toBe(Object.getPrototypeOf(expected));
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) {
      expectExactly((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return;
  }
  expect(actual, path).toBe(expected);
}

function byId<T extends { id: string }>(records: unknown[], id: string): T {
  const found = (records as T[]).find((r) => r.id === id);
  expect(found, `record ${id}`).toBeDefined();
  return found!;
}

/**
 * Checks that the project `importedId` in `to` is `rich` of `from`, store by store, record by
 * record, after mapping the ids; returns the id map.
 */
function expectSameProject(from: Dump, to: Dump, rich: Rich, importedId: string, options: { name: string; log: boolean }): Map<string, string> {
  type Named = { id: string; name: string; projectId: string };
  const imported = byId<Named>(to.projects, importedId);
  const ids = new Map<string, string>([[rich.projectId, importedId]]);
  const inProject = (records: unknown[], projectId: string) => (records as Named[]).filter((r) => r.projectId === projectId);
  for (const [kind, store] of [['dataset', 'datasets'], ['model', 'models']] as const) {
    const before = inProject(from[store], rich.projectId);
    const after = inProject(to[store], importedId);
    expect(after.map((r) => r.name).sort(), `${kind} names`).toEqual(before.map((r) => r.name).sort());
    for (const record of before) ids.set(record.id, after.find((r) => r.name === record.name)!.id);
  }
  for (const id of [...rich.datasetIds, ...rich.modelIds]) expect(ids.get(id), 'a new id').not.toBe(id);

  const expectedProject = { ...remapIds(byId<Named>(from.projects, rich.projectId), ids), name: options.name };
  expect(imported).toStrictEqual(expectedProject);
  expectExactly(imported, expectedProject, 'project');

  for (const store of ['datasets', 'models'] as const) {
    for (const record of inProject(from[store], rich.projectId)) {
      const expected = remapIds(record, ids);
      const actual = byId(to[store], ids.get(record.id)!);
      expect(actual).toStrictEqual(expected);
      expectExactly(actual, expected, `${store} "${record.name}"`);
    }
  }
  type Pipeline = { datasetId: string; projectId: string };
  for (const pipeline of (from.pipelines as Pipeline[]).filter((p) => p.projectId === rich.projectId)) {
    const expected = remapIds(pipeline, ids);
    const actual = (to.pipelines as Pipeline[]).find((p) => p.datasetId === expected.datasetId);
    expect(actual).toStrictEqual(expected);
    expectExactly(actual, expected, `pipeline of ${pipeline.datasetId}`);
  }
  expect((to.pipelines as Pipeline[]).filter((p) => p.projectId === importedId)).toHaveLength(2);

  type Chunk = { datasetId: string; index: number; bytes: Uint8Array };
  for (const id of rich.datasetIds) {
    const before = (from.chunks as Chunk[]).filter((c) => c.datasetId === id);
    const after = (to.chunks as Chunk[]).filter((c) => c.datasetId === ids.get(id));
    expect(after.map((c) => c.index)).toEqual(before.map((c) => c.index));
    expect(before.length).toBeGreaterThan(1);
    after.forEach((chunk, i) => {
      expect(Buffer.from(chunk.bytes).equals(Buffer.from(before[i].bytes)), `chunk ${i} of ${id}`).toBe(true);
      // Each chunk stores only its own bytes, not the whole file it came from.
      expect(chunk.bytes.byteLength).toBe(chunk.bytes.buffer.byteLength);
    });
  }

  type Logged = Omit<InferenceRecord, 'id'> & { id: number };
  const withoutId = ({ id: _id, ...record }: Logged) => record;
  const logBefore = (from.inference as Logged[]).filter((r) => r.projectId === rich.projectId).sort((a, b) => a.id - b.id);
  const logAfter = (to.inference as Logged[]).filter((r) => r.projectId === importedId).sort((a, b) => a.id - b.id);
  if (!options.log) {
    expect(logAfter).toEqual([]);
  } else {
    expect(logBefore).toHaveLength(50);
    const expected = logBefore.map((r) => remapIds(withoutId(r), ids));
    const actual = logAfter.map(withoutId);
    expect(actual).toStrictEqual(expected);
    expectExactly(actual, expected, 'log');
    expect(Object.getOwnPropertyDescriptor(actual[3].inputs, '__proto__')?.value).toBe('row 3');
  }
  return ids;
}

// ---------------------------------------------------------------- files, made and broken by hand

async function fileBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

interface Parts {
  version: number;
  manifest: Record<string, unknown>;
  manifestText: string;
  data: Uint8Array;
}

function split(file: Uint8Array): Parts {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const m = view.getUint32(12, true);
  const d = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
  const manifestText = new TextDecoder().decode(file.subarray(24, 24 + m));
  return { version: view.getUint32(8, true), manifest: JSON.parse(manifestText), manifestText, data: file.slice(24 + m, 24 + m + d) };
}

/** A file with a correct length and checksum around whatever manifest text and version it is given. */
async function assemble(version: number, manifestText: string, data: Uint8Array): Promise<Uint8Array> {
  const manifest = new TextEncoder().encode(manifestText);
  const body = new Uint8Array(24 + manifest.length + data.length);
  body.set(new TextEncoder().encode('MLSTUDIO'));
  const view = new DataView(body.buffer);
  view.setUint32(8, version, true);
  view.setUint32(12, manifest.length, true);
  view.setUint32(16, data.length, true);
  body.set(manifest, 24);
  body.set(data, 24 + manifest.length);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const file = new Uint8Array(body.length + 32);
  file.set(body);
  file.set(digest, body.length);
  return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, patched freely by the tests
type Loose = Record<string, any>;

async function withManifest(file: Uint8Array, change: (manifest: Loose) => void): Promise<Uint8Array> {
  const parts = split(file);
  change(parts.manifest);
  return assemble(parts.version, JSON.stringify(parts.manifest), parts.data);
}

async function expectRefused(db: StudioDB, name: string, file: Uint8Array | Blob, message: string): Promise<StorageError> {
  const before = await counts(name);
  const error = await db.importProject(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, message).toBeInstanceOf(StorageError);
  expect((error as StorageError).reason).toBe('invalid');
  expect((error as StorageError).message).toContain(message);
  expect(await counts(name)).toEqual(before);
  return error as StorageError;
}

// ---------------------------------------------------------------- tests

describe('project files: export and import', () => {
  it('restores every store exactly in another database, under new ids', async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const blob = await source.db.exportProject(rich.projectId, { includeLog: true });
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe(PROJECT_FILE_TYPE);
    const bytes = await fileBytes(blob);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('MLSTUDIO');
    // Nothing of the other project travels.
    expect(split(bytes).manifestText).not.toContain('other.csv');
    expect(split(bytes).manifestText).not.toContain('elsewhere');

    const target = await openFresh();
    const imported = await target.db.importProject(blob);
    expect(imported.name).toBe('Penguins');
    expect(imported.id).not.toBe(rich.projectId);

    const [from, to] = [await dump(source.name), await dump(target.name)];
    expect(await counts(target.name)).toEqual({ projects: 1, datasets: 2, chunks: 5 + 2, meta: 0, pipelines: 2, models: 2, inference: 50 });
    const ids = expectSameProject(from, to, rich, imported.id, { name: 'Penguins', log: true });

    // The recipe's append and join now name the imported second dataset.
    const pipeline = await target.db.getPipeline(ids.get(rich.datasetIds[0])!, imported.id);
    expect(pipeline.recipe[1]).toEqual({ kind: 'append', datasetId: ids.get(rich.datasetIds[1]), datasetName: 'live.csv (live data)' });
    // The rows read back as the same table.
    const table = decodeChunks(await target.db.loadDatasetChunks(ids.get(rich.datasetIds[0])!));
    expect(table.numRows()).toBe(300);
    expect(table.objects()).toEqual(penguins(300).objects());
    expect(await target.db.countLog(imported.id)).toBe(50);
    expect((await target.db.readLog({ projectId: imported.id, limit: 1 }))[0].requestId).toBe('request-12');
  });

  it('carries a model of trees: its typed arrays come back with their types and bits', async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const saved = await source.db.saveModel(boosted(rich.projectId, rich.datasetIds[0]));
    const target = await openFresh();
    const imported = await target.db.importProject(await source.db.exportProject(rich.projectId, { includeLog: false }));
    const copy = (await target.db.listModels(imported.id)).find((m) => m.name === 'Boosted trees')!;
    expect(copy.parameters).toEqual(saved.parameters);
    const trees = (copy.parameters as EnsembleParameters).ensemble.trees;
    expect(trees[0].tree.feature).toBeInstanceOf(Int32Array);
    expect(trees[0].tree.missingLeft).toBeInstanceOf(Uint8Array);
    expect(copy.settings).toMatchObject({ kind: 'gradient-boosted-trees', maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20 });
  });

  it("carries a decision tree's diagram detail, its float64 lists bit for bit", async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const model = boosted(rich.projectId, rich.datasetIds[0]);
    model.name = 'One tree';
    model.settings = { ...model.settings, kind: 'decision-tree', maxDepth: 0, maxLeaves: 0, minSamplesLeaf: 1 };
    const { ensemble } = model.parameters as EnsembleParameters;
    model.parameters = {
      kind: 'decision-tree', task: 'classification',
      ensemble: { ...ensemble, base: new Float32Array(3), aggregate: 'average', link: 'identity' },
      nodes: {
        values: Float64Array.of(0.3, 0.3, 0.4, 0.9, 0.05, 0.05, 1 / 3, 0.1, 0.1 + 1e-17), outputs: 3,
        impurity: Float64Array.of(0.66, 0.185, 0.2), gain: Float64Array.of(51.2, 0, 0), depth: Int32Array.of(0, 1, 1), samples: Int32Array.of(240, 100, 140),
      },
    };
    const saved = await source.db.saveModel(model);
    const target = await openFresh();
    const imported = await target.db.importProject(await source.db.exportProject(rich.projectId, { includeLog: false }));
    const copy = (await target.db.listModels(imported.id)).find((m) => m.name === 'One tree')!;
    expect(copy.parameters).toEqual(saved.parameters);
    const nodes = (copy.parameters as EnsembleParameters).nodes!;
    expect(nodes.values).toBeInstanceOf(Float64Array);
    expect(nodes.values[6]).toBe(1 / 3);
    expect(nodes.samples).toBeInstanceOf(Int32Array);
  });

  it("carries a tree model's own preprocessing (ordinal categories, raw numbers) as it was", async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const model = boosted(rich.projectId, rich.datasetIds[0]);
    model.name = 'Boosted trees on codes';
    model.preprocessor = {
      features: [
        { kind: 'numeric', name: 'bill', sourceType: 'number', impute: 43.9, mean: 43.92, std: 5.46, encoding: 'raw' },
        { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'Biscoe', categories: ['Torgersen', 'Biscoe', 'Dream'], other: false, encoding: 'ordinal' },
      ],
      width: 2,
      columnNames: ['bill', 'island'],
    };
    const saved = await source.db.saveModel(model);
    const target = await openFresh();
    const imported = await target.db.importProject(await source.db.exportProject(rich.projectId, { includeLog: false }));
    const models = await target.db.listModels(imported.id);
    expect(models.find((m) => m.name === 'Boosted trees on codes')!.preprocessor).toEqual(saved.preprocessor);
    // A model stored before tree encodings comes back without the field: one-hot and standardised, as before.
    const older = models.filter((m) => m.name !== 'Boosted trees on codes').flatMap((m) => m.preprocessor.features);
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((f) => f.encoding === undefined)).toBe(true);
  });

  it('imports into the same database as a second, independent project', async () => {
    const { db, name } = await openFresh();
    const rich = await buildRich(db);
    const file = await fileBytes(await db.exportProject(rich.projectId, { includeLog: true }));
    const before = await dump(name);

    const copy = await db.importProject(file);
    expect(copy.name).toBe('Penguins (imported)');
    const after = await dump(name);
    const ids = expectSameProject(before, after, rich, copy.id, { name: 'Penguins (imported)', log: true });
    // The original is untouched.
    for (const store of STORES) {
      for (const record of before[store]) expect(after[store]).toContainEqual(record);
    }
    // Its times are kept as they were, so it sorts next to the original.
    expect((await db.listProjects()).map((p) => p.name).sort()).toEqual(['Other', 'Penguins', 'Penguins (imported)']);
    expect((await db.importProject(file)).name).toBe('Penguins (imported 2)');

    // Deleting the original leaves the copy whole: nothing of it pointed back.
    await db.deleteProject(rich.projectId);
    const d1 = ids.get(rich.datasetIds[0])!;
    expect(await db.loadDatasetChunks(d1)).toHaveLength(5);
    expect((await db.getPipeline(d1, copy.id)).split!.byRowId).toHaveLength(400);
    expect((await db.listModels(copy.id)).map((m) => m.name)).toEqual(['MLP', 'Linear regression']);
    expect(await db.countLog(copy.id)).toBe(50);
    const project = (await db.getProject(copy.id))!;
    expect(project.activeDatasetId).toBe(d1);
    expect(project.selectedModelId).toBe(ids.get(rich.modelIds[0]));
  });

  it('leaves the inference log out unless asked', async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const blob = await source.db.exportProject(rich.projectId, { includeLog: false });
    const contents = await readProjectFile(blob);
    expect(contents.log).toBeNull();
    expect(contents.byteLength).toBe(blob.size);
    const target = await openFresh();
    const imported = await target.db.importProject(blob);
    expectSameProject(await dump(source.name), await dump(target.name), rich, imported.id, { name: 'Penguins', log: false });
    expect(blob.size).toBeLessThan((await source.db.exportProject(rich.projectId, { includeLog: true })).size);
  });

  it('round-trips a minimal project (a version-1 record, no datasets) and a file inside a larger buffer', async () => {
    const { db, name } = await openFresh();
    const project = await db.createProject('Empty', 7);
    expect(Object.hasOwn(project, 'selectedModelId')).toBe(false);
    const file = await fileBytes(await db.exportProject(project.id, { includeLog: true }));
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    const copy = await db.importProject(padded.subarray(5, 5 + file.length));
    const stored = (await db.getProject(copy.id))!;
    expect(stored).toStrictEqual({ ...project, id: copy.id, name: 'Empty (imported)' });
    expect(Object.hasOwn(stored, 'selectedModelId')).toBe(false);
    expect(await counts(name)).toMatchObject({ projects: 2, datasets: 0, inference: 0 });
  });

  it('gives references the file left dangling fresh ids that point nowhere', async () => {
    const { db } = await openFresh();
    const rich = await buildRich(db);
    // The appended dataset is deleted: the recipe and nothing else still name it.
    await db.deleteDataset(rich.datasetIds[1]);
    await db.updateProject(rich.projectId, { activeDatasetId: rich.datasetIds[0] });
    const target = await openFresh();
    const copy = await target.db.importProject(await db.exportProject(rich.projectId, { includeLog: false }));
    const [dataset] = await target.db.listDatasets(copy.id);
    const recipe = (await target.db.getPipeline(dataset.id, copy.id)).recipe;
    const append = recipe[1] as { datasetId: string };
    const join = recipe[2] as { datasetId: string };
    expect(append.datasetId).not.toBe(rich.datasetIds[1]);
    expect(join.datasetId).toBe(append.datasetId);
    expect(await target.db.getDataset(append.datasetId)).toBeUndefined();
  });

  it('refuses before writing when the browser says there is not enough space', async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const blob = await source.db.exportProject(rich.projectId, { includeLog: true });
    const target = await openFresh({ storage: { estimate: async () => ({ usage: 1000, quota: 2000 }) } });
    await target.db.createProject('Mine');
    const before = await counts(target.name);
    await expect(target.db.importProject(blob)).rejects.toMatchObject({ reason: 'quota', message: expect.stringContaining('Saving the project "Penguins" needs about') });
    expect(await counts(target.name)).toEqual(before);
  });

  it('writes all or nothing: a failure in the middle of the import keeps nothing of it', async () => {
    const source = await openFresh();
    const rich = await buildRich(source.db);
    const contents = await readProjectFile(await source.db.exportProject(rich.projectId, { includeLog: true }));
    // A value IndexedDB cannot store, in the 40th log record: everything before it was already issued.
    contents.log![40].inputs = { broken: (() => 1) as never };
    const target = await openFresh();
    await target.db.createProject('Mine');
    const before = await counts(target.name);
    const db = await raw(target.name);
    try {
      await expect(importProjectFile(db, contents)).rejects.toBeInstanceOf(StorageError);
    } finally {
      db.close();
    }
    expect(await counts(target.name)).toEqual(before);
  });

  it('refuses to export a project that is gone or whose dataset lost parts', async () => {
    const { db, name } = await openFresh();
    await expect(db.exportProject('nope', { includeLog: true })).rejects.toMatchObject({ reason: 'not-found' });
    const rich = await buildRich(db);
    const store = await raw(name);
    await store.delete('chunks', [rich.datasetIds[1], 1]);
    store.close();
    await expect(db.exportProject(rich.projectId, { includeLog: false })).rejects.toMatchObject({ reason: 'incomplete', message: expect.stringContaining('"live.csv (live data)" is incomplete') });
  });
});

describe('project files: refusals', () => {
  async function setUp() {
    const { db, name } = await openFresh();
    const rich = await buildRich(db);
    const file = await fileBytes(await db.exportProject(rich.projectId, { includeLog: true }));
    return { db, name, rich, file };
  }

  it('refuses a truncated file, wherever it was cut', async () => {
    const { db, name, file } = await setUp();
    const m = split(file).manifestText.length;
    for (const at of [1, 4, 8, 11, 12, 20, 24, 24 + (m >> 1), 24 + m, 24 + m + 100, file.length - 32, file.length - 1]) {
      const error = await expectRefused(db, name, file.slice(0, at), 'The file is incomplete (it ends early)');
      if (at >= 24) expect(error.message).toContain(`of its`);
    }
  });

  it('refuses files that are not project files', async () => {
    const { db, name } = await setUp();
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0);
    const csv = new TextEncoder().encode('species,island,bill\nAdelie,Torgersen,39.1\n');
    await expectRefused(db, name, png, 'This is not an ML Studio project file');
    await expectRefused(db, name, csv, 'This is not an ML Studio project file');
    await expectRefused(db, name, new Blob([csv], { type: 'text/csv' }), 'This is not an ML Studio project file');
    await expectRefused(db, name, new Uint8Array(0), 'This is not an ML Studio project file (it is empty)');
    await expectRefused(db, name, new Blob([]), 'This is not an ML Studio project file (it is empty)');
    await expectRefused(db, name, new TextEncoder().encode('MLSTUDIX'), 'This is not an ML Studio project file');
  });

  it('refuses a file of a newer studio, with or without a fresh checksum', async () => {
    const { db, name, file } = await setUp();
    const parts = split(file);
    const newer = await assemble(2, parts.manifestText, parts.data);
    const error = await expectRefused(db, name, newer, 'made by a newer version of the studio; update the studio to open it');
    expect(error.message).toContain('format version 2');
    const patched = file.slice();
    new DataView(patched.buffer).setUint32(8, 7, true);
    await expectRefused(db, name, patched, 'made by a newer version of the studio; update the studio to open it');
    // Same container, records of a newer database version.
    await expectRefused(db, name, await withManifest(file, (m) => (m.schemaVersion = 99)), 'made by a newer version of the studio');
    // Version 0 was never written.
    await expectRefused(db, name, await assemble(0, parts.manifestText, parts.data), 'The file was changed or damaged after it was exported');
  });

  it('refuses a tampered file: a flipped byte anywhere, or bytes added', async () => {
    const { db, name, file } = await setUp();
    const m = split(file).manifestText.length;
    for (const at of [30, 24 + m - 2, 24 + m + 5, file.length - 40, file.length - 1]) {
      const tampered = file.slice();
      tampered[at] ^= 0x01;
      const error = await expectRefused(db, name, tampered, 'The file was changed or damaged after it was exported');
      expect(error.message).toContain('checksum');
    }
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    await expectRefused(db, name, longer, 'The file was changed or damaged after it was exported (it has 3 bytes more than it should)');
  });

  it('refuses a file whose checksum is right but whose contents are not a valid project', async () => {
    const { db, name, file } = await setUp();
    const cases: [string, (m: Loose) => void][] = [
      ['model 1 ("MLP") has no "parameters"', (m) => delete m.models[0].parameters],
      ['the project has no "name"', (m) => delete m.project.name],
      ['the "seed" of the project is not a whole number', (m) => (m.project.seed = 'x')],
      ['dataset 1 ("penguins.csv") should have 6 parts but has 5', (m) => (m.datasets[0].record.chunkCount = 6)],
      ['should hold', (m) => (m.datasets[1].record.byteLength += 1)],
      ['two datasets have the same id', (m) => (m.datasets[1].record.id = m.datasets[0].record.id)],
      ['belongs to a dataset that is not in the file', (m) => (m.pipelines[1].datasetId = 'somewhere-else')],
      ['belongs to another project', (m) => (m.models[1].projectId = 'another')],
      ['the "byRowId" of the split of the recipe of dataset 1 is not a list of bytes', (m) => (m.pipelines[0].split.byRowId = [0, 1])],
      ['the weights of layer 2 of model 1 ("MLP") do not fit its size', (m) => (m.models[0].parameters.layers[1].outputs = 5)],
      ['points outside the file\'s data', (m) => (m.models[0].validation.y.$bin[1] = 10 ** 9)],
      ['unknown or malformed value', (m) => (m.models[0].curve[0].validationLoss = { $num: 'Big' })],
      ['mixes a "$" tag with other fields', (m) => (m.project.extra = { $num: 'NaN', other: 1 })],
      ['the "modelId" of inference log record 7 is not an id', (m) => (m.log[6].modelId = 5)],
      ['inference log record 3 carries an id', (m) => (m.log[2].id = 3)],
      ['it describes "something else", not a project', (m) => (m.format = 'something else')],
      ['the file has no "models"', (m) => delete m.models],
    ];
    for (const [message, change] of cases) {
      const error = await expectRefused(db, name, await withManifest(file, change), 'The project file is not valid');
      expect(error.message).toContain(message);
    }
    const parts = split(file);
    await expectRefused(db, name, await assemble(1, parts.manifestText.slice(0, -1), parts.data), 'its description part cannot be read');
    let deep = '1';
    for (let i = 0; i < 100; i++) deep = `[${deep}]`;
    await expectRefused(db, name, await assemble(1, parts.manifestText.replace('"lastStep":"monitor"', `"lastStep":"monitor","deep":${deep}`), parts.data), 'nested too deeply');
  });

  it('refuses a file over the size cap without reading it', async () => {
    const huge = { size: MAX_PROJECT_FILE_BYTES + 1, arrayBuffer: () => Promise.reject(new Error('must not be read')) } as unknown as Blob;
    await expect(readProjectFile(huge)).rejects.toMatchObject({ reason: 'invalid', message: expect.stringContaining('the studio imports project files of up to 2.0 GB') });
  });
});

describe('project files: checksum without WebCrypto', () => {
  it('gives the same SHA-256 as WebCrypto', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 7919 + length) % 251);
      const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
      expect(Buffer.from(sha256Portable(data)).toString('hex'), `length ${length}`).toBe(Buffer.from(expected).toString('hex'));
    }
    expect(Buffer.from(sha256Portable(new TextEncoder().encode('abc'))).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('project files: the fixture files the end-to-end tests import', () => {
  const dir = fileURLToPath(new URL('../../fixtures/project-files/', import.meta.url));
  const fixtures = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as {
    file: string;
    outcome: 'imported' | 'refused';
    alertIncludes?: string;
    project?: string;
    projectWhenNameTaken?: string;
    datasets?: { name: string; rows: number; columns: string[] }[];
    recipeSteps?: number;
    rules?: number;
    models?: number;
  }[];
  const read = (file: string) => new Uint8Array(readFileSync(`${dir}${file}`));

  it('lists the valid project and at least a truncated and a tampered file', () => {
    expect(fixtures.map((f) => f.file)).toEqual(expect.arrayContaining(['tiny-project.mlstudio', 'truncated-project.mlstudio', 'tampered-project.mlstudio']));
  });

  it.each(fixtures)('$file is $outcome', async (entry) => {
    const { db, name } = await openFresh();
    const file = read(entry.file);
    if (entry.outcome === 'refused') {
      await expectRefused(db, name, new Blob([file]), entry.alertIncludes!);
      return;
    }
    const project = await db.importProject(new Blob([file]));
    expect(project.name).toBe(entry.project);
    const datasets = await db.listDatasets(project.id);
    expect(datasets.map((d) => d.name)).toEqual(entry.datasets!.map((d) => d.name));
    for (const [i, dataset] of datasets.entries()) {
      const table = decodeChunks(await db.loadDatasetChunks(dataset.id));
      expect(table.numRows()).toBe(entry.datasets![i].rows);
      expect(dataset.rowCount).toBe(entry.datasets![i].rows);
      expect(table.columnNames()).toEqual(entry.datasets![i].columns);
      expect(dataset.columns.map((c) => c.name)).toEqual(entry.datasets![i].columns);
    }
    expect(project.activeDatasetId).toBe(datasets[0].id);
    const pipeline = await db.getPipeline(datasets[0].id, project.id);
    expect(pipeline.recipe).toHaveLength(entry.recipeSteps!);
    expect(pipeline.rules).toHaveLength(entry.rules!);
    expect(await db.listModels(project.id)).toHaveLength(entry.models!);
    expect((await db.importProject(file)).name).toBe(entry.projectWhenNameTaken);
    // What the studio writes for this project reads back as the same contents.
    const again = await readProjectFile(await db.exportProject(project.id, { includeLog: true }));
    const original = await readProjectFile(file);
    expect(again.datasets.map((d) => d.chunks)).toEqual(original.datasets.map((d) => d.chunks));
    expect(again.pipelines.map((p) => p.recipe)).toEqual(original.pipelines.map((p) => p.recipe));
  });

  it("holds rows exactly as the studio's own ingest stores the same CSV", async () => {
    // not-a-project.mlstudio is the tiny project's CSV, renamed.
    const csv = read('not-a-project.mlstudio');
    const parsed = await ingestFile(new Blob([csv]), { fileName: 'penguins-tiny.csv' });
    const contents = await readProjectFile(read('tiny-project.mlstudio'));
    const [{ record, chunks }] = contents.datasets;
    expect(record.columns).toEqual(parsed.columns.map((c) => c.info));
    expect(record.description).toBe(parsed.description);
    expect(record.source).toEqual({ kind: 'file', fileName: 'penguins-tiny.csv', size: csv.length });
    const expected = encodeChunks(toArqueroTable(parsed), record.chunkRows);
    expect(chunks.map((c) => Buffer.from(c).toString('hex'))).toEqual(expected.map((c) => Buffer.from(c).toString('hex')));
  });
});
