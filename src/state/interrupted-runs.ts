/**
 * Remembers, for this tab only, that a training or tuning run is under way, so that after a reload
 * (or a crash of the tab) the studio can say the run was interrupted and nothing was saved, instead
 * of showing the Train step as if nothing had happened. Session storage is per tab and survives a
 * reload, which is exactly the span a run can be interrupted in; another tab's runs are not ours.
 */

export interface RunningRun {
  /** `Training` or `Tuning`. */
  what: string;
  /** The model's name, or what was searched. */
  name: string;
}

const KEY = 'ml-studio:running-run';

export class InterruptedRuns {
  readonly #storage: Storage | null;

  constructor(storage: Storage | null = typeof sessionStorage === 'undefined' ? null : sessionStorage) {
    this.#storage = storage;
  }

  start(run: RunningRun): void {
    this.#write(JSON.stringify(run));
  }

  end(): void {
    this.#write(null);
  }

  /** The run that was under way when the page went away, once: reading it forgets it. */
  interrupted(): RunningRun | null {
    let text: string | null;
    try {
      text = this.#storage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
    this.end();
    if (text === null) return null;
    try {
      const run = JSON.parse(text) as Partial<RunningRun>;
      return typeof run.what === 'string' && typeof run.name === 'string' ? { what: run.what, name: run.name } : null;
    } catch {
      return null;
    }
  }

  #write(value: string | null): void {
    // Storage may be unavailable (a privacy setting); the run itself must not fail because of it.
    try {
      if (value === null) this.#storage?.removeItem(KEY);
      else this.#storage?.setItem(KEY, value);
    } catch {
      /* nothing to remember then */
    }
  }
}
