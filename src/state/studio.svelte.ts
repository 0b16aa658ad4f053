/**
 * The project the UI is showing: projects, the open dataset with its pipeline (recipe, rules,
 * split), the job that is running and the message the user must see. Views read it through
 * getters and change it through methods; every change is saved (by the store or the data
 * worker) before it shows. Records are kept as `$state.raw`: they are replaced whole, never
 * mutated, and stay plain (cloneable) objects.
 */
import * as Comlink from 'comlink';
import { openStudioDB, type StudioDB, type ProjectRecord, type DatasetRecord, type ModelRecord } from '../storage';
import { WorkerBridge } from './worker-bridge';
import { JobQueue, Superseded, type JobOptions, type QueuedJob } from './job-queue';
import { InterruptedRuns } from './interrupted-runs';
import { TabSync, type TabChange } from './tab-sync';
import { describeError, isCancellation } from './errors';
import type { SyntheticId } from '../core/data/synthetic';
import type { DataApi, SessionSummary, PackageResult } from '../../workers/data.worker';
import type { TrainApi } from '../../workers/train.worker';
import type { ServeApi } from '../../workers/serve.worker';
import type { ParityReport } from '../core/deploy/feeds';
import { specFromModel, type ServingSpec } from '../core/deploy/serving-spec';
import { dateInputNames, inspectOnnx } from '../core/package/onnx/export';
import type { InferenceRecord, LogQuery } from '../storage';
import { LOG_FLUSH_MS } from '../storage/log-writer';
import type { DriftThresholds } from '../core/deploy/drift';
import type { EpochRecord, Task, TrainSettings } from '../core/model/types';
import type { BackendPreference } from '../core/model/backend';
import type { SearchSpace, TrialResult } from '../core/model/tune';
import { judge, type AcceptanceCriterion } from '../core/model/accept';
import type { RecipeStep } from '../core/data/recipe/steps';
import type { Rule } from '../core/data/validate/rules';
import type { SplitSpec } from '../core/data/split/spec';
import type { PartName } from '../core/data/frame';
import type { ProgressUnit } from '../core/format';

export interface Job {
  label: string;
  done: number;
  /** 0 while the size of the work is unknown. */
  total: number;
  unit: ProgressUnit;
  /** Null for work that cannot stop halfway (an import, a project switch). */
  cancel: (() => void) | null;
}

/**
 * A message for the user and the step it belongs to: the step the action was asked from, or
 * null for the studio's own (storage, other tabs), which show on every step.
 */
interface Message {
  text: string;
  step: string | null;
}

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** Work reports how far it is; a unit, where given, replaces the job's (a file read, then scored). */
type Progress = (done: number, total: number, unit?: ProgressUnit) => void;
type DataRemote = Comlink.Remote<DataApi>;

/** What the Train step asks for: the data (target, task, features) and the model settings. */
export interface TrainRequest {
  target: string;
  task: Task;
  features: string[];
  settings: TrainSettings;
  backend: BackendPreference;
  name: string;
}

/** A training run in progress (or just cancelled), for the live chart and the backend status. */
export interface LiveTraining {
  name: string;
  backend: string | null;
  curve: EpochRecord[];
  /** Backends that were tried before the one in use, with why each failed. */
  fallbacks: { name: string; error: string }[];
}

/** A tuning run: its trials as they finish. */
export interface TuningState {
  results: TrialResult[];
  total: number;
  combinations: number;
  running: boolean;
  best: number | null;
  request: TrainRequest;
}

const DEFAULT_PROJECT_NAME = 'My first project';
/** Progress updates arriving faster than this are merged, so the page is not re-rendered needlessly. */
const PROGRESS_INTERVAL_MS = 100;
/** The live loss chart is redrawn at most this often while training. */
const LIVE_CURVE_INTERVAL_MS = 250;

export class Studio {
  #db: StudioDB | null = null;
  // Vite finds workers by this exact `new Worker(new URL(…, import.meta.url))` form; the URL is not state.
  #bridge = new WorkerBridge<DataApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' }),
    () => this.#reopenAfterRestart(),
  );
  #trainer = new WorkerBridge<TrainApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }),
  );
  #server = new WorkerBridge<ServeApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/serve.worker.ts', import.meta.url), { type: 'module', name: 'serve' }),
  );

  #ready = $state(false);
  #projects = $state.raw<ProjectRecord[]>([]);
  #projectId = $state<string | null>(null);
  #datasets = $state.raw<DatasetRecord[]>([]);
  #session = $state.raw<SessionSummary | null>(null);
  #job = $state.raw<Job | null>(null);
  #waiting = $state.raw<readonly QueuedJob[]>([]);
  /** One job at a time, in the order asked for; loads replace each other. */
  #jobs = new JobQueue(() => (this.#waiting = this.#jobs.waiting));
  /** The step on screen, which new messages belong to. */
  #step = $state<string | null>(null);
  #error = $state.raw<Message | null>(null);
  #notice = $state.raw<Message | null>(null);
  /** Loads replaced by a newer one before they finished, named once the newest is done. */
  #replacedLoads: string[] = [];
  /** Training runs this tab started, so a reload can say that one was interrupted. */
  #runs = new InterruptedRuns();
  #storage = $state.raw<StorageInfo | null>(null);
  #models = $state.raw<ModelRecord[]>([]);
  #live = $state.raw<LiveTraining | null>(null);
  #cancelledModel = $state.raw<{ save: () => Promise<void>; epoch: number } | null>(null);
  #tuning = $state.raw<TuningState | null>(null);
  #packaged = $state.raw<(PackageResult & { modelId: string; parity: ParityReport }) | null>(null);
  #serving = $state.raw<{ spec: ServingSpec; source: 'studio' | 'file'; fileName: string | null } | null>(null);
  #logVersion = $state(0);
  /** The serve worker's write of the last predictions' log rows (never rejects). */
  #logged: Promise<void> = Promise.resolve();
  /** Predictions answered whose rows are not asked to be stored yet, and the timer that will. */
  #unstored: { projectId: string; timer: ReturnType<typeof setTimeout> } | null = null;
  /** Tells the other tabs what this one saved, and hears what they saved. */
  #tabs: TabSync | null = null;

  get ready() { return this.#ready; }
  get projects() { return this.#projects; }
  get project(): ProjectRecord | null { return this.#projects.find((p) => p.id === this.#projectId) ?? null; }
  get datasets() { return this.#datasets; }
  /** The open dataset of the current project, loaded in the data worker. */
  get dataset(): DatasetRecord | null { return this.#session?.dataset ?? null; }
  /** The open dataset's pipeline: recipe, rules, split and the prepared table's shape. */
  get session(): SessionSummary | null { return this.#session; }
  get job() { return this.#job; }
  /** What was asked for while a job runs, in the order it will run. */
  get waiting() { return this.#waiting; }
  /** The one error the user must see now (shown in an alert), if it belongs to the step on screen. */
  get error() { return this.#visible(this.#error); }
  /** A short outcome worth announcing, such as a cancelled load, if it belongs to the step on screen. */
  get notice() { return this.#visible(this.#notice); }
  get storage() { return this.#storage; }
  /** The project's trained models, oldest first. */
  get models() { return this.#models; }
  /** The model carried forward to Evaluate, Test, Package and Serve. */
  get model(): ModelRecord | null {
    const id = this.project?.selectedModelId;
    return this.#models.find((m) => m.id === id) ?? this.#models[this.#models.length - 1] ?? null;
  }
  get live() { return this.#live; }
  /** A cancelled training run whose best model so far the user may keep. */
  get cancelledModel() { return this.#cancelledModel; }
  get tuning() { return this.#tuning; }
  /** The selected model's exported ONNX bytes and their parity check, once made. */
  get packaged() { return this.#packaged?.modelId === this.model?.id ? this.#packaged : null; }
  /** The model being served: the selected model's packaged file, or an .onnx file loaded in Serve. */
  get serving() { return this.#serving; }
  /** Changes whenever the inference log may have grown or been cleared. */
  get logVersion() { return this.#logVersion; }

  dismissError(): void {
    this.#error = null;
  }

  /** Shows an alert for a problem the view found itself (e.g. an invalid form). */
  report(message: string): void {
    this.#error = { text: message, step: this.#step };
  }

  /**
   * The user moved to another step: the messages of the step they leave go with it (they were
   * about that step's actions), and messages of work asked for on the new step show there.
   */
  enterStep(step: string): void {
    if (step === this.#step) return;
    this.#clearMessages(this.#step);
    // A studio-wide notice has been seen where it appeared; errors stay until dismissed.
    if (this.#notice?.step === null) this.#notice = null;
    this.#step = step;
  }

  /** The user changed a form on the step on screen: its messages are out of date. */
  formChanged(): void {
    this.#clearMessages(this.#step);
  }

  #visible(message: Message | null): string | null {
    return message && (message.step === null || message.step === this.#step) ? message.text : null;
  }

  #clearMessages(step: string | null): void {
    if (step === null) return;
    if (this.#error?.step === step) this.#error = null;
    if (this.#notice?.step === step) this.#notice = null;
  }

  #fail(text: string, step: string | null = this.#step): void {
    this.#error = { text, step };
  }

  #tell(text: string, step: string | null = this.#step): void {
    this.#notice = { text, step };
  }

  async init(): Promise<void> {
    try {
      this.#db = await openStudioDB({
        onVersionChange: () => {
          this.#fail('The studio was updated in another tab. Reload this page to go on; everything saved is kept.', null);
        },
        onBlocked: () => {
          this.#fail('Another tab of the studio is using an older version of its storage. Close or reload the other tabs of the studio.', null);
        },
      });
      this.#tabs = new TabSync((change) => void this.#onRemoteChange(change));
      let projects = await this.#db.listProjects();
      if (projects.length === 0) {
        await this.#db.createProject(DEFAULT_PROJECT_NAME);
        projects = await this.#db.listProjects();
      }
      this.#projects = projects;
      const remembered = await this.#db.getMeta<string>('currentProjectId');
      const id = projects.some((p) => p.id === remembered) ? remembered! : projects[0].id;
      await this.#showProject(id);
      await this.#refreshStorage();
      const interrupted = this.#runs.interrupted();
      if (interrupted) {
        this.#fail(`${interrupted.what} of ${interrupted.name} was interrupted when the page was reloaded or closed; nothing from that run was saved. Start it again in the Train step.`, 'train');
      }
    } catch (error) {
      this.#fail(describeError(error, 'open the studio\'s storage'), null);
    } finally {
      this.#ready = true;
    }
  }

  #store(): StudioDB {
    if (!this.#db) throw new Error('The studio\'s storage is not open.');
    return this.#db;
  }

  async #showProject(id: string): Promise<void> {
    const db = this.#store();
    await db.setMeta('currentProjectId', id);
    this.#projectId = id;
    this.#datasets = await db.listDatasets(id);
    this.#models = await db.listModels(id);
    this.#live = null;
    this.#cancelledModel = null;
    this.#tuning = null;
    this.#packaged = null;
    this.#serving = null;
    const project = await db.getProject(id);
    const active = this.#datasets.find((d) => d.id === project?.activeDatasetId) ?? null;
    await this.#openDataset(active);
  }

  async #openDataset(record: DatasetRecord | null): Promise<void> {
    if (!record) {
      this.#session = null;
      await this.#bridge.remote.close();
      return;
    }
    try {
      this.#session = await this.#bridge.run((remote) => remote.open(record.id));
    } catch (error) {
      this.#session = null;
      this.#fail(describeError(error, `open the dataset "${record.name}"`), null);
    }
  }

  #reopenAfterRestart(): void {
    const record = this.dataset;
    if (record) void this.#openDataset(record);
  }

  /** Announces a saved change to the other tabs. */
  #announce(kind: TabChange['kind'], projectId = this.#projectId): void {
    if (projectId) this.#tabs?.publish({ kind, projectId });
  }

  /**
   * Another tab saved something: read it again, so this tab never shows (and never saves over)
   * an older state. It only reads; nothing is announced back.
   */
  async #onRemoteChange(change: TabChange): Promise<void> {
    if (!this.#db || this.#db.closedBecause) return;
    // Read in turn with this tab's own jobs, so a job never sees the pipeline change under it.
    await this.#jobs.run('Reading what another tab saved', () => this.#guard('show what another tab of the studio saved', null, async () => {
      const db = this.#store();
      await this.#refreshProjects();
      const id = this.#projectId;
      if (id && !this.#projects.some((p) => p.id === id)) {
        // The project on screen was deleted in the other tab.
        const next = this.#projects.at(-1);
        if (next) await this.#showProject(next.id);
        return;
      }
      if (change.projectId !== id) return;
      if (change.kind === 'log') this.#logVersion++;
      if (change.kind !== 'project') return;
      this.#datasets = await db.listDatasets(id);
      this.#models = await db.listModels(id);
      const active = this.#datasets.find((d) => d.id === this.project?.activeDatasetId) ?? null;
      // The worker keeps the open dataset's pipeline between calls: make it read the saved one.
      await this.#bridge.remote.close();
      await this.#openDataset(active);
    }));
  }

  async #refreshProjects(): Promise<void> {
    this.#projects = await this.#store().listProjects();
  }

  async #refreshStorage(): Promise<void> {
    this.#storage = (await this.#store().storageEstimate()) ?? null;
  }

  async selectProject(id: string): Promise<void> {
    if (id === this.#projectId) return;
    await this.#task('Switching project', 0, 'steps', 'switch project', () => this.#showProject(id), { cancellable: false });
  }

  async createProject(name: string): Promise<void> {
    await this.#task('Creating the project', 0, 'steps', 'create the project', async () => {
      const project = await this.#store().createProject(name);
      await this.#refreshProjects();
      await this.#showProject(project.id);
      this.#announce('projects', project.id);
    }, { cancellable: false });
  }

  async renameProject(name: string): Promise<void> {
    const id = this.#projectId;
    if (!id) return;
    await this.#guard('rename the project', this.#step, async () => {
      await this.#store().renameProject(id, name);
      await this.#refreshProjects();
      this.#announce('projects', id);
    });
  }

  async deleteProject(): Promise<void> {
    const id = this.#projectId;
    if (!id) return;
    await this.#task('Deleting the project', 0, 'steps', 'delete the project', async () => {
      const db = this.#store();
      await db.deleteProject(id);
      let projects = await db.listProjects();
      if (projects.length === 0) {
        await db.createProject(DEFAULT_PROJECT_NAME);
        projects = await db.listProjects();
      }
      this.#projects = projects;
      this.#announce('projects', id);
      await this.#showProject(projects[projects.length - 1].id);
      await this.#refreshStorage();
    }, { cancellable: false });
  }

  /** Remembers the step the user is on, so the project opens there next time. */
  async rememberStep(step: string): Promise<void> {
    const id = this.#projectId;
    if (!id || !this.#db || this.project?.lastStep === step) return;
    // Losing the remembered step is harmless; it must never surface as an error.
    try {
      await this.#db.updateProject(id, { lastStep: step });
      await this.#refreshProjects();
    } catch {
      /* the project may have been deleted meanwhile */
    }
  }

  async selectDataset(id: string): Promise<void> {
    const projectId = this.#projectId;
    const record = this.#datasets.find((d) => d.id === id);
    if (!projectId || !record) return;
    await this.#task(`Opening ${record.name}`, 0, 'steps', 'switch dataset', async () => {
      await this.#store().updateProject(projectId, { activeDatasetId: id });
      await this.#openDataset(record);
      await this.#refreshProjects();
      this.#announce('project', projectId);
    }, { cancellable: false });
  }

  async deleteDataset(id: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    await this.#task('Deleting the dataset', 0, 'steps', 'delete the dataset', async () => {
      await this.#store().deleteDataset(id);
      this.#announce('project', projectId);
      await this.#refreshProjects();
      await this.#showProject(projectId);
      await this.#refreshStorage();
    }, { cancellable: false });
  }

  /** Loads a file; a file chosen while another loads replaces it (the last one chosen wins). */
  loadFile(file: File): Promise<void> {
    return this.#load(file.name, `Reading ${file.name}`, file.size, 'bytes', (remote, jobId, progress) =>
      remote.loadFile(jobId, file, this.#projectId!, progress),
    );
  }

  loadSample(sampleId: string): Promise<void> {
    return this.#load('the sample', 'Loading the sample', 0, 'bytes', (remote, jobId, progress) =>
      remote.loadSample(jobId, sampleId, this.#projectId!, progress),
    );
  }

  generate(generator: SyntheticId, options: Record<string, number>): Promise<void> {
    return this.#load('the synthetic data', 'Generating data', 0, 'rows', (remote, jobId) =>
      remote.generate(jobId, generator, options, this.#projectId!),
    );
  }

  /** Reads the open dataset's day/month dates in `column` the other way round (kept with the dataset). */
  switchDateOrder(column: string): Promise<void> {
    const datasetId = this.#session?.dataset.id;
    if (!datasetId) return Promise.resolve();
    return this.#load(`the dates in ${column} read the other way`, `Reading the dates in ${column} again`, 0, 'rows', (remote, jobId) => remote.switchDateOrder(jobId, datasetId, column));
  }

  /** Runs a load in the worker with progress and cancel; on failure the open dataset stays as it was. */
  async #load(
    what: string,
    label: string,
    total: number,
    unit: Job['unit'],
    work: (remote: DataRemote, jobId: string, progress: Progress) => Promise<SessionSummary>,
  ): Promise<void> {
    if (!this.#projectId) return;
    const summary = await this.#dataTask(label, total, unit, 'load the data', work, { kind: 'load', replaces: true, name: what });
    if (!summary) return;
    this.#announce('project');
    const db = this.#store();
    this.#session = summary;
    this.#datasets = await db.listDatasets(this.#projectId!);
    await this.#refreshProjects();
    await db.requestPersistence();
    await this.#refreshStorage();
    const replaced = this.#replacedLoads.splice(0);
    if (replaced.length > 0) this.#tell(`${summary.dataset.name} is loaded. Chosen before it and stopped unfinished, so they changed nothing: ${replaced.join(', ')}.`);
  }

  /**
   * Runs one piece of work with a progress bar and Cancel, after the jobs asked for before it
   * (see JobQueue), turning failures into an alert on the step it was asked from. Returns
   * undefined when it failed, was cancelled or was replaced by a newer job of its kind.
   */
  async #task<T>(
    label: string,
    total: number,
    unit: Job['unit'],
    action: string,
    work: (progress: Progress, signal: AbortSignal) => Promise<T>,
    options: JobOptions & { cancellable?: boolean; name?: string } = {},
  ): Promise<T | undefined> {
    const step = this.#step;
    const outcome = await this.#jobs.run(label, async (signal, cancel) => {
      this.#clearMessages(step);
      let job: Job = { label, done: 0, total, unit, cancel: options.cancellable === false ? null : cancel };
      this.#job = job;
      let lastUpdate = 0;
      const progress = Comlink.proxy((done: number, size: number, unit: ProgressUnit = job.unit) => {
        const now = performance.now();
        if (now - lastUpdate < PROGRESS_INTERVAL_MS && done < size && unit === job.unit) return;
        lastUpdate = now;
        // A stopped job's last reports can arrive after the next job began: they are not its progress.
        if (this.#job !== job) return;
        job = { ...job, done, total: size, unit };
        this.#job = job;
      });
      try {
        return await work(progress, signal);
      } catch (error) {
        if (signal.reason instanceof Superseded) this.#replacedLoads.push(options.name ?? label);
        else if (isCancellation(error)) this.#tell(`${label} was cancelled. Nothing was changed.`, step);
        else this.#fail(describeError(error, action), step);
        return undefined;
      } finally {
        this.#job = null;
      }
    }, options);
    if (!outcome.ran) {
      this.#replacedLoads.push(options.name ?? label);
      return undefined;
    }
    return outcome.value;
  }

  /** A task that is one call to the data worker; Cancel reaches the worker's job. */
  #dataTask<T>(
    label: string,
    total: number,
    unit: Job['unit'],
    action: string,
    work: (remote: DataRemote, jobId: string, progress: Progress) => Promise<T>,
    options: JobOptions & { name?: string } = {},
  ): Promise<T | undefined> {
    return this.#task(label, total, unit, action, (progress, signal) =>
      this.#bridge.run((remote, jobId) => work(remote, jobId, progress), signal),
    options);
  }

  /** Runs work that is not a job (a quick save), turning a failure into an alert on `step`. */
  async #guard(action: string, step: string | null, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#fail(describeError(error, action), step);
    }
  }

  // The data steps. Each works on the open dataset in the worker; the summary that comes back
  // replaces the one shown, so the view always matches what was saved.

  #datasetId(): string {
    const id = this.dataset?.id;
    if (!id) throw new Error('There is no dataset open. Load one in the Data step.');
    return id;
  }

  /** A window of formatted rows: the raw data, or the prepared rows the data steps see. */
  rows(view: 'raw' | 'prepared', offset: number, limit: number) {
    const record = this.dataset;
    if (!record) return Promise.resolve([]);
    return this.#bridge.remote.rows(record.id, view, offset, limit);
  }

  rowsAt(positions: number[]) {
    return this.#bridge.remote.rowsAt(this.#datasetId(), positions);
  }

  /** Row `index` of the validation part, as text for the Serve step's fields `names`. */
  validationRow(index: number, names: string[]) {
    return this.#bridge.remote.validationRow(this.#datasetId(), index, names);
  }

  /** The profile of the visible rows, with progress and Cancel. */
  profile(target: string | null) {
    const id = this.#datasetId();
    return this.#dataTask('Profiling the columns', 0, 'steps', 'profile the data', (remote, jobId, progress) =>
      remote.profile(jobId, id, target, progress),
    );
  }

  /** The task a target column suggests, and why (null when it is not a column). */
  suggestTask(column: string) {
    return this.#bridge.remote.suggestTask(this.#datasetId(), column);
  }

  /** What a step would change, without applying it; a step that cannot apply rejects with its reason. */
  previewStep(step: RecipeStep) {
    return this.#bridge.remote.previewStep(this.#datasetId(), step);
  }

  async applyStep(step: RecipeStep): Promise<boolean> {
    const id = this.#datasetId();
    const summary = await this.#dataTask('Applying the step', 0, 'rows', 'apply the step', (remote) => remote.applyStep(id, step));
    if (summary) {
      this.#session = summary;
      this.#announce('project');
    }
    return summary !== undefined;
  }

  async undo(): Promise<void> {
    const id = this.#datasetId();
    const step = this.#step;
    const result = await this.#dataTask('Undoing the last step', 0, 'rows', 'undo the last step', (remote) => remote.undo(id));
    if (!result) return;
    this.#session = result.summary;
    this.#announce('project');
    if (result.removedSplit) this.#tell('The split was made after that step, so it was removed too. Split the data again in the Split step.', step);
  }

  async addRule(rule: Rule): Promise<boolean> {
    const id = this.#datasetId();
    const summary = await this.#dataTask('Saving the rule', 0, 'rows', 'add the rule', (remote) => remote.addRule(id, rule));
    if (summary) {
      this.#session = summary;
      this.#announce('project');
    }
    return summary !== undefined;
  }

  async removeRule(ruleId: string): Promise<void> {
    const id = this.#datasetId();
    const summary = await this.#dataTask('Removing the rule', 0, 'rows', 'remove the rule', (remote) => remote.removeRule(id, ruleId));
    if (summary) {
      this.#session = summary;
      this.#announce('project');
    }
  }

  runValidation() {
    const id = this.#datasetId();
    return this.#dataTask('Running validation', 0, 'rows', 'run validation', (remote) => remote.runValidation(id));
  }

  violations(ruleId: string, offset: number, limit: number) {
    return this.#bridge.remote.violations(this.#datasetId(), ruleId, offset, limit);
  }

  async splitData(spec: SplitSpec): Promise<boolean> {
    const id = this.#datasetId();
    const summary = await this.#dataTask('Splitting the data', 0, 'rows', 'split the data', (remote) => remote.split(id, spec));
    if (summary) {
      this.#session = summary;
      this.#announce('project');
    }
    return summary !== undefined;
  }

  downloadPart(part: PartName) {
    const id = this.#datasetId();
    return this.#dataTask(`Preparing the ${part} set`, 0, 'rows', `download the ${part} set`, (remote) => remote.downloadPart(id, part));
  }

  labels(column: string) {
    return this.#bridge.remote.labels(this.#datasetId(), column);
  }

  async saveLabel(column: string, rowId: number, label: string): Promise<boolean> {
    const id = this.#datasetId();
    const summary = await this.#dataTask('Saving the label', 0, 'rows', 'save the label', (remote) => remote.saveLabel(id, column, rowId, label));
    if (summary) {
      this.#session = summary;
      this.#announce('project');
    }
    return summary !== undefined;
  }

  // Model engineering.

  /**
   * Trains a model: the data worker prepares the matrices (preprocessing fitted on the train
   * part) and posts them straight to the train worker; the trained model is stored with the
   * project. A cancelled run keeps its best model so far only if the user says so.
   */
  async train(request: TrainRequest): Promise<void> {
    const projectId = this.#projectId;
    const datasetId = this.#datasetId();
    if (!projectId) return;
    const step = this.#step;
    const outcome = await this.#task(`Training ${request.name}`, 0, 'batches', 'train the model', async (progress, signal) => {
      this.#cancelledModel = null;
      this.#live = { name: request.name, backend: null, curve: [], fallbacks: [] };
      this.#runs.start({ what: 'Training', name: request.name });
      try {
        const { port1, port2 } = new MessageChannel();
        const info = await this.#bridge.run((remote) =>
          remote.sendTrainingData(datasetId, { target: request.target, task: request.task, features: request.features }, Comlink.transfer(port1, [port1])),
        );
        // Progress comes on its own channel and can arrive after the result: once the result is in,
        // late reports would add epochs the final curve does not have.
        let finished = false;
        // Epochs of a small table can end a hundred times a second: the chart takes them a few
        // times a second, or redrawing it would leave the page no time for anything else.
        let unshown: EpochRecord[] = [];
        let lastShown = 0;
        const onProgress = Comlink.proxy((p: { epoch: number; epochs: number; batch: number; batches: number; backend: string; tried: { name: string; error: string }[]; record?: EpochRecord }) => {
          if (finished) return;
          progress(p.epoch * p.batches + p.batch, p.epochs * p.batches);
          const live = this.#live;
          if (!live) return;
          if (p.record) unshown.push(p.record);
          const now = performance.now();
          // The backend and why Auto chose it show from the first batch, not only at the end.
          if (live.backend !== p.backend || (unshown.length > 0 && now - lastShown >= LIVE_CURVE_INTERVAL_MS)) {
            this.#live = { ...live, backend: p.backend, fallbacks: p.tried, curve: unshown.length ? [...live.curve, ...unshown] : live.curve };
            unshown = [];
            lastShown = now;
          }
        });
        const trained = await this.#trainer.run(
          (remote, jobId) => remote.train(jobId, Comlink.transfer(port2, [port2]), $state.snapshot(request.settings) as TrainSettings, request.backend, onProgress),
          signal,
        ).finally(() => (finished = true));
        const r = trained.result;
        if (this.#live) this.#live = { ...this.#live, backend: r.backend, curve: r.curve, fallbacks: trained.tried };
        const save = async () => {
          const db = this.#store();
          // The drift reference is part of the model: computed on the same train rows, stored with it.
          const reference = await this.#bridge.run((remote) =>
            remote.monitoringReference(datasetId, { parameters: r.parameters, preprocessor: trained.preprocessor, target: trained.target, features: [...request.features] }),
          );
          await db.saveModel({
            reference,
            projectId, datasetId, name: request.name,
            settings: $state.snapshot(request.settings) as TrainSettings, features: [...request.features],
            preprocessor: trained.preprocessor, target: trained.target, parameters: r.parameters,
            curve: r.curve, bestEpoch: r.bestEpoch, stoppedEarly: r.stoppedEarly, cancelled: r.cancelled,
            backend: r.backend, durationMs: r.durationMs, trainedOn: info, validation: trained.validation,
          });
          this.#models = await db.listModels(projectId);
          await this.#refreshProjects();
          this.#cancelledModel = null;
          this.#announce('project', projectId);
        };
        if (r.cancelled) {
          this.#cancelledModel = { save: () => this.#guard('keep the model', step, save), epoch: r.bestEpoch };
          return { saved: false as const, epoch: r.bestEpoch };
        }
        // Saved inside the job, so the next job in line sees the new model.
        await save();
        return { saved: true as const, backend: r.backend, epochs: r.curve.length, seconds: r.durationMs / 1000 };
      } finally {
        this.#runs.end();
      }
    });
    if (!outcome) return;
    if (!outcome.saved) {
      this.#tell(`Training was cancelled. The best model so far (epoch ${outcome.epoch + 1}) can be kept or discarded.`, step);
      return;
    }
    this.#tell(`Training complete: ${request.name} on ${outcome.backend}, ${outcome.epochs} epochs in ${outcome.seconds.toFixed(1)} s.`, step);
  }

  discardCancelledModel(): void {
    this.#cancelledModel = null;
    this.#tell('The cancelled model was discarded.');
  }

  /** Searches hyperparameters, each trial scored on the validation part (or k-fold on the train part). */
  async tune(request: TrainRequest, space: SearchSpace, plan: { strategy: 'grid' | 'random'; budget: number; validation: 'holdout' | { folds: number } }): Promise<void> {
    const datasetId = this.#datasetId();
    const step = this.#step;
    const outcome = await this.#task('Tuning hyperparameters', plan.budget, 'trials', 'tune the hyperparameters', async (progress, signal) => {
      this.#tuning = { results: [], total: plan.budget, combinations: 0, running: true, best: null, request };
      this.#runs.start({ what: 'Tuning', name: 'hyperparameters' });
      try {
        const { port1, port2 } = new MessageChannel();
        await this.#bridge.run((remote) =>
          remote.sendTrainingData(datasetId, { target: request.target, task: request.task, features: request.features }, Comlink.transfer(port1, [port1])),
        );
        // As with training's progress: a trial reported after the results came back is in them already.
        let finished = false;
        const onTrial = Comlink.proxy((result: TrialResult, index: number, total: number) => {
          if (finished) return;
          progress(index + 1, total);
          const t = this.#tuning;
          if (t) this.#tuning = { ...t, total, results: [...t.results, result] };
        });
        return await this.#trainer.run(
          (remote, jobId) => remote.tune(jobId, Comlink.transfer(port2, [port2]), $state.snapshot(request.settings) as TrainSettings, $state.snapshot(space) as SearchSpace, $state.snapshot(plan), request.backend, onTrial),
          signal,
        ).finally(() => (finished = true));
      } finally {
        this.#runs.end();
      }
    });
    const t = this.#tuning;
    if (!t || t.request !== request) return;
    if (!outcome) {
      this.#tuning = { ...t, running: false };
      return;
    }
    this.#tuning = { ...t, results: outcome.results, combinations: outcome.combinations, running: false, best: outcome.best >= 0 ? outcome.best : null };
    this.#tell(outcome.cancelled
      ? `Tuning was cancelled after ${outcome.results.length} trials; their results are kept.`
      : `Tuning complete: ${outcome.results.length} trials.`, step);
  }

  async selectModel(id: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    await this.#guard('choose the model', this.#step, async () => {
      await this.#store().updateProject(projectId, { selectedModelId: id });
      await this.#refreshProjects();
      this.#announce('projects', projectId);
    });
  }

  async renameModel(id: string, name: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    await this.#guard('rename the model', this.#step, async () => {
      await this.#store().renameModel(id, name);
      this.#models = await this.#store().listModels(projectId);
      this.#announce('project', projectId);
    });
  }

  async deleteModel(id: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    await this.#task('Deleting the model', 0, 'steps', 'delete the model', async () => {
      await this.#store().deleteModel(id);
      this.#models = await this.#store().listModels(projectId);
      await this.#refreshProjects();
      this.#announce('project', projectId);
    }, { cancellable: false });
  }

  /** Scores the selected model once on the sealed test part and records the verdict with it. */
  async runAcceptance(criteria: AcceptanceCriterion[]): Promise<void> {
    const model = this.model;
    const projectId = this.#projectId;
    if (!model || !projectId) return;
    const datasetId = model.datasetId;
    if (this.dataset?.id !== datasetId) {
      this.#fail('This model was trained on another dataset of the project. Open that dataset in the Data step to test it.');
      return;
    }
    // Scored and recorded in one job: a second click waits and then sees the first run recorded.
    await this.#task('Scoring the test part', 0, 'rows', 'run the acceptance test', async (_progress, signal) => {
      const scored = await this.#bridge.run((remote) =>
        remote.acceptanceMetrics(datasetId, { preprocessor: model.preprocessor, parameters: model.parameters, target: model.target }), signal);
      const verdict = judge(criteria, scored.metrics);
      await this.#store().addAcceptanceRun(model.id, {
        at: Date.now(), criteria: criteria.map((c) => ({ ...c })), metrics: scored.metrics,
        passed: verdict.passed, results: verdict.results, testRows: scored.testRows,
      });
      this.#models = await this.#store().listModels(projectId);
      this.#announce('project', projectId);
    });
  }

  /**
   * Exports the selected model as ONNX and checks it: the data worker builds the bytes and posts
   * them, with the test part's inputs and the in-app outputs, to the serve worker, which runs them
   * in onnxruntime-web and compares. The result is kept for the download.
   */
  async packageModel(): Promise<void> {
    const model = this.model;
    const datasetId = this.dataset?.id;
    if (!model || !datasetId) return;
    if (model.datasetId !== datasetId) {
      this.#fail('This model was trained on another dataset of the project. Open that dataset in the Data step to package it.');
      return;
    }
    const { port1, port2 } = new MessageChannel();
    const plain = {
      name: model.name, parameters: model.parameters, preprocessor: model.preprocessor, target: model.target,
      features: model.features, createdAt: model.createdAt, validation: model.validation, acceptance: model.acceptance,
      formatVersion: model.formatVersion, trainedOn: model.trainedOn,
    };
    // Appended and joined datasets' columns, so the graph can name the inputs they bring.
    const datasetColumns = Object.fromEntries(this.#datasets.map((d) => [d.id, d.columns]));
    const result = await this.#task('Exporting and checking the ONNX model', 0, 'rows', 'export the model', async (_progress, signal) => {
      const parity = this.#server.run((remote) => remote.parity(Comlink.transfer(port2, [port2])), signal);
      const packaged = await this.#bridge.run((remote) => remote.packageModel(datasetId, plain, datasetColumns, Comlink.transfer(port1, [port1])), signal);
      return { ...packaged, parity: await parity };
    });
    if (result) this.#packaged = { modelId: model.id, ...result };
  }

  // Deployment.

  /** Makes the selected model's packaged ONNX file the served one (packaging it first if needed). */
  async serveSelectedModel(): Promise<void> {
    const model = this.model;
    const session = this.session;
    if (!model || !session) return;
    if (!this.packaged) await this.packageModel();
    const packaged = this.packaged;
    if (!packaged) return;
    // The rules were written for the prepared columns; the raw columns read them where names match.
    const columns = [...session.dataset.columns, ...session.prepared.columns.filter((c) => !session.dataset.columns.some((d) => d.name === c.name))];
    const spec = specFromModel(model, packaged.inputs, session.rules, columns);
    const loaded = await this.#task('Loading the model for serving', 0, 'rows', 'load the model for serving', (_p, signal) =>
      this.#server.run((remote) => remote.load(packaged.bytes, spec), signal),
    );
    if (loaded) this.#serving = { spec, source: 'studio', fileName: null };
  }

  /** Serves an .onnx file made elsewhere: its inputs are read from the graph. */
  async serveOnnxFile(file: File): Promise<void> {
    const MAX_BYTES = 256 * 1024 * 1024;
    if (file.size > MAX_BYTES) {
      this.#fail(`${file.name} is ${Math.round(file.size / 1048576)} MB; the studio serves models up to 256 MB. Choose a smaller model file.`);
      return;
    }
    let spec: ServingSpec;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
      const info = inspectOnnx(bytes);
      const classes = info.metadata.classes ? (JSON.parse(info.metadata.classes) as string[]) : [];
      // A file the studio exported says which inputs take dates (as days since 1970).
      const dates = dateInputNames(info.metadata);
      spec = {
        modelId: `file:${file.name}`,
        modelName: file.name,
        task: info.metadata.task === 'classification' || info.metadata.task === 'regression' ? info.metadata.task : 'unknown',
        classes,
        rules: [],
        columns: [],
        inputs: info.inputs.map((input) => ({
          name: input.name,
          type: input.type === 'string' ? 'string' : 'float32',
          sourceType: input.type === 'string' ? 'text' : dates.includes(input.name) ? 'date' : 'number',
          categories: null,
          typical: null,
        })),
      };
      if (info.inputs.some((i) => i.type !== 'string' && i.type !== 'float32')) {
        throw new Error(`The studio serves models whose inputs are float32 or string columns; ${file.name} has ${info.inputs.map((i) => `${i.name} (${i.type})`).join(', ')}.`);
      }
    } catch (error) {
      this.#fail(`${file.name} cannot be served: ${(error as Error).message}`);
      return;
    }
    const loaded = await this.#task('Loading the model file', 0, 'rows', `load ${file.name}`, (_p, signal) =>
      this.#server.run((remote) => remote.load(bytes, spec), signal),
    );
    if (loaded) this.#serving = { spec, source: 'file', fileName: file.name };
  }

  /** One prediction from the form's values: answered first, then logged (see #storeLogged). */
  async predict(record: Record<string, unknown>) {
    const projectId = this.#projectId;
    if (!projectId || !this.#serving) return undefined;
    try {
      const result = await this.#server.run((remote) => remote.predict(projectId, record));
      this.#storeSoon(projectId);
      return result;
    } catch (error) {
      this.#fail(describeError(error, 'make the prediction'));
      return undefined;
    }
  }

  /**
   * Asks for the logged rows to be stored LOG_FLUSH_MS after the first unstored prediction, so
   * the answer is shown first and predictions made meanwhile share one write.
   */
  #storeSoon(projectId: string): void {
    if (this.#unstored?.projectId === projectId) return;
    void this.#storeNow();
    this.#unstored = { projectId, timer: setTimeout(() => void this.#storeNow(), LOG_FLUSH_MS) };
  }

  /** Stores what was logged and not yet stored; resolves once it is (never rejects). Reads of the log wait for it. */
  #storeNow(): Promise<void> {
    if (this.#unstored) {
      clearTimeout(this.#unstored.timer);
      this.#logged = this.#storeLogged(this.#unstored.projectId);
      this.#unstored = null;
    }
    return this.#logged;
  }

  /** Has the serve worker store the rows it logged behind the answers, then shows them here and in other tabs. */
  async #storeLogged(projectId: string): Promise<void> {
    try {
      const trimmed = await this.#server.run((remote) => remote.flushLog());
      this.#logVersion++;
      this.#announce('log', projectId);
      if (trimmed) this.#tell(`The inference log reached its limit; the ${trimmed} oldest records were removed.`, null);
    } catch (error) {
      this.#fail(describeError(error, 'log the prediction'), null);
    }
  }

  /** Scores a whole file with progress and Cancel; every row is logged as one request. */
  async scoreFile(file: File) {
    const projectId = this.#projectId;
    if (!projectId || !this.#serving) return undefined;
    const result = await this.#task(`Scoring ${file.name}`, file.size, 'bytes', `score ${file.name}`, (progress, signal) =>
      // Reading the file counts bytes; scoring and logging it count rows.
      this.#server.run((remote, jobId) => remote.scoreFile(jobId, projectId, file, Comlink.proxy((done: number, total: number, phase: string) =>
        progress(done, total, phase === 'reading' ? 'bytes' : 'rows'))), signal),
    );
    if (result) {
      this.#logVersion++;
      this.#announce('log', projectId);
      if (result.trimmed) this.#tell(`The inference log reached its limit; the ${result.trimmed} oldest records were removed.`, null);
    }
    return result;
  }

  /** The CSV of the last scored file (written only now, when it is asked for). */
  async scoredPredictions(scoredId: string): Promise<Blob | undefined> {
    try {
      return await this.#server.run((remote) => remote.scoredCsv(scoredId));
    } catch (error) {
      this.#fail(describeError(error, 'download the predictions'));
      return undefined;
    }
  }

  async readLog(query: Omit<LogQuery, 'projectId'>): Promise<InferenceRecord[]> {
    await this.#storeNow();
    const projectId = this.#projectId;
    if (!projectId || !this.#db) return [];
    return this.#db.readLog({ ...query, projectId });
  }

  async countLog(): Promise<number> {
    await this.#storeNow();
    const projectId = this.#projectId;
    if (!projectId || !this.#db) return 0;
    return this.#db.countLog(projectId);
  }

  async exportLog(query: Omit<LogQuery, 'projectId'>, format: 'csv' | 'jsonl'): Promise<Blob | undefined> {
    const projectId = this.#projectId;
    if (!projectId) return undefined;
    return this.#task('Exporting the inference log', 0, 'rows', 'export the log', (_p, signal) =>
      this.#server.run((remote) => remote.exportLog({ ...query, projectId }, format), signal),
    );
  }

  async clearLog(): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId) return;
    const step = this.#step;
    await this.#guard('clear the log', step, async () => {
      await this.#storeNow();
      await this.#store().clearLog(projectId);
      this.#logVersion++;
      this.#announce('log', projectId);
      this.#tell('The inference log was cleared.', step);
    });
  }

  /**
   * Compares a live batch with the selected model's training reference, records the check with
   * the model, and returns the drift report and the retraining decision.
   */
  async monitor(source: { kind: 'file'; file: File } | { kind: 'log'; from?: number; to?: number }, thresholds: DriftThresholds) {
    const model = this.model;
    const projectId = this.#projectId;
    if (!model || !projectId) return undefined;
    if (!model.reference) {
      this.#fail('This model was trained before the studio kept monitoring references. Train it again to monitor it.');
      return undefined;
    }
    if (this.#serving?.spec.modelId !== model.id) await this.serveSelectedModel();
    const criterion = model.acceptance.at(-1)?.criteria[0] ?? null;
    const reference = model.reference;
    const request = source.kind === 'file' ? source : { ...source, projectId, modelId: model.id };
    const result = await this.#task(source.kind === 'file' ? `Checking ${source.file.name} for drift` : 'Checking the logged predictions for drift', 0, 'bytes', 'check for drift', (progress, signal) =>
      this.#server.run((remote, jobId) => remote.monitor(jobId, request, reference, $state.snapshot(thresholds), model.validation.importance, criterion, model.target.column, Comlink.proxy(progress)), signal),
    );
    if (!result) return undefined;
    await this.#guard('save the monitoring check', this.#step, async () => {
      await this.#store().addMonitorRun(model.id, {
        at: Date.now(), label: result.label, rows: result.rows,
        maxPsi: result.report.features.reduce((m, f) => Math.max(m, f.psi), 0), drifted: result.report.features.filter((f) => f.drifted).length,
        retrain: result.decision.retrain, reasons: result.decision.reasons,
      });
      this.#models = await this.#store().listModels(projectId);
      this.#announce('project', projectId);
    });
    return result;
  }

  /** Adds a labelled live file to the training data (appended and split again), ready to retrain. */
  async addLiveData(file: File): Promise<boolean> {
    const datasetId = this.dataset?.id;
    const projectId = this.#projectId;
    if (!datasetId || !projectId) return false;
    const summary = await this.#dataTask(`Adding ${file.name} to the training data`, file.size, 'bytes', 'add the live data', (remote, jobId, progress) =>
      remote.appendLiveData(jobId, datasetId, file, progress),
    );
    if (!summary) return false;
    this.#session = summary;
    this.#announce('project', projectId);
    this.#datasets = await this.#store().listDatasets(projectId);
    // Said where it is acted on: retraining continues in the Train step.
    this.#tell(`${file.name} was appended to the data and the split was made again with the same settings. Train a new model to use it.`, 'train');
    return true;
  }

  // Project files.

  /** The whole project as one file (datasets, recipe, rules, split, models, monitoring, optionally the log). */
  async exportProject(includeLog: boolean): Promise<Blob | undefined> {
    const id = this.#projectId;
    if (!id) return undefined;
    try {
      await this.#storeNow();
      return await this.#store().exportProject(id, { includeLog });
    } catch (error) {
      this.#fail(describeError(error, 'export the project'));
      return undefined;
    }
  }

  /** Imports a project file as a new project (checked whole before anything is written) and opens it. */
  async importProject(file: File): Promise<void> {
    const project = await this.#task(`Importing ${file.name}`, 0, 'steps', `import ${file.name}`, async () => {
      const imported = await this.#store().importProject(file);
      await this.#refreshProjects();
      await this.#showProject(imported.id);
      await this.#refreshStorage();
      return imported;
    }, { cancellable: false });
    // The imported project is a new one: its message shows wherever the user is.
    if (project) this.#tell(`Imported "${project.name}" from ${file.name}.`, null);
  }
}
