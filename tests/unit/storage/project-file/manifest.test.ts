import { describe, expect, it } from 'vitest';
import { StorageError } from '$src/storage/errors';
import { DB_VERSION } from '$src/storage/migrations';
import { checkManifest } from '$src/storage/project-file/manifest';

const project = { id: 'p1', name: 'Penguins', createdAt: 1, updatedAt: 2, seed: 7, lastStep: 'data', activeDatasetId: null };

function dataset(id: string, projectId = 'p1', chunks = [Uint8Array.of(1, 2, 3)]) {
  return {
    record: {
      id, projectId, name: `data ${id}`, source: { kind: 'file' }, rowCount: 3, columns: [{ name: 'a', type: 'number', missing: 0 }], warnings: [],
      description: '', createdAt: 1, chunkCount: chunks.length, chunkRows: 3, byteLength: 3, formatVersion: 1,
    },
    chunks,
  };
}

function manifest(overrides: Record<string, unknown> = {}) {
  return { format: 'ml-studio-project', schemaVersion: DB_VERSION, exportedAt: 3, project, datasets: [], pipelines: [], models: [], log: null, ...overrides };
}

function refusal(value: unknown): string {
  try {
    checkManifest(value);
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('checkManifest', () => {
  it('gives back the checked records', () => {
    const checked = checkManifest(manifest({ datasets: [dataset('d1')] }));
    expect(checked).toMatchObject({ schemaVersion: DB_VERSION, exportedAt: 3, project: { id: 'p1' }, pipelines: [], models: [], log: null });
    expect(checked.datasets[0].record.id).toBe('d1');
  });

  it('refuses what is not a project, and records of a newer studio', () => {
    expect(refusal(manifest({ format: 'something-else' }))).toMatch(/it describes "something-else", not a project/);
    expect(refusal(manifest({ schemaVersion: DB_VERSION + 1 }))).toMatch(/made by a newer version of the studio/);
    expect(refusal(null)).toMatch(/the file is missing or not a group of fields/);
  });

  it('names the record and the field that is wrong', () => {
    expect(refusal(manifest({ project: { ...project, seed: 1.5 } }))).toMatch(/the "seed" of the project is not a whole number/);
    expect(refusal(manifest({ project: { ...project, name: '  ' } }))).toMatch(/the project has no name/);
    expect(refusal(manifest({ datasets: [dataset('d1', 'p2')] }))).toMatch(/dataset 1 \("data d1"\) belongs to another project/);
  });

  it('refuses repeated ids and chunks that do not match their dataset', () => {
    expect(refusal(manifest({ datasets: [dataset('d1'), dataset('d1')] }))).toMatch(/two datasets have the same id/);
    const split = dataset('d1', 'p1', [Uint8Array.of(1), Uint8Array.of(2, 3)]);
    split.record.chunkCount = 1;
    expect(refusal(manifest({ datasets: [split] }))).toMatch(/dataset 1 \("data d1"\) should have 1 parts but has 2/);
    const short = dataset('d1', 'p1', [Uint8Array.of(1, 2)]);
    expect(refusal(manifest({ datasets: [short] }))).toMatch(/should hold 3 bytes of rows but holds 2/);
  });

  it('refuses a recipe of a dataset that is not in the file', () => {
    const pipeline = { datasetId: 'd9', projectId: 'p1', recipe: [], rules: [], split: null, updatedAt: 1 };
    expect(refusal(manifest({ datasets: [dataset('d1')], pipelines: [pipeline] }))).toMatch(/the recipe of dataset 1 belongs to a dataset that is not in the file/);
  });
});

describe('checkManifest: models', () => {
  const tree = {
    feature: Int32Array.of(0, -1, -1), threshold: Float32Array.of(0.5, 0, 0), missingLeft: Uint8Array.of(1, 0, 0),
    left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float32Array.of(0, -1, 1), samples: Int32Array.of(4, 2, 2),
  };
  const dense = { kind: 'mlp', task: 'classification', outputScale: null, layers: [{ inputs: 1, outputs: 2, weights: Float32Array.of(1, 2), bias: Float32Array.of(0, 0), activation: 'linear' }] };
  const boosted = { kind: 'gradient-boosted-trees', task: 'classification', ensemble: { trees: [{ tree, output: 0 }], outputs: 1, base: Float32Array.of(0), aggregate: 'sum', link: 'sigmoid' } };

  function model(parameters: unknown, features: unknown[] = []) {
    return {
      id: 'm1', projectId: 'p1', datasetId: 'd1', name: 'M', createdAt: 1, formatVersion: 1, settings: { kind: (parameters as { kind: string }).kind }, features: ['a'],
      preprocessor: { features, width: 1, columnNames: ['a'] }, target: { task: 'classification', column: 'y', classes: ['0', '1'] }, parameters, curve: [],
      bestEpoch: 1, stoppedEarly: false, cancelled: false, backend: 'plain TypeScript', durationMs: 1,
      trainedOn: { recipeSteps: 0, splitCreatedAt: 1, trainRows: 4, validationRows: 0 },
      validation: { metrics: {}, baseline: {}, y: new Float32Array(0), output: new Float32Array(0), importance: [] }, acceptance: [],
    };
  }

  it('takes a model of dense layers and a model of trees', () => {
    expect(checkManifest(manifest({ models: [model(dense)] })).models[0].parameters).toBe(dense);
    expect(checkManifest(manifest({ models: [model(boosted)] })).models[0].parameters).toBe(boosted);
  });

  it('refuses trees whose lists do not fit their nodes or outputs', () => {
    const shortValues = { ...boosted, ensemble: { ...boosted.ensemble, trees: [{ tree: { ...tree, value: Float32Array.of(0, 1) }, output: 0 }] } };
    expect(refusal(manifest({ models: [model(shortValues)] }))).toMatch(/the value list of tree 1 of model 1 \("M"\) does not fit its nodes/);
    const wrongType = { ...boosted, ensemble: { ...boosted.ensemble, trees: [{ tree: { ...tree, left: [1, -1, -1] }, output: 0 }] } };
    expect(refusal(manifest({ models: [model(wrongType)] }))).toMatch(/the "left" of tree 1 of model 1 \("M"\) is not a list of 32-bit whole numbers/);
    const badOutput = { ...boosted, ensemble: { ...boosted.ensemble, trees: [{ tree, output: 1 }] } };
    expect(refusal(manifest({ models: [model(badOutput)] }))).toMatch(/tree 1 of model 1 \("M"\) adds to an output the model does not have/);
  });

  it('takes a decision tree with its diagram detail, and refuses detail that does not fit the tree', () => {
    const nodes = {
      values: Float64Array.of(0.5, 0.5, 1, 0, 0, 1), outputs: 2, impurity: Float64Array.of(0.5, 0, 0), gain: Float64Array.of(2, 0, 0),
      depth: Int32Array.of(0, 1, 1), samples: Int32Array.of(4, 2, 2),
    };
    const single = { kind: 'decision-tree', task: 'classification', ensemble: { trees: [{ tree, output: 0 }, { tree, output: 1 }], outputs: 2, base: new Float32Array(2), aggregate: 'average', link: 'identity' }, nodes };
    expect(checkManifest(manifest({ models: [model(single)] })).models[0].parameters).toBe(single);
    const short = { ...single, nodes: { ...nodes, samples: Int32Array.of(4, 2) } };
    expect(refusal(manifest({ models: [model(short)] }))).toMatch(/the samples list of the tree diagram of model 1 \("M"\) does not fit its tree/);
    const plain = { ...single, nodes: { ...nodes, values: [0.5, 0.5, 1, 0, 0, 1] } };
    expect(refusal(manifest({ models: [model(plain)] }))).toMatch(/is not a list of 64-bit numbers/);
  });

  it("takes a tree model's features (ordinal, raw) and older features without an encoding; refuses an unknown one", () => {
    const ordinal = { kind: 'categorical', name: 'a', sourceType: 'text', impute: 'x', categories: ['y', 'x'], other: false, encoding: 'ordinal' };
    const raw = { kind: 'numeric', name: 'b', sourceType: 'number', impute: 1, mean: 1, std: 1, encoding: 'raw' };
    const older = { kind: 'numeric', name: 'c', sourceType: 'number', impute: 1, mean: 1, std: 1 };
    expect(checkManifest(manifest({ models: [model(boosted, [ordinal, raw, older])] })).models[0].preprocessor.features).toEqual([ordinal, raw, older]);
    expect(refusal(manifest({ models: [model(boosted, [{ ...ordinal, encoding: 'hashed' }])] }))).toMatch(/feature 1 of model 1 \("M"\) has an unknown encoding \(hashed\)/);
    expect(refusal(manifest({ models: [model(boosted, [{ ...raw, encoding: 'ordinal' }])] }))).toMatch(/has an unknown encoding \(ordinal\)/);
    expect(refusal(manifest({ models: [model(boosted, [{ ...raw, kind: 'vector' }])] }))).toMatch(/feature 1 of model 1 \("M"\) is of an unknown kind \(vector\)/);
  });
});
