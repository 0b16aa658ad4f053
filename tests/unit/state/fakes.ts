/**
 * Test doubles for the state layer: a worker bridge that calls a plain object instead of a
 * worker, and a studio context over a fresh fake-IndexedDB store with the real job queue and
 * messages. The phases under test cannot tell them from the real ones.
 */
import type * as Comlink from 'comlink';
import { Cancelled } from '$src/core/cancellation';
import type { Bridge, StudioContext } from '$src/state/context';
import { Jobs } from '$src/state/jobs.svelte';
import { Messages } from '$src/state/messages.svelte';
import type { TabChange } from '$src/state/tab-sync';
import type { ProjectRecord, StudioDB } from '$src/storage';
import { openFresh } from '../storage/helpers';

/**
 * A worker API with only the calls a test needs (the rest are absent, and fail if called); a call
 * may answer at once or later, as it does across Comlink.
 */
export type FakeApi<Api> = {
  [K in keyof Api]?: Api[K] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<Awaited<R>> : never;
};

/**
 * A bridge whose "worker" is `api`, called in this thread. Like the real bridge, a job whose
 * signal aborts rejects as cancelled at once, whatever the fake is doing.
 */
export function fakeBridge<Api>(api: FakeApi<Api>): Bridge<Api> & { jobs: number } {
  const remote = api as unknown as Comlink.Remote<Api>;
  const bridge = {
    jobs: 0,
    remote,
    run<T>(work: (remote: Comlink.Remote<Api>, jobId: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
      bridge.jobs += 1;
      if (signal?.aborted) return Promise.reject(new Cancelled());
      return new Promise<T>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Cancelled()));
        work(remote, `job-${bridge.jobs}`).then(resolve, reject);
      });
    },
  };
  return bridge;
}

export interface TestContext extends StudioContext {
  readonly db: StudioDB;
  /** What the phase told other tabs, in order. */
  readonly announced: TabChange[];
  /** Projects shown afresh (by a delete that reaches into every phase). */
  readonly shown: string[];
  setProject(record: ProjectRecord | null): void;
}

/** A context on a fresh store holding one project, which is on screen; the step on screen is `step`. */
export async function testContext(step = 'clean'): Promise<TestContext> {
  const { db } = await openFresh();
  let project: ProjectRecord | null = await db.createProject('Test project');
  const messages = new Messages();
  messages.enterStep(step);
  const announced: TabChange[] = [];
  const shown: string[] = [];
  return {
    db,
    announced,
    shown,
    messages,
    jobs: new Jobs(messages),
    store: () => db,
    storeOpen: () => true,
    projectId: () => project?.id ?? null,
    project: () => project,
    setProject: (record) => (project = record),
    announce: (kind, projectId) => {
      const id = projectId ?? project?.id;
      if (id) announced.push({ kind, projectId: id });
    },
    refreshProjects: async () => {
      if (project) project = (await db.getProject(project.id)) ?? null;
    },
    showProject: async (id) => {
      shown.push(id);
    },
    refreshStorage: async () => undefined,
  };
}

/** A promise with its resolve and reject at hand, for work a test finishes when it chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
