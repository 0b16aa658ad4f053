/**
 * The data steps (Data, Explore, Validate, Clean, Label, Split): the project's datasets and the
 * open one's pipeline, which lives in the data worker. Every change is a job there; the summary
 * that comes back replaces the one shown, so the view always matches what was saved.
 */
import type * as Comlink from 'comlink';
import type { DatasetRecord } from '../storage';
import type { DataApi } from '../../workers/data.worker';
import type { SessionSummary } from '../core/data/session';
import type { SyntheticId } from '../core/data/synthetic';
import type { RecipeStep } from '../core/data/recipe/steps';
import type { Rule } from '../core/data/validate/rules';
import type { SplitSpec } from '../core/data/split/spec';
import type { PartName } from '../core/data/frame';
import { describeError } from './errors';
import type { Bridge, StudioContext } from './context';
import type { JobSpec, Progress, TaskOptions } from './jobs.svelte';

type DataRemote = Comlink.Remote<DataApi>;
type DataWork<T> = (remote: DataRemote, jobId: string, progress: Progress) => Promise<T>;

export class DataSteps {
  #datasets = $state.raw<DatasetRecord[]>([]);
  #session = $state.raw<SessionSummary | null>(null);
  readonly #context: StudioContext;
  readonly #worker: Bridge<DataApi>;

  constructor(context: StudioContext, worker: Bridge<DataApi>) {
    this.#context = context;
    this.#worker = worker;
  }

  /** The project's datasets, oldest first. */
  get datasets(): DatasetRecord[] { return this.#datasets; }
  /** The open dataset of the current project, loaded in the data worker. */
  get dataset(): DatasetRecord | null { return this.#session?.dataset ?? null; }
  /** The open dataset's pipeline: recipe, rules, split and the prepared table's shape. */
  get session(): SessionSummary | null { return this.#session; }

  /** Shows the datasets of the project on screen and opens its active one (or none). */
  async show(): Promise<void> {
    const projectId = this.#context.projectId();
    const db = this.#context.store();
    this.#datasets = projectId ? await db.listDatasets(projectId) : [];
    // Read from the store, not the project list: the list may not have caught up with a save yet.
    const project = projectId ? await db.getProject(projectId) : undefined;
    const active = this.#datasets.find((d) => d.id === project?.activeDatasetId) ?? null;
    await this.#open(active);
  }

  /**
   * Another tab saved the project's datasets or pipelines: the worker keeps the open pipeline
   * between calls, so it is closed and read again from the store.
   */
  async reread(): Promise<void> {
    await this.#worker.remote.close();
    await this.show();
  }

  /** The data worker was restarted (after a crash or a stuck job): open the dataset in it again. */
  reopen(): void {
    const record = this.dataset;
    if (record) void this.#open(record);
  }

  async selectDataset(id: string): Promise<void> {
    const projectId = this.#context.projectId();
    const record = this.#datasets.find((d) => d.id === id);
    if (!projectId || !record) return;
    await this.#context.jobs.task({ label: `Opening ${record.name}`, action: 'switch dataset', unit: 'steps' }, async () => {
      await this.#context.store().updateProject(projectId, { activeDatasetId: id });
      await this.#open(record);
      await this.#context.refreshProjects();
      this.#context.announce('project', projectId);
    }, { cancellable: false });
  }

  /** Deletes a dataset with what was made from it (its pipeline, its models); the project is shown again. */
  async deleteDataset(id: string): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    await this.#context.jobs.task({ label: 'Deleting the dataset', action: 'delete the dataset', unit: 'steps' }, async () => {
      await this.#context.store().deleteDataset(id);
      this.#context.announce('project', projectId);
      await this.#context.refreshProjects();
      await this.#context.showProject(projectId);
      await this.#context.refreshStorage();
    }, { cancellable: false });
  }

  /** Loads a file; a file chosen while another loads replaces it (the last one chosen wins). */
  loadFile(file: File): Promise<void> {
    return this.#load(file.name, { label: `Reading ${file.name}`, total: file.size, unit: 'bytes' }, (remote, jobId, progress) =>
      remote.loadFile(jobId, file, this.#context.projectId()!, progress),
    );
  }

  loadSample(sampleId: string): Promise<void> {
    return this.#load('the sample', { label: 'Loading the sample', unit: 'bytes' }, (remote, jobId, progress) =>
      remote.loadSample(jobId, sampleId, this.#context.projectId()!, progress),
    );
  }

  generate(generator: SyntheticId, options: Record<string, number>): Promise<void> {
    return this.#load('the synthetic data', { label: 'Generating data', unit: 'rows' }, (remote, jobId) =>
      remote.generate(jobId, generator, options, this.#context.projectId()!),
    );
  }

  /** Reads the open dataset's day/month dates in `column` the other way round (kept with the dataset). */
  switchDateOrder(column: string): Promise<void> {
    const datasetId = this.dataset?.id;
    if (!datasetId) return Promise.resolve();
    return this.#load(`the dates in ${column} read the other way`, { label: `Reading the dates in ${column} again`, unit: 'rows' }, (remote, jobId) =>
      remote.switchDateOrder(jobId, datasetId, column),
    );
  }

  /** Runs a load in the worker with progress and cancel; on failure the open dataset stays as it was. */
  async #load(what: string, job: Omit<JobSpec, 'action'>, work: DataWork<SessionSummary>): Promise<void> {
    const projectId = this.#context.projectId();
    if (!projectId) return;
    const summary = await this.#job({ ...job, action: 'load the data' }, work, { kind: 'load', replaces: true, name: what });
    if (!summary) return;
    this.#adopt(summary);
    const db = this.#context.store();
    this.#datasets = await db.listDatasets(projectId);
    await this.#context.refreshProjects();
    await db.requestPersistence();
    await this.#context.refreshStorage();
    const replaced = this.#context.jobs.takeReplaced();
    if (replaced.length > 0) this.#context.messages.tell(`${summary.dataset.name} is loaded. Chosen before it and stopped unfinished, so they changed nothing: ${replaced.join(', ')}.`);
  }

  /** Adds a labelled live file to the training data (appended and split again), ready to retrain. */
  async addLiveData(file: File): Promise<boolean> {
    const datasetId = this.dataset?.id;
    const projectId = this.#context.projectId();
    if (!datasetId || !projectId) return false;
    const summary = await this.#job({ label: `Adding ${file.name} to the training data`, action: 'add the live data', total: file.size, unit: 'bytes' }, (remote, jobId, progress) =>
      remote.appendLiveData(jobId, datasetId, file, progress),
    );
    if (!summary) return false;
    this.#adopt(summary);
    this.#datasets = await this.#context.store().listDatasets(projectId);
    // Said where it is acted on: retraining continues in the Train step.
    this.#context.messages.tell(`${file.name} was appended to the data and the split was made again with the same settings. Train a new model to use it.`, 'train');
    return true;
  }

  /** The open dataset's id; throws (with what to do) when none is open. */
  datasetId(): string {
    const id = this.dataset?.id;
    if (!id) throw new Error('There is no dataset open. Load one in the Data step.');
    return id;
  }

  /** A window of formatted rows: the raw data, or the prepared rows the data steps see. */
  rows(view: 'raw' | 'prepared', offset: number, limit: number) {
    const record = this.dataset;
    if (!record) return Promise.resolve([]);
    return this.#worker.remote.rows(record.id, view, offset, limit);
  }

  rowsAt(positions: number[]) {
    return this.#worker.remote.rowsAt(this.datasetId(), positions);
  }

  /** Row `index` of the validation part, as text for the Serve step's fields `names`. */
  validationRow(index: number, names: string[]) {
    return this.#worker.remote.validationRow(this.datasetId(), index, names);
  }

  /** The profile of the visible rows, with progress and Cancel. */
  profile(target: string | null) {
    const id = this.datasetId();
    return this.#job({ label: 'Profiling the columns', action: 'profile the data', unit: 'steps' }, (remote, jobId, progress) =>
      remote.profile(jobId, id, target, progress),
    );
  }

  /** The task a target column suggests, and why (null when it is not a column). */
  suggestTask(column: string) {
    return this.#worker.remote.suggestTask(this.datasetId(), column);
  }

  /** What a step would change, without applying it; a step that cannot apply rejects with its reason. */
  previewStep(step: RecipeStep) {
    return this.#worker.remote.previewStep(this.datasetId(), step);
  }

  applyStep(step: RecipeStep): Promise<boolean> {
    const id = this.datasetId();
    return this.#change({ label: 'Applying the step', action: 'apply the step' }, (remote) => remote.applyStep(id, step));
  }

  async undo(): Promise<void> {
    const id = this.datasetId();
    const step = this.#context.messages.step;
    const result = await this.#job({ label: 'Undoing the last step', action: 'undo the last step', unit: 'rows' }, (remote) => remote.undo(id));
    if (!result) return;
    this.#adopt(result.summary);
    if (result.removedSplit) this.#context.messages.tell('The split was made after that step, so it was removed too. Split the data again in the Split step.', step);
  }

  addRule(rule: Rule): Promise<boolean> {
    const id = this.datasetId();
    return this.#change({ label: 'Saving the rule', action: 'add the rule' }, (remote) => remote.addRule(id, rule));
  }

  async removeRule(ruleId: string): Promise<void> {
    const id = this.datasetId();
    await this.#change({ label: 'Removing the rule', action: 'remove the rule' }, (remote) => remote.removeRule(id, ruleId));
  }

  runValidation() {
    const id = this.datasetId();
    return this.#job({ label: 'Running validation', action: 'run validation', unit: 'rows' }, (remote) => remote.runValidation(id));
  }

  violations(ruleId: string, offset: number, limit: number) {
    return this.#worker.remote.violations(this.datasetId(), ruleId, offset, limit);
  }

  splitData(spec: SplitSpec): Promise<boolean> {
    const id = this.datasetId();
    return this.#change({ label: 'Splitting the data', action: 'split the data' }, (remote) => remote.split(id, spec));
  }

  downloadPart(part: PartName) {
    const id = this.datasetId();
    return this.#job({ label: `Preparing the ${part} set`, action: `download the ${part} set`, unit: 'rows' }, (remote) => remote.downloadPart(id, part));
  }

  labels(column: string) {
    return this.#worker.remote.labels(this.datasetId(), column);
  }

  saveLabel(column: string, rowId: number, label: string): Promise<boolean> {
    const id = this.datasetId();
    return this.#change({ label: 'Saving the label', action: 'save the label' }, (remote) => remote.saveLabel(id, column, rowId, label));
  }

  async #open(record: DatasetRecord | null): Promise<void> {
    if (!record) {
      this.#session = null;
      await this.#worker.remote.close();
      return;
    }
    try {
      this.#session = await this.#worker.run((remote) => remote.open(record.id));
    } catch (error) {
      this.#session = null;
      this.#context.messages.fail(describeError(error, `open the dataset "${record.name}"`), null);
    }
  }

  /** A job that is one call to the data worker; Cancel reaches the worker's job. */
  #job<T>(spec: JobSpec, work: DataWork<T>, options: TaskOptions = {}): Promise<T | undefined> {
    return this.#context.jobs.task(spec, (progress, signal) =>
      this.#worker.run((remote, jobId) => work(remote, jobId, progress), signal),
    options);
  }

  /** A pipeline change: the worker saves it and answers with the new summary, which is shown and announced. */
  async #change(spec: Omit<JobSpec, 'unit'>, work: DataWork<SessionSummary>): Promise<boolean> {
    const summary = await this.#job({ ...spec, unit: 'rows' }, work);
    if (summary) this.#adopt(summary);
    return summary !== undefined;
  }

  #adopt(summary: SessionSummary): void {
    this.#session = summary;
    this.#context.announce('project');
  }
}
