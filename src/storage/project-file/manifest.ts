/**
 * Checks a decoded manifest before anything is stored: every record has the fields its store
 * needs, ids are unique, every record belongs to the project, and each dataset's chunks match its
 * chunk count and byte length. A failed check is a StorageError that names the record and field.
 */
import { LOG_RETENTION } from '../inference-log';
import { DB_VERSION } from '../migrations';
import type { DatasetRecord, InferenceRecord, ModelRecord, PipelineRecord, ProjectRecord } from '../schema';
import { MANIFEST_FORMAT } from './format';
import type { ProjectFileContents, ProjectFileDataset } from './format';
import { newerVersion, notValid } from './messages';

type Fields = Record<string, unknown>;

/** What a field must be; a trailing `?` lets it be absent (or undefined). */
type FieldKind =
  | 'id' // a non-empty string
  | 'string'
  | 'number' // any number, NaN and ±Infinity too
  | 'count' // a whole number ≥ 0
  | 'integer'
  | 'boolean'
  | 'object'
  | 'object|null'
  | 'id|null'
  | 'array'
  | 'array|null'
  | 'strings'
  | 'f32'
  | 'f64'
  | 'u8'
  | 'i32'
  | 'any';

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Date);
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && value.length > 0;
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'integer':
      return Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'object|null':
      return value === null || isObject(value);
    case 'id|null':
      return value === null || hasKind(value, 'id');
    case 'array':
      return Array.isArray(value);
    case 'array|null':
      return value === null || Array.isArray(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'f32':
      return value instanceof Float32Array;
    case 'f64':
      return value instanceof Float64Array;
    case 'u8':
      return value instanceof Uint8Array;
    case 'i32':
      return value instanceof Int32Array;
    case 'any':
      return true;
  }
}

const KIND_WORDS: Record<FieldKind, string> = {
  id: 'an id',
  string: 'text',
  number: 'a number',
  count: 'a whole number of 0 or more',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields',
  'object|null': 'a group of fields or nothing',
  'id|null': 'an id or nothing',
  array: 'a list',
  'array|null': 'a list or nothing',
  strings: 'a list of texts',
  f32: 'a list of 32-bit numbers',
  f64: 'a list of 64-bit numbers',
  u8: 'a list of bytes',
  i32: 'a list of 32-bit whole numbers',
  any: 'anything',
};

/** Checks `value` is an object with these fields; `where` names it in the message ('model 2 ("MLP")'). */
function fields(value: unknown, where: string, spec: Record<string, `${FieldKind}` | `${FieldKind}?`>): Fields {
  if (!isObject(value)) throw notValid(`${where} is missing or not a group of fields`);
  for (const [key, want] of Object.entries(spec)) {
    const optional = want.endsWith('?');
    const kind = (optional ? want.slice(0, -1) : want) as FieldKind;
    const present = Object.hasOwn(value, key) && value[key] !== undefined;
    if (!present) {
      if (optional) continue;
      throw notValid(`${where} has no "${key}"`);
    }
    if (!hasKind(value[key], kind)) throw notValid(`the "${key}" of ${where} is not ${KIND_WORDS[kind]}`);
  }
  return value;
}

/** Runs `check` on each item of a list `fields` has already checked. */
function each(list: unknown, check: (item: unknown, i: number) => void): void {
  (list as unknown[]).forEach((item, i) => check(item, i));
}

function named(kind: string, i: number, record: unknown): string {
  const name = isObject(record) && typeof record.name === 'string' ? ` ("${record.name}")` : '';
  return `${kind} ${i + 1}${name}`;
}

function unique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw notValid(`two ${what} have the same id`);
    seen.add(id);
  }
}

function checkProject(value: unknown): ProjectRecord {
  fields(value, 'the project', {
    id: 'id', name: 'string', createdAt: 'number', updatedAt: 'number', seed: 'integer', lastStep: 'string',
    activeDatasetId: 'id|null', selectedModelId: 'id|null?',
  });
  const project = value as unknown as ProjectRecord;
  if (!project.name.trim()) throw notValid('the project has no name');
  return project;
}

function checkDataset(value: unknown, i: number, projectId: string): ProjectFileDataset {
  const entry = fields(value, `dataset ${i + 1}`, { record: 'object', chunks: 'array' });
  const where = named('dataset', i, entry.record);
  const record = fields(entry.record, where, {
    id: 'id', projectId: 'id', name: 'string', source: 'object', rowCount: 'count', columns: 'array', warnings: 'array',
    description: 'string', createdAt: 'number', chunkCount: 'count', chunkRows: 'count', byteLength: 'count', formatVersion: 'count',
  }) as unknown as DatasetRecord;
  if (record.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (record.formatVersion !== 1) throw notValid(`${where} stores its rows in an unknown layout (${record.formatVersion})`);
  fields(record.source, `the source of ${where}`, { kind: 'string' });
  each(record.columns, (column, c) => fields(column, `column ${c + 1} of ${where}`, { name: 'string', type: 'string', missing: 'count' }));
  each(record.warnings, (warning, w) => fields(warning, `warning ${w + 1} of ${where}`, { code: 'string', message: 'string' }));
  const chunks = entry.chunks as unknown[];
  if (!chunks.every((chunk) => chunk instanceof Uint8Array)) throw notValid(`the rows of ${where} are not stored as bytes`);
  if (chunks.length !== record.chunkCount) throw notValid(`${where} should have ${record.chunkCount} parts but has ${chunks.length}`);
  const bytes = (chunks as Uint8Array[]).reduce((sum, chunk) => sum + chunk.byteLength, 0);
  if (bytes !== record.byteLength) throw notValid(`${where} should hold ${record.byteLength} bytes of rows but holds ${bytes}`);
  return { record, chunks: chunks as Uint8Array[] };
}

function checkPipeline(value: unknown, i: number, projectId: string, datasetIds: Set<string>): PipelineRecord {
  const where = `the recipe of dataset ${i + 1}`;
  const pipeline = fields(value, where, { datasetId: 'id', projectId: 'id', recipe: 'array', rules: 'array', split: 'object|null', updatedAt: 'number' });
  if (pipeline.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (!datasetIds.has(pipeline.datasetId as string)) throw notValid(`${where} belongs to a dataset that is not in the file`);
  each(pipeline.recipe, (step, s) => {
    const checked = fields(step, `step ${s + 1} of ${where}`, { kind: 'string' });
    if (checked.kind === 'append' || checked.kind === 'join') fields(step, `step ${s + 1} of ${where}`, { datasetId: 'id', datasetName: 'string' });
  });
  each(pipeline.rules, (rule, r) => fields(rule, `rule ${r + 1} of ${where}`, { id: 'string', column: 'string', kind: 'string' }));
  if (pipeline.split !== null) {
    fields(pipeline.split, `the split of ${where}`, { spec: 'object', atStep: 'count', counts: 'object', byRowId: 'u8', createdAt: 'number' });
  }
  return pipeline as unknown as PipelineRecord;
}

/** A model's parameters: dense layers (every model before trees) or a tree ensemble. */
function checkParameters(value: unknown, where: string): void {
  const at = `the parameters of ${where}`;
  if (isObject(value) && Object.hasOwn(value, 'ensemble')) {
    const parameters = fields(value, at, { kind: 'string', task: 'string', ensemble: 'object', nodes: 'object?' });
    const ensemble = fields(parameters.ensemble, `the trees of ${where}`, { trees: 'array', outputs: 'count', base: 'f32', aggregate: 'string', link: 'string' });
    if ((ensemble.base as Float32Array).length !== ensemble.outputs) throw notValid(`the base values of ${where} do not fit its outputs`);
    each(ensemble.trees, (entry, t) => {
      const which = `tree ${t + 1} of ${where}`;
      const checked = fields(entry, which, { tree: 'object', output: 'count' });
      if ((checked.output as number) >= (ensemble.outputs as number)) throw notValid(`${which} adds to an output the model does not have`);
      const tree = fields(checked.tree, which, { feature: 'i32', threshold: 'f32', missingLeft: 'u8', left: 'i32', right: 'i32', value: 'f32', samples: 'i32' });
      const nodes = (tree.feature as Int32Array).length;
      for (const key of ['threshold', 'missingLeft', 'left', 'right', 'value', 'samples']) {
        if ((tree[key] as ArrayLike<number>).length !== nodes) throw notValid(`the ${key} list of ${which} does not fit its nodes`);
      }
    });
    if (parameters.nodes !== undefined) checkTreeNodes(parameters.nodes, ensemble.trees as { tree: { feature: Int32Array } }[], where);
    return;
  }
  const parameters = fields(value, at, { kind: 'string', task: 'string', layers: 'array', outputScale: 'object|null' });
  each(parameters.layers, (layer, l) => {
    const at = `layer ${l + 1} of ${where}`;
    const checked = fields(layer, at, { inputs: 'count', outputs: 'count', weights: 'f32', bias: 'f32', activation: 'string' });
    const { inputs, outputs, weights, bias } = checked as { inputs: number; outputs: number; weights: Float32Array; bias: Float32Array };
    if (weights.length !== inputs * outputs || bias.length !== outputs) throw notValid(`the weights of ${at} do not fit its size`);
  });
}

/** A decision tree's per-node detail (for its diagram): one entry per node of its tree. */
function checkTreeNodes(value: unknown, trees: { tree: { feature: Int32Array } }[], where: string): void {
  const at = `the tree diagram of ${where}`;
  const nodes = fields(value, at, { values: 'f64', outputs: 'count', impurity: 'f64', gain: 'f64', depth: 'i32', samples: 'i32' });
  const count = trees[0]?.tree.feature.length ?? 0;
  if ((nodes.values as Float64Array).length !== count * (nodes.outputs as number)) throw notValid(`the node values of ${at} do not fit its tree`);
  for (const key of ['impurity', 'gain', 'depth', 'samples']) {
    if ((nodes[key] as ArrayLike<number>).length !== count) throw notValid(`the ${key} list of ${at} does not fit its tree`);
  }
}

/** Encodings of a feature the studio knows; a feature stored before tree models has none (one-hot, standardised). */
const FEATURE_ENCODINGS: Record<string, readonly string[]> = { numeric: ['standardised', 'raw'], categorical: ['one-hot', 'ordinal'] };

function checkFeatureEncoding(feature: unknown, where: string): void {
  const checked = fields(feature, where, { name: 'string', kind: 'string' });
  const known = FEATURE_ENCODINGS[checked.kind as string];
  if (known === undefined) throw notValid(`${where} is of an unknown kind (${String(checked.kind)})`);
  const encoding = (feature as Record<string, unknown>).encoding;
  if (encoding !== undefined && !known.includes(encoding as string)) throw notValid(`${where} has an unknown encoding (${String(encoding)})`);
}

function checkModel(value: unknown, i: number, projectId: string): ModelRecord {
  const where = named('model', i, value);
  const model = fields(value, where, {
    id: 'id', projectId: 'id', datasetId: 'id', name: 'string', createdAt: 'number', formatVersion: 'count',
    settings: 'object', features: 'strings', preprocessor: 'object', target: 'object', parameters: 'object', curve: 'array',
    bestEpoch: 'number', stoppedEarly: 'boolean', cancelled: 'boolean', backend: 'string', durationMs: 'number',
    trainedOn: 'object', validation: 'object', acceptance: 'array', reference: 'object?', monitoring: 'array?',
  });
  if (model.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (model.formatVersion !== 1) throw notValid(`${where} is stored in an unknown format (${String(model.formatVersion)})`);
  fields(model.settings, `the settings of ${where}`, { kind: 'string' });
  const preprocessor = fields(model.preprocessor, `the preprocessing of ${where}`, { features: 'array', width: 'count', columnNames: 'strings' });
  each(preprocessor.features, (feature, f) => checkFeatureEncoding(feature, `feature ${f + 1} of ${where}`));
  fields(model.target, `the target of ${where}`, { task: 'string', column: 'string', classes: 'strings' });
  checkParameters(model.parameters, where);
  fields(model.trainedOn, `the training data of ${where}`, { recipeSteps: 'count', splitCreatedAt: 'number', trainRows: 'count', validationRows: 'count' });
  fields(model.validation, `the validation results of ${where}`, { metrics: 'object', baseline: 'object', y: 'f32', output: 'f32', importance: 'array' });
  each(model.acceptance, (run, r) => fields(run, `acceptance test ${r + 1} of ${where}`, { at: 'number', criteria: 'array', metrics: 'object', passed: 'boolean', results: 'array', testRows: 'count' }));
  if (model.reference !== undefined) {
    const reference = fields(model.reference, `the monitoring reference of ${where}`, { version: 'number', rows: 'count', features: 'array', predictions: 'object|null', task: 'string', classes: 'strings' });
    const features = [...(reference.features as unknown[]), ...(reference.predictions ? [reference.predictions] : [])];
    features.forEach((feature, f) => {
      const at = `reference feature ${f + 1} of ${where}`;
      const checked = fields(feature, at, { feature: 'string', kind: 'string', shares: 'array', missingShare: 'number', rows: 'count' });
      if (checked.kind === 'numeric') fields(feature, at, { edges: 'array', sample: 'f32' });
    });
  }
  if (model.monitoring !== undefined) {
    each(model.monitoring, (run, r) => fields(run, `monitoring check ${r + 1} of ${where}`, { at: 'number', label: 'string', rows: 'count', maxPsi: 'number', drifted: 'count', retrain: 'boolean', reasons: 'strings' }));
  }
  return model as unknown as ModelRecord;
}

function checkLogRecord(value: unknown, i: number, projectId: string): InferenceRecord {
  const where = `inference log record ${i + 1}`;
  const record = fields(value, where, {
    projectId: 'id', modelId: 'id', modelName: 'string', requestId: 'string', time: 'number', inputs: 'object',
    prediction: 'any', probabilities: 'array|null', latencyMs: 'number', flags: 'strings',
  });
  if (record.projectId !== projectId) throw notValid(`${where} belongs to another project`);
  if (Object.hasOwn(record, 'id')) throw notValid(`${where} carries an id`);
  const prediction = record.prediction;
  if (prediction !== null && typeof prediction !== 'string' && typeof prediction !== 'number') throw notValid(`the prediction of ${where} is not a value`);
  return record as unknown as InferenceRecord;
}

export function checkManifest(value: unknown): Omit<ProjectFileContents, 'formatVersion' | 'byteLength'> {
  const manifest = fields(value, 'the file', {
    format: 'string', schemaVersion: 'count', exportedAt: 'number', project: 'object', datasets: 'array', pipelines: 'array', models: 'array', log: 'array|null',
  });
  if (manifest.format !== MANIFEST_FORMAT) throw notValid(`it describes "${String(manifest.format)}", not a project`);
  // Records of a newer database version may need fields this studio does not know of.
  if ((manifest.schemaVersion as number) > DB_VERSION) {
    throw newerVersion(`Its records are of storage version ${String(manifest.schemaVersion)}; this studio stores version ${DB_VERSION}.`);
  }
  const project = checkProject(manifest.project);
  const datasets = (manifest.datasets as unknown[]).map((d, i) => checkDataset(d, i, project.id));
  const datasetIds = datasets.map((d) => d.record.id);
  unique(datasetIds, 'datasets');
  const pipelines = (manifest.pipelines as unknown[]).map((p, i) => checkPipeline(p, i, project.id, new Set(datasetIds)));
  unique(pipelines.map((p) => p.datasetId), 'recipes');
  const models = (manifest.models as unknown[]).map((m, i) => checkModel(m, i, project.id));
  unique(models.map((m) => m.id), 'models');
  let log: InferenceRecord[] | null = null;
  if (manifest.log !== null) {
    const records = manifest.log as unknown[];
    if (records.length > LOG_RETENTION) throw notValid(`its inference log has ${records.length} records, more than the ${LOG_RETENTION} a project keeps`);
    log = records.map((r, i) => checkLogRecord(r, i, project.id));
  }
  return { schemaVersion: manifest.schemaVersion as number, exportedAt: manifest.exportedAt as number, project, datasets, pipelines, models, log };
}
