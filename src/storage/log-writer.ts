/**
 * Write-behind for the inference log: a prediction is answered first and its rows are written a
 * moment later, together with whatever else arrived meanwhile, in one transaction. Nothing is
 * dropped on the way: `flush()` writes everything queued so far and resolves once it is stored,
 * so whoever reads the log flushes first.
 */
import type { NewLogBatch } from '../core/deploy/log-batch';

/** How long queued rows wait for company before they are written. */
export const LOG_FLUSH_MS = 100;

export class LogWriter {
  readonly #write: (batches: NewLogBatch[]) => Promise<number>;
  readonly #delayMs: number;
  #queued: NewLogBatch[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The writes in order: each starts after the one before has settled. */
  #writing: Promise<void> = Promise.resolve();
  /** Rows the retention limit trimmed since the last flush() reported them. */
  #trimmed = 0;
  /** The first failed write since the last flush() reported it. */
  #failure: unknown = null;

  /** `write` stores batches in one transaction and returns how many old rows it trimmed. */
  constructor(write: (batches: NewLogBatch[]) => Promise<number>, delayMs = LOG_FLUSH_MS) {
    this.#write = write;
    this.#delayMs = delayMs;
  }

  /** Queues a batch; it is written within the delay, or at the next flush(). */
  add(batch: NewLogBatch): void {
    this.#queued.push(batch);
    // The timer's write has no caller to tell: its trimmed rows and failure wait for flush().
    this.#timer ??= setTimeout(() => void this.#writeQueued(), this.#delayMs);
  }

  /**
   * Writes everything queued so far (after any write in progress). Resolves with the rows the
   * retention limit trimmed since the last flush; rejects with a failed write's error.
   */
  async flush(): Promise<number> {
    await this.#writeQueued();
    const { failure, trimmed } = { failure: this.#failure, trimmed: this.#trimmed };
    this.#failure = null;
    this.#trimmed = 0;
    if (failure) throw failure;
    return trimmed;
  }

  /** Starts the write of what is queued after the writes before it; settles (never rejects) once done. */
  #writeQueued(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batches = this.#queued;
    this.#queued = [];
    this.#writing = this.#writing.then(async () => {
      if (batches.length === 0) return;
      try {
        this.#trimmed += await this.#write(batches);
      } catch (error) {
        this.#failure ??= error;
      }
    });
    return this.#writing;
  }
}
