/**
 * The job the user is waiting on, with its progress bar and Cancel, and the jobs asked for after
 * it (see JobQueue for the order). A job's failure becomes an alert on the step it was asked
 * from; its cancellation, a notice; nothing is ever dropped without a word.
 */
import * as Comlink from 'comlink';
import { JobQueue, Superseded, type JobOptions, type QueuedJob } from './job-queue';
import { describeError, isCancellation } from './errors';
import type { Messages } from './messages.svelte';
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

/** Work reports how far it is; a unit, where given, replaces the job's (a file read, then scored). */
export type Progress = (done: number, total: number, unit?: ProgressUnit) => void;

/** What a job is and how it counts its work. */
export interface JobSpec {
  label: string;
  /** What the alert says could not be done ("Could not <action>: …"). */
  action: string;
  total?: number;
  unit: ProgressUnit;
}

export interface TaskOptions extends JobOptions {
  /** False for work that cannot stop halfway: no Cancel button. */
  cancellable?: boolean;
  /** How the job is named when a newer one replaces it (the label by default). */
  name?: string;
}

/** Progress updates arriving faster than this are merged, so the page is not re-rendered needlessly. */
const PROGRESS_INTERVAL_MS = 100;

export class Jobs {
  #job = $state.raw<Job | null>(null);
  #waiting = $state.raw<readonly QueuedJob[]>([]);
  #queue = new JobQueue(() => (this.#waiting = this.#queue.waiting));
  /** Jobs replaced by a newer one of their kind before they finished, named once the newest is done. */
  #replaced: string[] = [];
  readonly #messages: Messages;

  constructor(messages: Messages) {
    this.#messages = messages;
  }

  /** The job running now. */
  get job(): Job | null { return this.#job; }
  /** What was asked for while a job runs, in the order it will run. */
  get waiting(): readonly QueuedJob[] { return this.#waiting; }

  /**
   * Runs one piece of work with a progress bar and Cancel, after the jobs asked for before it.
   * Returns undefined when it failed (the alert is shown), was cancelled (the notice is shown) or
   * was replaced by a newer job of its kind (see `takeReplaced`).
   */
  async task<T>(spec: JobSpec, work: (progress: Progress, signal: AbortSignal) => Promise<T>, options: TaskOptions = {}): Promise<T | undefined> {
    const { label, action, total = 0, unit } = spec;
    const step = this.#messages.step;
    const outcome = await this.#queue.run(label, async (signal, cancel) => {
      this.#messages.clear(step);
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
        if (signal.reason instanceof Superseded) this.#replaced.push(options.name ?? label);
        else if (isCancellation(error)) this.#messages.tell(`${label} was cancelled. Nothing was changed.`, step);
        else this.#messages.fail(describeError(error, action), step);
        return undefined;
      } finally {
        this.#job = null;
      }
    }, options);
    if (!outcome.ran) {
      this.#replaced.push(options.name ?? label);
      return undefined;
    }
    return outcome.value;
  }

  /** Runs `work` in turn with the jobs, without a progress bar (a read another tab asked for). */
  async inTurn(label: string, work: () => Promise<void>): Promise<void> {
    await this.#queue.run(label, work);
  }

  /** Runs work that is not a job (a quick save), turning a failure into an alert on `step`. */
  async guard(action: string, step: string | null, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#messages.fail(describeError(error, action), step);
    }
  }

  /** The names of the jobs replaced since the last call, oldest first; the list starts anew. */
  takeReplaced(): string[] {
    return this.#replaced.splice(0);
  }
}
