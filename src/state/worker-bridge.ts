/**
 * The one owner of a worker's lifetime: it starts the worker on first use, restarts it after a
 * crash with a message the user can act on, and turns an AbortSignal into cancellation (asking
 * the worker first, terminating it if it does not stop in time).
 */
import * as Comlink from 'comlink';
import { Cancelled } from '../core/cancellation';

/** How long a cancelled job may take to stop by itself before the worker is terminated. */
const CANCEL_GRACE_MS = 1500;

export class WorkerCrashed extends Error {
  constructor(detail: string) {
    super(`The background worker stopped unexpectedly (${detail}). It has been restarted; your stored data is safe. Try again, perhaps with a smaller file.`);
    this.name = 'WorkerCrashed';
  }
}

/** What every worker API offers besides its own calls. */
export interface CancellableApi {
  cancel(jobId: string): void;
}

export class WorkerBridge<Api extends CancellableApi> {
  #worker: Worker | null = null;
  #remote: Comlink.Remote<Api> | null = null;
  readonly #create: () => Worker;
  /** Rejects the calls in flight when the worker dies. */
  #crashListeners = new Set<(error: Error) => void>();
  readonly #onRestart: () => void;

  /**
   * `create` starts the worker (written at the call site as `new Worker(new URL(…), …)` so the
   * bundler finds it); `onRestart` runs after a crashed or terminated worker has been replaced,
   * so state can reload into it.
   */
  constructor(create: () => Worker, onRestart: () => void = () => undefined) {
    this.#create = create;
    this.#onRestart = onRestart;
  }

  get remote(): Comlink.Remote<Api> {
    if (!this.#remote) {
      const worker = this.#create();
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#fail(new WorkerCrashed(event.message || 'an error in the worker'));
      });
      this.#worker = worker;
      this.#remote = Comlink.wrap<Api>(worker);
    }
    return this.#remote;
  }

  /**
   * Runs one job in the worker. `work` gets the remote API and a job id the worker uses to
   * find the job when asked to cancel it.
   */
  run<T>(work: (remote: Comlink.Remote<Api>, jobId: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const jobId = crypto.randomUUID();
    const remote = this.remote;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(graceTimer);
        signal?.removeEventListener('abort', onAbort);
        this.#crashListeners.delete(onCrash);
        fn();
      };
      const onCrash = (error: Error) => settle(() => reject(error));
      const onAbort = () => {
        void (remote as unknown as Comlink.Remote<CancellableApi>).cancel(jobId);
        graceTimer = setTimeout(() => {
          // The worker is stuck in work that does not look at its signal: end it.
          settle(() => reject(new Cancelled()));
          this.#restart();
        }, CANCEL_GRACE_MS);
      };
      if (signal?.aborted) {
        reject(new Cancelled());
        return;
      }
      signal?.addEventListener('abort', onAbort);
      this.#crashListeners.add(onCrash);
      work(remote, jobId).then(
        // Work that finished (its save committed) counts, even if Cancel came too late to stop it.
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }

  #fail(error: Error): void {
    for (const listener of [...this.#crashListeners]) listener(error);
    this.#restart();
  }

  #restart(): void {
    this.terminate();
    this.#onRestart();
  }

  terminate(): void {
    this.#remote?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
  }
}
