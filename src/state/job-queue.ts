/**
 * The studio's jobs run one at a time, in the order they were asked for: a second click while
 * something runs waits its turn instead of being dropped, and the user can see what is waiting.
 *
 * One kind of job replaces its own kind instead of queueing behind it: loading data. The file the
 * user chose last is the one they want, so a new load cancels a running load and drops a waiting
 * one (which resolves as `superseded`, so its caller can say so).
 */

export interface QueuedJob {
  readonly id: number;
  readonly label: string;
  /** Jobs of a kind that `replaces` itself supersede earlier jobs of that kind. */
  readonly kind: string | null;
}

/** Why a running job was stopped when a newer job of its kind replaced it. */
export class Superseded extends Error {
  constructor(readonly by: string) {
    super(`Replaced by ${by}.`);
    this.name = 'Superseded';
  }
}

export type JobOutcome<T> = { ran: true; value: T } | { ran: false; supersededBy: string };

interface Ticket extends QueuedJob {
  controller: AbortController;
  supersededBy: string | null;
}

export interface JobOptions {
  kind?: string;
  /** A job of this kind replaces earlier ones of its kind, waiting or running: the newest wins. */
  replaces?: boolean;
}

export class JobQueue {
  #tail: Promise<void> = Promise.resolve();
  #waiting: Ticket[] = [];
  #running: Ticket | null = null;
  #nextId = 1;
  readonly #onChange: () => void;

  /** `onChange` runs whenever the running job or the waiting list changes. */
  constructor(onChange: () => void = () => undefined) {
    this.#onChange = onChange;
  }

  /** The jobs waiting for their turn, first to run first. */
  get waiting(): readonly QueuedJob[] {
    return this.#waiting.map(({ id, label, kind }) => ({ id, label, kind }));
  }

  get running(): QueuedJob | null {
    const r = this.#running;
    return r && { id: r.id, label: r.label, kind: r.kind };
  }

  /**
   * Runs `work` once every job asked for before it has finished. `work` gets a signal that aborts
   * when the job is cancelled (`cancel`) or replaced; a replaced job's signal has a `Superseded`
   * reason. A job replaced before its turn never runs.
   */
  async run<T>(label: string, work: (signal: AbortSignal, cancel: () => void) => Promise<T>, options: JobOptions = {}): Promise<JobOutcome<T>> {
    const ticket: Ticket = { id: this.#nextId++, label, kind: options.kind ?? null, controller: new AbortController(), supersededBy: null };
    if (options.replaces && ticket.kind !== null) this.#supersede(ticket);
    this.#waiting.push(ticket);
    const turn = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    this.#onChange();
    await turn;
    this.#waiting = this.#waiting.filter((t) => t !== ticket);
    try {
      if (ticket.supersededBy !== null) return { ran: false, supersededBy: ticket.supersededBy };
      this.#running = ticket;
      this.#onChange();
      return { ran: true, value: await work(ticket.controller.signal, () => ticket.controller.abort()) };
    } finally {
      if (this.#running === ticket) this.#running = null;
      release();
      this.#onChange();
    }
  }

  #supersede(newer: Ticket): void {
    for (const t of this.#waiting) {
      if (t.kind === newer.kind) t.supersededBy = newer.label;
    }
    const running = this.#running;
    if (running && running.kind === newer.kind) {
      running.supersededBy = newer.label;
      running.controller.abort(new Superseded(newer.label));
    }
  }
}
