import { describe, expect, it } from 'vitest';
import { escapeMarkdown, modelCard } from '$src/core/package/model-card';
import type { ModelCardInput } from '$src/core/package/model-card';
import type { AcceptanceRun, DatasetRecord, ModelRecord, PipelineRecord } from '$src/core/records';
import type { DenseLayer, FittedFeature, TrainSettings } from '$src/core/model/types';

const EXPORTED_AT = new Date(Date.UTC(2026, 10, 26, 17, 6, 50));
const TRAINED_AT = Date.UTC(2026, 10, 25, 9, 30);
const SPLIT_AT = Date.UTC(2026, 10, 25, 9, 0);

function layer(inputs: number, outputs: number, activation: DenseLayer['activation']): DenseLayer {
  return { inputs, outputs, weights: new Float32Array(inputs * outputs), bias: new Float32Array(outputs), activation };
}

const SETTINGS: TrainSettings = {
  kind: 'mlp',
  epochs: 50,
  learningRate: 0.001,
  batchSize: 32,
  hiddenLayers: [16, 8],
  activation: 'relu',
  dropout: 0.1,
  l2: 0.0001,
  optimizer: 'adam',
  patience: 5,
  seed: 42,
};

function penguins(columnName = 'island'): { dataset: DatasetRecord; pipeline: PipelineRecord; model: ModelRecord } {
  const dataset: DatasetRecord = {
    id: 'd1',
    projectId: 'p1',
    name: 'Penguins',
    source: { kind: 'file', fileName: 'penguins.csv', size: 15_360 },
    rowCount: 344,
    columns: [
      { name: 'species', type: 'text', missing: 0 },
      { name: columnName, type: 'text', missing: 0 },
      { name: 'bill_length_mm', type: 'number', missing: 2 },
      { name: 'body_mass_g', type: 'integer', missing: 2 },
    ],
    warnings: [{ code: 'renamed-column', message: 'Column 5 had no name; it is called column_5.' }],
    description: 'CSV, comma-separated, UTF-8',
    createdAt: SPLIT_AT - 60_000,
    chunkCount: 1,
    chunkRows: 344,
    byteLength: 10_000,
    formatVersion: 1,
  };
  const pipeline: PipelineRecord = {
    datasetId: 'd1',
    projectId: 'p1',
    recipe: [
      { kind: 'drop-missing', columns: ['bill_length_mm'] },
      { kind: 'rename-column', column: 'body_mass_g', to: 'mass' },
    ],
    rules: [
      { id: 'r1', column: 'mass', kind: 'in-range', min: 2000, max: 7000 },
      { id: 'r2', column: 'species', kind: 'not-missing' },
    ],
    split: {
      spec: { train: 70, validation: 15, test: 15, seed: 42, stratify: 'species', group: null, timeColumn: null },
      atStep: 2,
      counts: { train: 239, validation: 51, test: 52 },
      byRowId: new Uint8Array(0),
      createdAt: SPLIT_AT,
    },
    updatedAt: SPLIT_AT,
  };
  const categories = Array.from({ length: 20 }, (_, i) => `isle${String(i).padStart(2, '0')}`);
  const features: FittedFeature[] = [
    { kind: 'numeric', name: 'bill_length_mm', sourceType: 'number', impute: 44.45, mean: 43.921929, std: 5.4595837 },
    { kind: 'numeric', name: 'mass', sourceType: 'integer', impute: 4050, mean: 4201.754, std: 801.9545 },
    { kind: 'categorical', name: columnName, sourceType: 'text', impute: 'isle00', categories, other: false },
  ];
  const model: ModelRecord = {
    id: 'm1',
    projectId: 'p1',
    datasetId: 'd1',
    name: 'Penguin MLP',
    createdAt: TRAINED_AT,
    formatVersion: 1,
    settings: SETTINGS,
    features: features.map((f) => f.name),
    preprocessor: { features, width: 22, columnNames: [] },
    target: { task: 'classification', column: 'species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
    parameters: { kind: 'mlp', task: 'classification', layers: [layer(22, 16, 'relu'), layer(16, 8, 'relu'), layer(8, 3, 'linear')], outputScale: null },
    curve: Array.from({ length: 23 }, (_, i) => ({ epoch: i + 1, trainLoss: 1, validationLoss: 1, trainMetric: 0.5, validationMetric: 0.5 })),
    bestEpoch: 18,
    stoppedEarly: true,
    cancelled: false,
    backend: 'webgl',
    durationMs: 12_345.6,
    trainedOn: { recipeSteps: 2, splitCreatedAt: SPLIT_AT, trainRows: 239, validationRows: 51 },
    validation: {
      metrics: { Accuracy: 0.98039215, Precision: 0.9777, Recall: 0.97619, F1: 0.97674, 'ROC AUC': 0.99912345, 'Log loss': 0.0612345 },
      baseline: { Accuracy: 0.4411764, Precision: 0.147, Recall: 0.3333333, F1: 0.204, 'ROC AUC': 0.5, 'Log loss': 1.0612 },
      y: new Float32Array(0),
      output: new Float32Array(0),
      importance: [
        { feature: 'bill_length_mm', importance: 0.31, std: 0.02 },
        { feature: columnName, importance: 0.12, std: 0.01 },
      ],
    },
    acceptance: [],
  };
  return { dataset, pipeline, model };
}

function classificationInput(overrides: Partial<ModelCardInput> = {}): ModelCardInput {
  const { dataset, pipeline, model } = penguins();
  return {
    model,
    dataset,
    pipeline,
    profileSummary: {
      rows: 342,
      columns: [
        { name: 'species', type: 'text', missing: 0 },
        { name: 'island', type: 'text', missing: 0 },
        { name: 'bill_length_mm', type: 'number', missing: 0 },
        { name: 'mass', type: 'integer', missing: 0 },
      ],
    },
    parity: { maxDifference: 2.98e-8, rows: 52, labelsEqual: true, ok: true },
    exportedAt: EXPORTED_AT,
    fileName: 'Penguin MLP.onnx',
    sizeBytes: 5_432,
    ...overrides,
  };
}

function regressionInput(): ModelCardInput {
  const dataset: DatasetRecord = {
    id: 'd2',
    projectId: 'p1',
    name: 'Houses',
    source: { kind: 'synthetic', generator: 'linear', options: { rows: 500, noise: 0.5 } },
    rowCount: 500,
    columns: [
      { name: 'area', type: 'number', missing: 0 },
      { name: 'built', type: 'date', missing: 5 },
      { name: 'garden', type: 'boolean', missing: 0 },
      { name: 'price', type: 'number', missing: 0 },
    ],
    warnings: [],
    description: 'Synthetic data',
    createdAt: SPLIT_AT,
    chunkCount: 1,
    chunkRows: 500,
    byteLength: 4_000,
    formatVersion: 1,
  };
  const pipeline: PipelineRecord = {
    datasetId: 'd2',
    projectId: 'p1',
    recipe: [],
    rules: [],
    split: {
      spec: { train: 60, validation: 20, test: 20, seed: 7, stratify: null, group: null, timeColumn: 'built' },
      atStep: 0,
      counts: { train: 300, validation: 100, test: 100 },
      byRowId: new Uint8Array(0),
      createdAt: SPLIT_AT,
    },
    updatedAt: SPLIT_AT,
  };
  const features: FittedFeature[] = [
    { kind: 'numeric', name: 'area', sourceType: 'number', impute: 120.5, mean: 121.23456, std: 30.98765 },
    { kind: 'numeric', name: 'built', sourceType: 'date', impute: Date.UTC(2001, 0, 1), mean: Date.UTC(2000, 5, 15), std: 3650 * 86_400_000 },
    { kind: 'numeric', name: 'garden', sourceType: 'boolean', impute: 0.5, mean: 0.48, std: 0.4996 },
  ];
  const model: ModelRecord = {
    id: 'm2',
    projectId: 'p1',
    datasetId: 'd2',
    name: 'House prices',
    createdAt: TRAINED_AT,
    formatVersion: 1,
    settings: { ...SETTINGS, kind: 'linear-regression', l2: 0.01 },
    features: features.map((f) => f.name),
    preprocessor: { features, width: 3, columnNames: ['area', 'built', 'garden'] },
    target: { task: 'regression', column: 'price', classes: [] },
    parameters: { kind: 'linear-regression', task: 'regression', layers: [layer(3, 1, 'linear')], outputScale: { mean: 250_000, std: 50_000 } },
    curve: [{ epoch: 1, trainLoss: 0.2, validationLoss: 0.25, trainMetric: 0.8, validationMetric: 0.75 }],
    bestEpoch: 1,
    stoppedEarly: false,
    cancelled: false,
    backend: 'none (closed form)',
    durationMs: 3.2,
    trainedOn: { recipeSteps: 0, splitCreatedAt: SPLIT_AT, trainRows: 300, validationRows: 100 },
    validation: {
      metrics: { MAE: 12_345.678, RMSE: 15_678.9012, 'R²': 0.7512345 },
      baseline: { MAE: 40_000, RMSE: 50_000.5, 'R²': -0.0001234 },
      y: new Float32Array(0),
      output: new Float32Array(0),
      importance: [],
    },
    acceptance: [],
  };
  return { model, dataset, pipeline, parity: null, exportedAt: EXPORTED_AT, fileName: 'House prices.onnx' };
}

const SECTIONS = [
  '## Dataset',
  '## Data preparation',
  '## Split',
  '## Features and preprocessing',
  '## Model',
  '## Validation metrics',
  '## Acceptance test',
  '## Packaging',
  '## Intended use',
  '## Limitations',
  '## Ethical considerations',
];

function lines(card: string): string[] {
  return card.split('\n');
}

function run(at: number, passed: boolean, accuracy: number): AcceptanceRun {
  return {
    at,
    criteria: [{ metric: 'Accuracy', threshold: 0.95 }],
    metrics: { Accuracy: accuracy, Precision: 0.9, Recall: 0.9, F1: 0.9, 'ROC AUC': 0.99, 'Log loss': 0.1 },
    passed,
    results: [{ metric: 'Accuracy', threshold: 0.95, value: accuracy, passed, comparison: '≥' }],
    testRows: 52,
  };
}

describe('modelCard: classification', () => {
  const card = modelCard(classificationInput());
  const all = lines(card);

  it('has every section, in order, as a level-2 heading', () => {
    const positions = SECTIONS.map((s) => all.indexOf(s));
    for (const [i, p] of positions.entries()) expect(p, SECTIONS[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('starts with the title and a one-line summary', () => {
    expect(all[0]).toBe('# Model card: Penguin MLP');
    expect(all[2]).toBe(
      'A neural network (MLP) that classifies species into 3 classes from 3 features, trained on the dataset Penguins on 2026-11-25 09:30 UTC.',
    );
  });

  it('describes the dataset, its columns and warnings', () => {
    expect(all).toContain('- **Source:** file penguins.csv (15.0 KB)');
    expect(all).toContain('- **Size as loaded:** 344 rows × 4 columns');
    expect(all).toContain('- **Read as:** CSV, comma-separated, UTF-8');
    expect(all).toContain('| Column | Type | Missing |');
    expect(all).toContain('| bill\\_length\\_mm | number | 2 (0.5814 %) |');
    expect(all).toContain('- Column 5 had no name; it is called column\\_5.');
    expect(all).toContain('After preparation: 342 rows × 4 columns.');
    expect(all).toContain('| mass | integer | 0 |');
  });

  it('lists the recipe with describeStep, one numbered line each, and the rules', () => {
    expect(all).toContain('1. Drop rows with a missing value in bill\\_length\\_mm');
    expect(all).toContain('2. Rename body\\_mass\\_g to mass');
    expect(all).toContain('- mass is in range 2000 – 7000');
    expect(all).toContain('- species is not missing');
    expect(card).not.toContain('this model was trained on its first');
  });

  it('says a recipe changed after training', () => {
    const input = classificationInput();
    input.pipeline = { ...input.pipeline, recipe: [...input.pipeline.recipe, { kind: 'trim', column: 'island' }] };
    expect(modelCard(input)).toContain('*The recipe now has 3 steps; this model was trained on its first 2.*');
    expect(modelCard(input)).not.toContain('3. ');
  });

  it('describes the split with its seed, sizes and stratification', () => {
    expect(all).toContain('Train 70 % (239 rows) · Validation 15 % (51) · Test 15 % (52), seed 42, stratified by species');
    expect(all).toContain('- **Seed:** 42');
    expect(all).toContain('- **Sizes:** train 239, validation 51, test 52 rows');
    expect(all).toContain('- **Stratified by:** species');
    expect(all).toContain('- **Grouped by:** none');
  });

  it('gives each feature its type, imputed value, scaling or truncated categories, and unseen behaviour', () => {
    expect(all).toContain('| bill\\_length\\_mm | numeric (number) | 44.45 | mean 43.92, std 5.46 | — |');
    expect(all).toContain('| mass | numeric (integer) | 4050 | mean 4202, std 802 | — |');
    const island = all.find((l) => l.startsWith('| island | categorical'));
    expect(island).toContain('| categorical (text), one-hot | isle00 | 20 categories: isle00, isle01');
    expect(island).toContain('isle11, … (8 more, 20 in all)');
    expect(island).not.toContain('isle12');
    expect(island).toContain('rare and unseen values encode as all zeros');
    expect(all).toContain('**Target:** species (classification, 3 classes: Adelie, Chinstrap, Gentoo)');
  });

  it('gives the model kind, settings table, backend, time and how training ended', () => {
    expect(all).toContain('- **Kind:** Neural network (MLP)');
    expect(all).toContain('- **Layers:** 22 → 16 → 8 → 3 (531 parameters)');
    expect(all).toContain('- **Backend:** webgl');
    expect(all).toContain('- **Training time:** 12.35 s');
    expect(all).toContain(
      '- **Training:** Stopped early after 23 epochs of 50 (no better validation loss for 5 epochs); best validation loss at epoch 18, whose weights were kept.',
    );
    for (const row of [
      '| Epochs | 50 |',
      '| Learning rate | 0.001 |',
      '| Batch size | 32 |',
      '| Hidden layers | 16, 8 |',
      '| Activation | relu |',
      '| Dropout | 0.1 |',
      '| L2 penalty | 0.0001 |',
      '| Optimizer | adam |',
      '| Early-stopping patience | 5 epochs |',
      '| Seed | 42 |',
    ]) {
      expect(all).toContain(row);
    }
  });

  it('describes a gradient-boosted model by its trees, tree settings and iterations', () => {
    const input = classificationInput();
    const leaf = (v: number) => ({
      feature: Int32Array.of(0, -1, -1), threshold: Float32Array.of(0.5, 0, 0), missingLeft: Uint8Array.of(0, 0, 0),
      left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float32Array.of(0, -v, v), samples: Int32Array.of(10, 5, 5),
    });
    const settings: TrainSettings = { ...input.model.settings, kind: 'gradient-boosted-trees', epochs: 100, learningRate: 0.1, patience: 10, maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20 };
    input.model = {
      ...input.model,
      settings,
      backend: 'plain TypeScript',
      parameters: {
        kind: 'gradient-boosted-trees', task: 'classification',
        ensemble: { trees: [0, 1, 2].map((k) => ({ tree: leaf(k + 1), output: k })), outputs: 3, base: new Float32Array(3), aggregate: 'sum', link: 'softmax' },
      },
    };
    const card = modelCard(input);
    expect(card).toContain('- **Kind:** Gradient-boosted trees');
    expect(card).toContain('- **Trees:** 3 trees, 6 leaves in all');
    expect(card).toContain('- **Training:** Stopped early after 23 iterations of 100 (no better validation loss for 10 iterations); best validation loss at iteration 18, whose trees were kept.');
    for (const row of ['| Trees | 100 |', '| Max leaves | 31 |', '| Max depth | no limit |', '| Min samples per leaf | 20 |', '| Learning rate | 0.1 |', '| Early-stopping patience | 10 iterations |']) {
      expect(card).toContain(row);
    }
    expect(card).toContain('| Batch size | not used by gradient-boosted trees |');
  });

  it('describes a random forest by its trees, forest settings, out-of-bag score and gain shares', () => {
    const input = classificationInput();
    const stump = {
      feature: Int32Array.of(0, -1, -1), threshold: Float32Array.of(0.5, 0, 0), missingLeft: Uint8Array.of(0, 0, 0),
      left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float32Array.of(0, 0.2, 0.8), samples: Int32Array.of(10, 5, 5),
    };
    input.model = {
      ...input.model,
      settings: { ...input.model.settings, kind: 'random-forest', epochs: 50, maxDepth: 8, minSamplesLeaf: 1, featuresPerSplit: 0.5, bootstrap: true, seed: 4 },
      curve: Array.from({ length: 50 }, (_, i) => ({ epoch: i + 1, trainLoss: 0.1, validationLoss: 0.2, trainMetric: 0.9, validationMetric: 0.8 })),
      cancelled: false,
      stoppedEarly: false,
      backend: 'plain TypeScript',
      parameters: { kind: 'random-forest', task: 'classification', ensemble: { trees: [0, 1, 2].map((k) => ({ tree: stump, output: k })), outputs: 3, base: new Float32Array(3), aggregate: 'average', link: 'identity' } },
      validation: { ...input.model.validation, outOfBag: { score: 0.9125, rows: 80 }, gain: [{ feature: 'Flipper', gain: 3, share: 0.75 }, { feature: 'Island', gain: 1, share: 0.25 }] },
    };
    const card = modelCard(input);
    expect(card).toContain('- **Kind:** Random forest');
    expect(card).toContain('- **Training:** Grew 50 trees of 50; every tree is kept (a forest averages them).');
    for (const row of ['| Trees | 50 |', '| Max depth | 8 |', '| Features per split | 0.5 of the features |', '| Bootstrap samples | yes |', '| Seed | 4 |', '| Max leaves | not used by a random forest |', '| Learning rate | not used by a random forest |']) {
      expect(card).toContain(row);
    }
    expect(card).toContain('Out-of-bag score: accuracy 0.9125 on 80 train rows, each judged only by the trees whose bootstrap sample left it out.');
    expect(card).toContain('| Flipper | 75.0 % |');
  });

  it('describes a decision tree by its depth and limits', () => {
    const input = classificationInput();
    input.model = {
      ...input.model,
      settings: { ...input.model.settings, kind: 'decision-tree', maxDepth: 0, maxLeaves: 0, minSamplesLeaf: 1 },
      curve: Array.from({ length: 6 }, (_, i) => ({ epoch: i + 1, trainLoss: 0.1, validationLoss: 0.2, trainMetric: 0.9, validationMetric: 0.8 })),
    };
    const card = modelCard(input);
    expect(card).toContain('- **Training:** Grew one tree to depth 6; the curve shows it cut at each depth from 1 to 6, and the whole tree is kept.');
    for (const row of ['| Max depth | no limit |', '| Max leaves | no limit |', '| Min samples per leaf | 1 |', '| Trees | not used by a decision tree |', '| Seed | not used by a decision tree |']) {
      expect(card).toContain(row);
    }
  });

  it('says when training was cancelled', () => {
    const input = classificationInput();
    input.model = { ...input.model, cancelled: true, stoppedEarly: false };
    expect(modelCard(input)).toContain('- **Training:** Cancelled by the user after 23 epochs of 50; best validation loss at epoch 18');
  });

  it('tabulates validation metrics against the baseline with 4 significant digits', () => {
    expect(all).toContain('| Metric | Validation | Baseline |');
    expect(all).toContain('| Accuracy | 0.9804 | 0.4412 |');
    expect(all).toContain('| ROC AUC | 0.9991 | 0.5 |');
    expect(all).toContain('| Log loss | 0.06123 | 1.061 |');
    expect(all).toContain('| bill\\_length\\_mm | 0.31 | 0.02 |');
  });

  it('says the acceptance test was not run', () => {
    expect(all).toContain(
      'Acceptance test: not run. The test part has not been used; its rows remain unseen by the model and by any choice made so far.',
    );
  });

  it('describes the ONNX file, its opsets, inputs, outputs and parity', () => {
    expect(all).toContain('- **File:** Penguin MLP.onnx (5.3 KB, 5432 bytes)');
    expect(all).toContain('- **Format:** ONNX, IR version 8, opsets ai.onnx 17 / ai.onnx.ml 3');
    expect(all).toContain('| bill\\_length\\_mm | float32 | [N, 1] |');
    expect(all).toContain('| island | string | [N, 1] |');
    expect(all).toContain('| label | string | [N] | the most probable class |');
    expect(all).toContain('| probabilities | float32 | [N, 3] | one column per class, in the order Adelie, Chinstrap, Gentoo |');
    expect(all).toContain('Parity: max difference 2.98e-8 on 52 rows; labels all equal — OK (tolerance 0.0001).');
  });

  it('labels integer classes as int64', () => {
    const input = classificationInput();
    input.model = { ...input.model, target: { ...input.model.target, classes: ['0', '1'] } };
    expect(modelCard(input)).toContain('| label | int64 | [N] | the most probable class |');
    input.model = { ...input.model, target: { ...input.model.target, classes: ['007', '1'] } };
    expect(modelCard(input)).toContain('| label | string | [N] | the most probable class |');
  });

  it('reports a failed parity check', () => {
    const card = modelCard(classificationInput({ parity: { maxDifference: Infinity, rows: 52, labelsEqual: false, ok: false } }));
    expect(lines(card)).toContain('Parity: max difference ∞ on 52 rows; labels differ — FAILED (tolerance 0.0001).');
  });

  it('leaves placeholders with guiding questions for the owner', () => {
    for (const heading of ['Intended use', 'Limitations', 'Ethical considerations']) {
      const at = all.indexOf(`## ${heading}`);
      expect(all[at + 2]).toMatch(/^<!-- Fill in: .* -->$/);
      expect(all[at + 4]).toMatch(/^\*To be written by the model's owner\. .+\?\*$/);
    }
  });

  it('ends with the export date, and is deterministic', () => {
    expect(all.at(-2)).toBe('Model card written by ML Studio on 2026-11-26 17:06 UTC.');
    expect(modelCard(classificationInput())).toBe(card);
  });
});

describe('modelCard: regression', () => {
  const card = modelCard(regressionInput());
  const all = lines(card);

  it('has every section', () => {
    for (const s of SECTIONS) expect(all).toContain(s);
    expect(all[0]).toBe('# Model card: House prices');
    expect(all[2]).toBe('A linear regression that predicts price from 3 features, trained on the dataset Houses on 2026-11-25 09:30 UTC.');
  });

  it('describes the source, an empty recipe, no rules and a time-ordered split', () => {
    expect(all).toContain('- **Source:** synthetic data from the linear generator (noise = 0.5, rows = 500)');
    expect(all).toContain('No warnings when the data was loaded.');
    expect(all).toContain('The model was trained on the data as loaded: no cleaning steps.');
    expect(all).toContain('No validation rules were set.');
    expect(all).toContain(
      'Train 60 % (300 rows) · Validation 20 % (100) · Test 20 % (100), in time order by built (oldest in Train, newest in Test)',
    );
    expect(all).toContain('- **Seed:** 7 (not used: the split follows time order)');
    expect(all).toContain('- **Time order by:** built');
  });

  it('shows a date feature that expands into parts, and the days its input takes', () => {
    const input = regressionInput();
    const day = Date.UTC(2001, 0, 1) / 86_400_000;
    const built: FittedFeature = {
      kind: 'numeric', name: 'built', sourceType: 'date', impute: day, mean: day, std: 3650,
      date: { origin: Date.UTC(1990, 0, 1) / 86_400_000, impute: [2001, 1, 1, 1, 4018], mean: [2000.5, 6.5, 3, 183, 3650], std: [10, 3.5, 2, 105, 3650] },
    };
    const features = input.model.preprocessor.features.map((f) => (f.name === 'built' ? built : f));
    const text = lines(modelCard({ ...input, model: { ...input.model, preprocessor: { ...input.model.preprocessor, features, width: 7 } } }));
    expect(text).toContain(
      '| built | date, as days since 1970-01-01 UTC (float32); expanded into year, month, day of week, day of year, days since the first train date | 2001-01-01 (each part: its train median) | each part standardised with train statistics (means 2001, 6.5, 3, 183, 3650); days counted from 1990-01-01 | — |',
    );
    expect(text).toContain('| built | float32 (days since 1970-01-01 UTC) | [N, 1] |');
  });

  it('shows date and boolean features in their own terms', () => {
    expect(all).toContain('| built | date, as ms since 1970 UTC | 2001-01-01 | mean 2000-06-15, std 3650 days | — |');
    expect(all).toContain('| garden | boolean, true = 1, false = 0 | 0.5 | mean 0.48, std 0.4996 | — |');
    expect(all).toContain('**Target:** price (regression: predicts a number)');
  });

  it('marks settings a linear regression does not use', () => {
    expect(all).toContain('- **Kind:** Linear regression');
    expect(all).toContain('| L2 penalty | 0.01 |');
    expect(all).toContain('| Epochs | not used by a linear regression |');
    expect(all).toContain('| Hidden layers | not used by a linear regression |');
    expect(all).toContain('- **Training:** Solved in closed form (no epochs).');
    expect(all).toContain('- **Training time:** 3 ms');
  });

  it('tabulates regression metrics', () => {
    expect(all).toContain('| MAE | 12350 | 40000 |');
    expect(all).toContain('| RMSE | 15680 | 50000 |');
    expect(all).toContain('| R² | 0.7512 | -0.0001234 |');
  });

  it('gives the prediction output and says parity was not checked', () => {
    expect(all).toContain('| prediction | float32 | [N, 1] | the predicted price |');
    expect(all).toContain('- **File:** House prices.onnx (size not recorded)');
    expect(all).toContain('Parity: not checked.');
    expect(card).not.toContain('| label |');
  });
});

describe('modelCard: acceptance runs', () => {
  it('lists each run with date, criteria, metrics and verdict', () => {
    const input = classificationInput();
    input.model = { ...input.model, acceptance: [run(Date.UTC(2026, 10, 25, 10, 0), true, 0.96154)] };
    const all = lines(modelCard(input));
    expect(all).toContain('### Run 1: 2026-11-25 10:00 UTC — Passed');
    expect(all).toContain('- **Criteria:** Accuracy ≥ 0.95');
    expect(all).toContain('- **Test rows:** 52');
    expect(all).toContain('- **Result:** Passed');
    expect(all).toContain('| Accuracy | 0.9615 | ≥ 0.95: passed |');
    expect(all).toContain('| Log loss | 0.1 |  |');
    expect(all.join('\n')).not.toContain('the test set was used');
    expect(all.join('\n')).not.toContain('not run');
  });

  it('notes when the test set was used more than once', () => {
    const input = classificationInput();
    input.model = {
      ...input.model,
      acceptance: [run(Date.UTC(2026, 10, 25, 10, 0), false, 0.9), run(Date.UTC(2026, 10, 25, 11, 0), true, 0.97)],
    };
    const all = lines(modelCard(input));
    const note = all.find((l) => l.startsWith('> **Note:**'));
    expect(note).toMatch(/^> \*\*Note:\*\* the test set was used 2 times\. Only the first result is an honest estimate/);
    expect(all).toContain('### Run 1: 2026-11-25 10:00 UTC — Failed');
    expect(all).toContain('### Run 2: 2026-11-25 11:00 UTC — Passed');
    expect(all).toContain('| Accuracy | 0.9 | ≥ 0.95: failed |');
  });
});

describe('modelCard: escaping', () => {
  it('escapes a hostile column name everywhere it appears', () => {
    const hostile = 'a|b<script>';
    const { dataset, pipeline, model } = penguins(hostile);
    const card = modelCard({ ...classificationInput(), dataset, pipeline, model, profileSummary: undefined });
    expect(card).not.toContain('<script>');
    expect(card).not.toContain('a|b');
    const safe = 'a\\|b&lt;script&gt;';
    expect(card).toContain(`| ${safe} | text | 0 |`);
    expect(card).toContain(`| ${safe} | categorical (text), one-hot | isle00 |`);
    expect(card).toContain(`| ${safe} | string | [N, 1] |`);
    expect(card).toContain(`| ${safe} | 0.12 | 0.01 |`);
    // Every table row has as many cells as its table's header: no pipe leaked.
    const cells = (line: string): number => line.split(/(?<!\\)\|/).length - 2;
    let header = 0;
    for (const [i, line] of lines(card).entries()) {
      if (!line.startsWith('| ')) continue;
      if (!lines(card)[i - 1].startsWith('| ')) header = cells(line);
      else expect(cells(line), line).toBe(header);
    }
    expect(cells(lines(card).find((l) => l.startsWith(`| ${safe} | categorical`)) ?? '')).toBe(5);
  });

  it('escapes names, newlines and Markdown in model, dataset, category and step text', () => {
    const input = classificationInput();
    input.model = {
      ...input.model,
      name: 'Evil\n# Heading <img src=x onerror=alert(1)>',
      target: { ...input.model.target, classes: ['A&B', 'x|y', '[link](javascript:alert(1))'] },
    };
    input.dataset = { ...input.dataset, name: 'D *bold* `code`', description: 'line1\r\nline2' };
    input.pipeline = { ...input.pipeline, recipe: [{ kind: 'rename-column', column: 'x', to: 'y|z\n<b>' }, input.pipeline.recipe[1]] };
    const card = modelCard(input);
    expect(lines(card)[0]).toBe('# Model card: Evil # Heading &lt;img src=x onerror=alert(1)&gt;');
    expect(card).not.toMatch(/^# Heading/m);
    expect(card).not.toContain('<img');
    expect(card).not.toContain('<b>');
    expect(card).toContain('3 classes: A&amp;B, x\\|y, \\[link\\](javascript:alert(1))');
    expect(card).toContain('the dataset D \\*bold\\* \\`code\\` on');
    expect(card).toContain('- **Read as:** line1 line2');
    expect(card).toContain('1. Rename x to y\\|z &lt;b&gt;');
    // The only HTML in the card is its own placeholder comments.
    expect(card.match(/</g)?.length).toBe(3);
  });

  it('escapeMarkdown handles each special character', () => {
    expect(escapeMarkdown('a|b<c>&d\ne\\f_g*h`i[j]')).toBe('a\\|b&lt;c&gt;&amp;d e\\\\f\\_g\\*h\\`i\\[j\\]');
  });
});

describe('modelCard: a tree model\'s own preprocessing', () => {
  it('says numbers are not scaled, categories are codes in train order, and missing values take each split\'s learned way', () => {
    const input = classificationInput();
    const features: FittedFeature[] = [
      { kind: 'numeric', name: 'mass', sourceType: 'integer', impute: 4050, mean: 4201.754, std: 801.9545, encoding: 'raw' },
      { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'Biscoe', categories: ['Torgersen', 'Biscoe', 'Dream'], other: false, encoding: 'ordinal' },
    ];
    input.model = { ...input.model, preprocessor: { features, width: 2, columnNames: ['mass', 'island'] } };
    const all = lines(modelCard(input));
    expect(all).toContain("| mass | numeric (integer) | missing (NaN): each split's learned direction | not scaled: the trees split on the value itself | — |");
    expect(all).toContain(
      "| island | categorical (text), one code per category, in train order | missing (NaN): each split's learned direction | 3 categories, coded 0, 1, … in this order: Torgersen, Biscoe, Dream | rare and unseen values are missing (NaN) too |",
    );
    expect(all).toContain('- **Preprocessing:** inside the graph (date parts, category codes; missing values left for the trees): give it raw values.');
    expect(lines(modelCard(classificationInput()))).toContain('- **Preprocessing:** inside the graph (imputation, scaling, one-hot encoding): give it raw values.');
  });
});
