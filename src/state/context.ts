/**
 * What the studio's phases (data steps, training, deployment) are given by the shell that owns
 * them: the open store, the project on screen, the job queue and the messages, and a way to tell
 * other tabs what was saved. Phases hold no project of their own; they ask the shell, so a
 * project switch can never leave one of them on the old project.
 */
import type * as Comlink from 'comlink';
import type { ProjectRecord, StudioDB } from '../storage';
import type { Jobs } from './jobs.svelte';
import type { Messages } from './messages.svelte';
import type { TabChange } from './tab-sync';

export interface StudioContext {
  readonly messages: Messages;
  readonly jobs: Jobs;
  /** The open store; throws when the studio's storage could not be opened. */
  store(): StudioDB;
  /** False until the store is open, and for good if it could not be opened. */
  storeOpen(): boolean;
  /** The project on screen (its id, its record), null until one is open. */
  projectId(): string | null;
  project(): ProjectRecord | null;
  /** Tells the other tabs that this one saved a change (of `projectId`, by default the one on screen). */
  announce(kind: TabChange['kind'], projectId?: string | null): void;
  /** Reads the project list again (a project record changed: active dataset, selected model). */
  refreshProjects(): Promise<void>;
  /** Shows project `id` afresh in every phase (after a delete that reaches into several). */
  showProject(id: string): Promise<void>;
  /** Reads the storage estimate again (something large was written or deleted). */
  refreshStorage(): Promise<void>;
}

/**
 * A worker as the phases use it: its remote API, and `run` for a cancellable job in it. The
 * studio gives each phase a WorkerBridge; tests give an object that calls a fake API directly.
 */
export interface Bridge<Api> {
  readonly remote: Comlink.Remote<Api>;
  run<T>(work: (remote: Comlink.Remote<Api>, jobId: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
}
