/**
 * The studio's shell: the projects, the store, the three workers, the job and the message the
 * user must see, and the other tabs. The work of each phase lives in its own class, reached
 * through this one: `data` (the data steps), `training` (model engineering) and `deployment`.
 * Views read them through getters and change them through methods; every change is saved (by
 * the store or the data worker) before it shows. Records are kept as `$state.raw`: they are
 * replaced whole, never mutated, and stay plain (cloneable) objects.
 */
import { openStudioDB, type StudioDB, type ProjectRecord } from '../storage';
import { WorkerBridge } from './worker-bridge';
import { Jobs } from './jobs.svelte';
import { Messages } from './messages.svelte';
import { TabSync, type TabChange } from './tab-sync';
import { describeError } from './errors';
import type { StudioContext } from './context';
import { DataSteps } from './data-steps.svelte';
import { Training } from './training.svelte';
import { Deployment } from './deployment.svelte';
import type { DataApi } from '../../workers/data.worker';
import type { TrainApi } from '../../workers/train.worker';
import type { ServeApi } from '../../workers/serve.worker';

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

const DEFAULT_PROJECT_NAME = 'My first project';

export class Studio {
  #db: StudioDB | null = null;
  #ready = $state(false);
  #projects = $state.raw<ProjectRecord[]>([]);
  #projectId = $state<string | null>(null);
  #storage = $state.raw<StorageInfo | null>(null);
  /** Tells the other tabs what this one saved, and hears what they saved. */
  #tabs: TabSync | null = null;
  readonly #messages = new Messages();
  readonly #jobs = new Jobs(this.#messages);

  // Vite finds workers by this exact `new Worker(new URL(…, import.meta.url))` form; the URL is not state.
  readonly #dataWorker = new WorkerBridge<DataApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' }),
    () => this.data.reopen(),
  );
  readonly #trainWorker = new WorkerBridge<TrainApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }),
  );
  readonly #serveWorker = new WorkerBridge<ServeApi>(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    () => new Worker(new URL('../../workers/serve.worker.ts', import.meta.url), { type: 'module', name: 'serve' }),
  );

  /** What the phases are given: they read the project on screen and the store through it. */
  readonly #context: StudioContext = {
    messages: this.#messages,
    jobs: this.#jobs,
    store: () => this.#store(),
    storeOpen: () => this.#db !== null,
    projectId: () => this.#projectId,
    project: () => this.project,
    announce: (kind, projectId) => this.#announce(kind, projectId ?? this.#projectId),
    refreshProjects: () => this.#refreshProjects(),
    showProject: (id) => this.#showProject(id),
    refreshStorage: () => this.#refreshStorage(),
  };

  /** The data steps: datasets and the open one's pipeline. */
  readonly data = new DataSteps(this.#context, this.#dataWorker);
  /** Model engineering: models, training and tuning runs, the acceptance test. */
  readonly training = new Training(this.#context, this.data, { data: this.#dataWorker, train: this.#trainWorker });
  /** Deployment: packaging, serving, the inference log and drift monitoring. */
  readonly deployment = new Deployment(this.#context, { data: this.data, training: this.training }, { data: this.#dataWorker, serve: this.#serveWorker });

  get ready(): boolean { return this.#ready; }
  get projects(): ProjectRecord[] { return this.#projects; }
  get project(): ProjectRecord | null { return this.#projects.find((p) => p.id === this.#projectId) ?? null; }
  get storage(): StorageInfo | null { return this.#storage; }
  /** The job running now, with its progress and Cancel. */
  get job() { return this.#jobs.job; }
  /** What was asked for while a job runs, in the order it will run. */
  get waiting() { return this.#jobs.waiting; }
  /** The one error the user must see now (shown in an alert), if it belongs to the step on screen. */
  get error() { return this.#messages.error; }
  /** A short outcome worth announcing, such as a cancelled load, if it belongs to the step on screen. */
  get notice() { return this.#messages.notice; }

  dismissError(): void {
    this.#messages.dismissError();
  }

  /** Shows an alert for a problem the view found itself (e.g. an invalid form). */
  report(message: string): void {
    this.#messages.fail(message);
  }

  /** The user moved to another step: messages follow the step they belong to. */
  enterStep(step: string): void {
    this.#messages.enterStep(step);
  }

  /** The user changed a form on the step on screen: its messages are out of date. */
  formChanged(): void {
    this.#messages.formChanged();
  }

  async init(): Promise<void> {
    try {
      this.#db = await openStudioDB({
        onVersionChange: () => {
          this.#messages.fail('The studio was updated in another tab. Reload this page to go on; everything saved is kept.', null);
        },
        onBlocked: () => {
          this.#messages.fail('Another tab of the studio is using an older version of its storage. Close or reload the other tabs of the studio.', null);
        },
      });
      this.#tabs = new TabSync((change) => void this.#onRemoteChange(change));
      const projects = await this.#projectsOrFirst();
      const remembered = await this.#db.getMeta<string>('currentProjectId');
      const id = projects.some((p) => p.id === remembered) ? remembered! : projects[0].id;
      await this.#showProject(id);
      await this.#refreshStorage();
      this.training.reportInterrupted();
    } catch (error) {
      this.#messages.fail(describeError(error, 'open the studio\'s storage'), null);
    } finally {
      this.#ready = true;
    }
  }

  async selectProject(id: string): Promise<void> {
    if (id === this.#projectId) return;
    await this.#jobs.task({ label: 'Switching project', action: 'switch project', unit: 'steps' }, () => this.#showProject(id), { cancellable: false });
  }

  async createProject(name: string): Promise<void> {
    await this.#jobs.task({ label: 'Creating the project', action: 'create the project', unit: 'steps' }, async () => {
      const project = await this.#store().createProject(name);
      await this.#refreshProjects();
      await this.#showProject(project.id);
      this.#announce('projects', project.id);
    }, { cancellable: false });
  }

  async renameProject(name: string): Promise<void> {
    const id = this.#projectId;
    if (!id) return;
    await this.#jobs.guard('rename the project', this.#messages.step, async () => {
      await this.#store().renameProject(id, name);
      await this.#refreshProjects();
      this.#announce('projects', id);
    });
  }

  async deleteProject(): Promise<void> {
    const id = this.#projectId;
    if (!id) return;
    await this.#jobs.task({ label: 'Deleting the project', action: 'delete the project', unit: 'steps' }, async () => {
      await this.#store().deleteProject(id);
      const projects = await this.#projectsOrFirst();
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

  /** The whole project as one file (datasets, recipe, rules, split, models, monitoring, optionally the log). */
  async exportProject(includeLog: boolean): Promise<Blob | undefined> {
    const id = this.#projectId;
    if (!id) return undefined;
    try {
      await this.deployment.storeLogged();
      return await this.#store().exportProject(id, { includeLog });
    } catch (error) {
      this.#messages.fail(describeError(error, 'export the project'));
      return undefined;
    }
  }

  /** Imports a project file as a new project (checked whole before anything is written) and opens it. */
  async importProject(file: File): Promise<void> {
    const project = await this.#jobs.task({ label: `Importing ${file.name}`, action: `import ${file.name}`, unit: 'steps' }, async () => {
      const imported = await this.#store().importProject(file);
      await this.#refreshProjects();
      await this.#showProject(imported.id);
      await this.#refreshStorage();
      return imported;
    }, { cancellable: false });
    // The imported project is a new one: its message shows wherever the user is.
    if (project) this.#messages.tell(`Imported "${project.name}" from ${file.name}.`, null);
  }

  #store(): StudioDB {
    if (!this.#db) throw new Error('The studio\'s storage is not open.');
    return this.#db;
  }

  /** The projects, after creating the first one if there are none (a studio always has a project). */
  async #projectsOrFirst(): Promise<ProjectRecord[]> {
    const db = this.#store();
    let projects = await db.listProjects();
    if (projects.length === 0) {
      await db.createProject(DEFAULT_PROJECT_NAME);
      projects = await db.listProjects();
    }
    this.#projects = projects;
    return projects;
  }

  async #showProject(id: string): Promise<void> {
    await this.#store().setMeta('currentProjectId', id);
    this.#projectId = id;
    await this.training.show();
    this.deployment.show();
    await this.data.show();
  }

  /** Announces a saved change to the other tabs. */
  #announce(kind: TabChange['kind'], projectId: string | null): void {
    if (projectId) this.#tabs?.publish({ kind, projectId });
  }

  /**
   * Another tab saved something: read it again, so this tab never shows (and never saves over)
   * an older state. It only reads; nothing is announced back.
   */
  async #onRemoteChange(change: TabChange): Promise<void> {
    if (!this.#db || this.#db.closedBecause) return;
    // Read in turn with this tab's own jobs, so a job never sees the pipeline change under it.
    await this.#jobs.inTurn('Reading what another tab saved', () => this.#jobs.guard('show what another tab of the studio saved', null, async () => {
      await this.#refreshProjects();
      const id = this.#projectId;
      if (id && !this.#projects.some((p) => p.id === id)) {
        // The project on screen was deleted in the other tab.
        const next = this.#projects.at(-1);
        if (next) await this.#showProject(next.id);
        return;
      }
      if (change.projectId !== id) return;
      if (change.kind === 'log') this.deployment.logChanged();
      if (change.kind !== 'project') return;
      await this.training.reread();
      await this.data.reread();
    }));
  }

  async #refreshProjects(): Promise<void> {
    this.#projects = await this.#store().listProjects();
  }

  async #refreshStorage(): Promise<void> {
    this.#storage = (await this.#store().storageEstimate()) ?? null;
  }
}
