/**
 * Cancellable jobs of a worker, by the id the page gave each. A job runs with its own
 * AbortSignal; `cancel(id)` aborts it. The page's worker bridge makes up the ids, so a cancel
 * that arrives after its job ended (or before it started) does nothing.
 */
import { throwIfCancelled } from './cancellation';

export class JobRegistry {
  readonly #running = new Map<string, AbortController>();

  /** Runs `work` as job `id`; the job is forgotten once it settles. */
  async run<T>(id: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.#running.set(id, controller);
    try {
      return await work(controller.signal);
    } finally {
      // A later job may have reused the id meanwhile: forget only our own.
      if (this.#running.get(id) === controller) this.#running.delete(id);
    }
  }

  cancel(id: string): void {
    this.#running.get(id)?.abort();
  }

  /** How many jobs are running. */
  get size(): number {
    return this.#running.size;
  }
}

/**
 * The last moment a job can still be cancelled before it starts something that must run to its
 * end (a save). Yields once first, so a cancel message that arrived during the synchronous work
 * before it is seen.
 */
export async function cancellationPoint(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  throwIfCancelled(signal);
}
