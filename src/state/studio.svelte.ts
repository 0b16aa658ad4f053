/**
 * The project the UI is showing: projects, the active dataset, the job that is running and
 * the message the user must see. Views read it through getters and change it through methods;
 * every change that matters is saved through `src/storage` before it shows. Records are kept as
 * `$state.raw`: they are replaced whole, never mutated, and stay plain (cloneable) objects.
 */
import * as Comlink from 'comlink';
import { openStudioDB, type StudioDB, type ProjectRecord, type DatasetRecord } from '../storage';
import { DataWorkerBridge, type DataRemote } from './data-bridge';
import { describeError, isCancellation } from './errors';
import type { SyntheticId } from '../core/data/synthetic';

export interface Job {
  label: string;
  done: number;
  /** 0 while the size of the work is unknown. */
  total: number;
  unit: 'bytes' | 'rows';
  cancel: () => void;
}

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

const DEFAULT_PROJECT_NAME = 'My first project';
/** Progress updates arriving faster than this are merged, so the page is not re-rendered needlessly. */
const PROGRESS_INTERVAL_MS = 100;

export class Studio {
  #db: StudioDB | null = null;
  #bridge = new DataWorkerBridge(() => this.#reopenAfterRestart());

  #ready = $state(false);
  #projects = $state.raw<ProjectRecord[]>([]);
  #projectId = $state<string | null>(null);
  #datasets = $state.raw<DatasetRecord[]>([]);
  #dataset = $state.raw<DatasetRecord | null>(null);
  #job = $state.raw<Job | null>(null);
  #error = $state<string | null>(null);
  #notice = $state<string | null>(null);
  #storage = $state.raw<StorageInfo | null>(null);

  get ready() { return this.#ready; }
  get projects() { return this.#projects; }
  get project(): ProjectRecord | null { return this.#projects.find((p) => p.id === this.#projectId) ?? null; }
  get datasets() { return this.#datasets; }
  /** The active dataset of the current project, loaded in the data worker. */
  get dataset() { return this.#dataset; }
  get job() { return this.#job; }
  /** The one error the user must see now (shown in an alert). */
  get error() { return this.#error; }
  /** A short outcome worth announcing, such as a cancelled load. */
  get notice() { return this.#notice; }
  get storage() { return this.#storage; }
  get busy() { return this.#job !== null; }

  dismissError(): void {
    this.#error = null;
  }

  async init(): Promise<void> {
    try {
      this.#db = await openStudioDB({
        onVersionChange: () => {
          this.#error = 'The studio was updated in another tab. Reload this page to go on; everything saved is kept.';
        },
        onBlocked: () => {
          this.#error = 'Another tab of the studio is using an older version of its storage. Close or reload the other tabs of the studio.';
        },
      });
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
    } catch (error) {
      this.#error = describeError(error, 'open the studio\'s storage');
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
    const project = await db.getProject(id);
    const active = this.#datasets.find((d) => d.id === project?.activeDatasetId) ?? null;
    await this.#openDataset(active);
  }

  async #openDataset(record: DatasetRecord | null): Promise<void> {
    if (!record) {
      this.#dataset = null;
      await this.#bridge.remote.close();
      return;
    }
    try {
      this.#dataset = await this.#bridge.run((remote) => remote.open(record.id));
    } catch (error) {
      this.#dataset = null;
      this.#error = describeError(error, `open the dataset "${record.name}"`);
    }
  }

  #reopenAfterRestart(): void {
    const record = this.#dataset;
    if (record) void this.#openDataset(record);
  }

  async #refreshProjects(): Promise<void> {
    this.#projects = await this.#store().listProjects();
  }

  async #refreshStorage(): Promise<void> {
    this.#storage = (await this.#store().storageEstimate()) ?? null;
  }

  async selectProject(id: string): Promise<void> {
    if (this.busy || id === this.#projectId) return;
    this.#error = null;
    await this.#guard('switch project', () => this.#showProject(id));
  }

  async createProject(name: string): Promise<void> {
    if (this.busy) return;
    await this.#guard('create the project', async () => {
      const project = await this.#store().createProject(name);
      await this.#refreshProjects();
      await this.#showProject(project.id);
    });
  }

  async renameProject(name: string): Promise<void> {
    const id = this.#projectId;
    if (!id) return;
    await this.#guard('rename the project', async () => {
      await this.#store().renameProject(id, name);
      await this.#refreshProjects();
    });
  }

  async deleteProject(): Promise<void> {
    const id = this.#projectId;
    if (!id || this.busy) return;
    await this.#guard('delete the project', async () => {
      const db = this.#store();
      await db.deleteProject(id);
      let projects = await db.listProjects();
      if (projects.length === 0) {
        await db.createProject(DEFAULT_PROJECT_NAME);
        projects = await db.listProjects();
      }
      this.#projects = projects;
      await this.#showProject(projects[projects.length - 1].id);
      await this.#refreshStorage();
    });
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
    if (!projectId || !record || this.busy) return;
    await this.#guard('switch dataset', async () => {
      await this.#store().updateProject(projectId, { activeDatasetId: id });
      await this.#openDataset(record);
      await this.#refreshProjects();
    });
  }

  async deleteDataset(id: string): Promise<void> {
    const projectId = this.#projectId;
    if (!projectId || this.busy) return;
    await this.#guard('delete the dataset', async () => {
      await this.#store().deleteDataset(id);
      await this.#refreshProjects();
      await this.#showProject(projectId);
      await this.#refreshStorage();
    });
  }

  loadFile(file: File): Promise<void> {
    return this.#load(`Reading ${file.name}`, file.size, 'bytes', (remote, jobId, progress) =>
      remote.loadFile(jobId, file, this.#projectId!, progress),
    );
  }

  loadSample(sampleId: string): Promise<void> {
    return this.#load('Loading the sample', 0, 'bytes', (remote, jobId, progress) =>
      remote.loadSample(jobId, sampleId, this.#projectId!, progress),
    );
  }

  generate(generator: SyntheticId, options: Record<string, number>): Promise<void> {
    return this.#load('Generating data', options.rows ?? 0, 'rows', (remote, jobId) =>
      remote.generate(jobId, generator, options, this.#projectId!),
    );
  }

  /** Runs a load in the worker with progress and cancel; on failure the loaded dataset stays as it was. */
  async #load(
    label: string,
    total: number,
    unit: Job['unit'],
    work: (remote: DataRemote, jobId: string, progress: (done: number, total: number) => void) => Promise<DatasetRecord>,
  ): Promise<void> {
    if (this.busy || !this.#projectId) return;
    this.#error = null;
    this.#notice = null;
    const controller = new AbortController();
    const job: Job = { label, done: 0, total, unit, cancel: () => controller.abort() };
    this.#job = job;
    let lastUpdate = 0;
    const progress = Comlink.proxy((done: number, size: number) => {
      const now = performance.now();
      if (now - lastUpdate < PROGRESS_INTERVAL_MS && done < size) return;
      lastUpdate = now;
      if (this.#job) this.#job = { ...this.#job, done, total: size };
    });
    try {
      const record = await this.#bridge.run((remote, jobId) => work(remote, jobId, progress), controller.signal);
      const db = this.#store();
      this.#datasets = await db.listDatasets(this.#projectId);
      this.#dataset = record;
      await this.#refreshProjects();
      await db.requestPersistence();
      await this.#refreshStorage();
    } catch (error) {
      if (isCancellation(error)) this.#notice = 'Loading was cancelled. Your earlier data is unchanged.';
      else this.#error = describeError(error, 'load the data');
    } finally {
      this.#job = null;
    }
  }

  async #guard(action: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#error = describeError(error, action);
    }
  }

  /** A window of formatted rows of the active dataset, for the preview. */
  rows(offset: number, limit: number) {
    const record = this.#dataset;
    if (!record) return Promise.resolve([]);
    return this.#bridge.remote.rows(record.id, offset, limit);
  }
}
