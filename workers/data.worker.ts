/**
 * The data worker: parses files, generates synthetic sets, stores datasets, and runs the data
 * steps (profile, validation, recipe, labels, split) on the dataset on screen. It holds that
 * dataset's session between calls so the main thread never holds a whole table.
 */
import * as Comlink from 'comlink';
import { ingestFile } from '../src/core/data/ingest';
import { admit } from './admit';
import { generateSynthetic, type SyntheticId } from '../src/core/data/synthetic';
import { findSample } from '../src/core/data/samples';
import type { ColumnTable } from 'arquero';
import { toArqueroTable, formatRows, type DisplayCell } from '../src/core/data/table';
import type { ColumnInfo, ParsedTable } from '../src/core/data/columns';
import { ROW_ID, type PartName } from '../src/core/data/frame';
import { RecipeError } from '../src/core/data/recipe/handler';
import type { RecipeStep } from '../src/core/data/recipe/steps';
import { compareColumns } from '../src/core/data/recipe/append';
import { analyseJoin } from '../src/core/data/recipe/join';
import { labelCounts, unlabelledRows } from '../src/core/data/recipe/label-manual';
import { profileFrame } from '../src/core/data/profile';
import { formRow, type FormRow } from '../src/core/deploy/form-row';
import { checkRule, type Rule } from '../src/core/data/validate/rules';
import { runRules, violatingRows } from '../src/core/data/validate/run';
import type { SplitSpec } from '../src/core/data/split/spec';
import { frameToCsv } from '../src/core/data/csv-export';
import { prepareTrainingData, prepareEvaluationMatrix, postTrainingData } from '../src/core/model/prepare';
import type { TrainingConfig } from '../src/core/model/prepare';
import { suggestTask } from '../src/core/model/task';
import { predictModel } from '../src/core/model/predict';
import { modelReference } from '../src/core/deploy/model-reference';
import { modelMetrics } from '../src/core/model/validation-report';
import type { ModelParameters, Preprocessor, TargetEncoding } from '../src/core/model/types';
import { lazyStudioDB, saveTable, type DatasetRecord, type DatasetSource, type StudioDB } from '../src/storage';
import { DataSession, readTable, type SessionSummary } from '../src/core/data/session';
import { packageModel, type PackagedModel, type PackageResult } from '../src/core/package/package-model';
import { cancellationPoint, JobRegistry } from '../src/core/jobs';
import { readDatesTheOtherWay } from '../src/core/data/date-reading';
import { sampleUrls } from './sample-urls';
import { parseInParts } from './parse-parts';

type Progress = (done: number, total: number) => void;

const db = lazyStudioDB();
const jobs = new JobRegistry();
let session: DataSession | null = null;
const profiles = new Map<string, unknown>();

function current(datasetId: string): DataSession {
  if (!session || session.dataset.id !== datasetId) {
    throw new RecipeError('This dataset is not open any more (another one was loaded). Reload the page if this keeps happening.');
  }
  return session;
}

/** Stores a parsed table as the project's active dataset; the session changes only once the save has committed. */
async function commit(parsed: ParsedTable, projectId: string, name: string, source: DatasetSource, signal: AbortSignal): Promise<SessionSummary> {
  const table = toArqueroTable(parsed);
  // Once the save starts it runs to its end.
  await cancellationPoint(signal);
  const store = await db();
  const record = await saveTable(store, { projectId, name, source, ...parsedFields(parsed) }, table);
  return openSession(store, record, table);
}

/** What a dataset record keeps of how its file was read. */
function parsedFields(parsed: ParsedTable) {
  return { columns: parsed.columns.map((c) => c.info), warnings: parsed.warnings, description: parsed.description };
}

/** Makes a stored dataset the open one (its rows already in hand as `table`, or read from the store). */
async function openSession(store: StudioDB, record: DatasetRecord, table?: ColumnTable): Promise<SessionSummary> {
  profiles.clear();
  session = await DataSession.open(store, record, table);
  return session.summary();
}

const api = {
  /** Reads a user's file (streamed, never as one string), then stores it. */
  loadFile(jobId: string, file: File, projectId: string, onProgress: Progress): Promise<SessionSummary> {
    return jobs.run(jobId, async (signal) => {
      const parsed = await ingestFile(file, { fileName: file.name, signal, onProgress, parallel: parseInParts(), admit: admit(file.name, { stored: true }) });
      return commit(parsed, projectId, file.name, { kind: 'file', fileName: file.name, size: file.size }, signal);
    });
  },

  /** Loads a bundled sample through the same ingest path as a user's file. */
  loadSample(jobId: string, sampleId: string, projectId: string, onProgress: Progress): Promise<SessionSummary> {
    return jobs.run(jobId, async (signal) => {
      const sample = findSample(sampleId);
      const url = sample && sampleUrls[sample.file];
      if (!sample || !url) throw new Error(`There is no bundled sample called "${sampleId}".`);
      const response = await fetch(new URL(url, self.location.href), { signal });
      if (!response.ok) throw new Error(`The sample "${sample.name}" could not be read (HTTP ${response.status}). Reload the page and try again.`);
      const blob = await response.blob();
      const parsed = await ingestFile(blob, { fileName: sample.file, signal, onProgress });
      return commit(parsed, projectId, sample.name, { kind: 'sample', sample: sample.id }, signal);
    });
  },

  generate(jobId: string, generator: SyntheticId, options: Record<string, number>, projectId: string): Promise<SessionSummary> {
    return jobs.run(jobId, async (signal) => {
      const parsed = generateSynthetic(generator, options);
      return commit(parsed, projectId, `Synthetic ${generator} (seed ${options.seed})`, { kind: 'synthetic', generator, options }, signal);
    });
  },

  /**
   * Reads the open dataset's day/month dates in `column` the other way round (the column's order
   * being one nothing in the file settles) and stores it in place: same dataset, same recipe,
   * rules and split, the session re-opened on the new rows.
   */
  switchDateOrder(jobId: string, datasetId: string, column: string): Promise<SessionSummary> {
    return jobs.run(jobId, async (signal) => {
      const dataset = current(datasetId).dataset;
      const store = await db();
      const switched = readDatesTheOtherWay(await readTable(store, dataset), dataset.columns, column);
      await cancellationPoint(signal);
      const record = await saveTable(store, { ...dataset, columns: switched.columns }, switched.table);
      return openSession(store, record, switched.table);
    });
  },

  /** Makes a stored dataset the open one (after a reload, or on switching project or dataset). */
  async open(datasetId: string): Promise<SessionSummary> {
    if (session?.dataset.id === datasetId) return session.summary();
    const store = await db();
    const record = await store.getDataset(datasetId);
    if (!record) throw new Error('This dataset is no longer stored. Load it again in the Data step.');
    return openSession(store, record);
  },

  /** Forgets the open dataset, e.g. when the project shown has no data. */
  close(): void {
    session = null;
  },

  /** A window of formatted rows: of the raw data (Data step) or of the prepared, visible rows. */
  rows(datasetId: string, view: 'raw' | 'prepared', offset: number, limit: number): DisplayCell[][] {
    const s = current(datasetId);
    const frame = view === 'raw' ? s.raw : s.visible;
    return formatRows(frame.table, frame.columns, offset, limit);
  },

  /** Selected rows (positions in the visible frame), formatted, with their row ids. */
  rowsAt(datasetId: string, positions: number[]): { rowId: number; cells: DisplayCell[] }[] {
    const frame = current(datasetId).visible;
    const ids = frame.table.array(ROW_ID) as ArrayLike<number>;
    return positions.map((p) => ({ rowId: ids[p], cells: formatRows(frame.table, frame.columns, p, 1)[0] ?? [] }));
  },

  /** Row `index` of the validation part as text for Serve's form fields, one per input name. */
  validationRow(datasetId: string, index: number, names: string[]): FormRow {
    const s = current(datasetId);
    return formRow(s.prepared, s.raw, s.partRows('validation'), index, names);
  },

  /** The profile of the visible rows, cached per pipeline version and target. */
  async profile(jobId: string, datasetId: string, target: string | null, onProgress: Progress) {
    const s = current(datasetId);
    const key = `${datasetId}:${s.version}:${target ?? ''}`;
    if (profiles.has(key)) return profiles.get(key) as ReturnType<typeof profileFrame>;
    return jobs.run(jobId, async (signal) => {
      const profile = await profileFrame(s.visible, { target, signal, onProgress });
      profiles.clear();
      profiles.set(key, profile);
      return profile;
    });
  },

  /** The task a target column suggests (the same suggestion Explore's profile carries). */
  suggestTask(datasetId: string, column: string) {
    const frame = current(datasetId).visible;
    const info = frame.columns.find((c) => c.name === column);
    if (!info) return null;
    return suggestTask(info.type, info.type === 'integer' ? (frame.table.array(column) as ArrayLike<unknown>) : []);
  },

  async previewStep(datasetId: string, step: RecipeStep) {
    const s = current(datasetId);
    const effect = await s.preview(step);
    if (step.kind === 'append') return { effect, columns: compareColumns(s.visible, s.context().dataset(step.datasetId)) };
    if (step.kind === 'join') return { effect, join: analyseJoin(s.visible, s.context().dataset(step.datasetId), step.leftKey, step.rightKey) };
    return { effect };
  },

  async applyStep(datasetId: string, step: RecipeStep): Promise<SessionSummary> {
    const s = current(datasetId);
    await s.apply(step);
    return s.summary();
  },

  async undo(datasetId: string): Promise<{ summary: SessionSummary; removedSplit: boolean }> {
    const s = current(datasetId);
    const { removedSplit } = await s.undo();
    return { summary: s.summary(), removedSplit };
  },

  async addRule(datasetId: string, rule: Rule): Promise<SessionSummary> {
    const s = current(datasetId);
    const problem = checkRule(rule, s.visible.columns);
    if (problem) throw new RecipeError(problem);
    await s.setRules([...s.pipeline.rules, rule]);
    return s.summary();
  },

  async removeRule(datasetId: string, ruleId: string): Promise<SessionSummary> {
    const s = current(datasetId);
    await s.setRules(s.pipeline.rules.filter((r) => r.id !== ruleId));
    return s.summary();
  },

  runValidation(datasetId: string) {
    const s = current(datasetId);
    return runRules(s.visible, s.pipeline.rules);
  },

  violations(datasetId: string, ruleId: string, offset: number, limit: number): { rowId: number; cells: DisplayCell[] }[] {
    const s = current(datasetId);
    const rule = s.pipeline.rules.find((r) => r.id === ruleId);
    if (!rule) return [];
    return api.rowsAt(datasetId, violatingRows(s.visible, rule, offset, limit));
  },

  /** Splits the prepared rows and refits every step that learns from data on the train part. */
  async split(datasetId: string, spec: SplitSpec): Promise<SessionSummary> {
    const s = current(datasetId);
    await s.split(spec);
    return s.summary();
  },

  /** One part of the split as a CSV file: the columns as loaded plus those the recipe added. */
  downloadPart(datasetId: string, part: PartName): Blob {
    const s = current(datasetId);
    return frameToCsv(s.prepared, { rows: s.partRows(part) });
  },

  /**
   * Retraining with new labelled data: stores the live file as a dataset of the project, appends
   * it to this dataset's recipe and splits again with the same settings, so the new rows join
   * the train, validation and test parts. The open dataset stays the active one.
   */
  appendLiveData(jobId: string, datasetId: string, file: File, onProgress: Progress): Promise<SessionSummary> {
    return jobs.run(jobId, async (signal) => {
      const s = current(datasetId);
      const parsed = await ingestFile(file, { fileName: file.name, signal, onProgress, admit: admit(file.name, { stored: true }) });
      const store = await db();
      const record = await saveTable(
        store,
        { projectId: s.dataset.projectId, name: `${file.name} (live data)`, source: { kind: 'file', fileName: file.name, size: file.size }, ...parsedFields(parsed) },
        toArqueroTable(parsed),
      );
      // Saving a dataset makes it the active one; the dataset it is appended to stays active.
      await store.updateProject(s.dataset.projectId, { activeDatasetId: s.dataset.id });
      await s.appendDataset(record);
      return s.summary();
    });
  },

  /** Counts of each label in a column and the unlabelled rows, for the Label step. */
  labels(datasetId: string, column: string) {
    const frame = current(datasetId).visible;
    if (!frame.columns.some((c) => c.name === column)) return { counts: [], unlabelled: Array.from({ length: frame.table.numRows() }, (_, i) => i) };
    return { counts: labelCounts(frame, column), unlabelled: Array.from(unlabelledRows(frame, column)) };
  },

  /** Saves one hand-given label, growing the current manual-labelling step. */
  async saveLabel(datasetId: string, column: string, rowId: number, label: string): Promise<SessionSummary> {
    const s = current(datasetId);
    await s.saveLabel(column, rowId, label);
    return s.summary();
  },

  /**
   * Prepares the design matrices for training (preprocessing fitted on the train part) and
   * posts them straight to the train worker through `port`, so the main thread never holds them.
   */
  sendTrainingData(datasetId: string, config: TrainingConfig, port: MessagePort): { trainRows: number; validationRows: number; recipeSteps: number; splitCreatedAt: number } {
    const s = current(datasetId);
    const data = prepareTrainingData(s.prepared, s.parts(), config);
    return {
      ...postTrainingData(data, port),
      recipeSteps: s.pipeline.recipe.length,
      splitCreatedAt: s.pipeline.split?.createdAt ?? 0,
    };
  },

  /**
   * The monitoring reference of a freshly trained model: its features' distributions on the
   * train part, and the distribution of its own predictions there.
   */
  monitoringReference(datasetId: string, model: { parameters: ModelParameters; preprocessor: Preprocessor; target: TargetEncoding; features: string[] }) {
    const s = current(datasetId);
    return modelReference(s.prepared, s.parts(), model);
  },

  /** Scores a model on the sealed test part: the one place the test rows are read. */
  acceptanceMetrics(datasetId: string, model: { preprocessor: Preprocessor; parameters: ModelParameters; target: TargetEncoding }) {
    const s = current(datasetId);
    const test = prepareEvaluationMatrix(s.prepared, s.parts(), 'test', model.preprocessor, model.target);
    return { metrics: modelMetrics(model.target, test.y, predictModel(model.parameters, test.x)), testRows: test.y.length };
  },

  /**
   * Exports the model as ONNX bytes and posts them, with the test part's raw inputs and the
   * in-app model's outputs on the same rows, to the serve worker for the parity check.
   */
  packageModel(datasetId: string, model: PackagedModel, datasetColumns: Record<string, ColumnInfo[]>, port: MessagePort): PackageResult {
    try {
      const { result, parity } = packageModel(current(datasetId), model, datasetColumns);
      const bytes = result.bytes.slice();
      port.postMessage({ bytes, ...parity }, [bytes.buffer, parity.expected.output.buffer]);
      port.close();
      return result;
    } catch (error) {
      // Tell the serve worker not to wait for rows that will not come.
      port.postMessage({ failed: true });
      port.close();
      throw error;
    }
  },

  cancel(jobId: string): void {
    jobs.cancel(jobId);
  },
};

export type DataApi = typeof api;
Comlink.expose(api);
