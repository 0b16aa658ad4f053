/**
 * Cancellation: the one error every layer throws when the person presses Cancel, and the test
 * every layer uses to tell it from a failure (a cancelled job is not an error to show).
 */

/**
 * The name a cancellation carries. Errors cross Comlink as name and message only, so the far side
 * recognises a cancellation by this name, not by its class; it keeps the name it has always had,
 * so code that creates the error by name alone still matches.
 */
export const CANCELLED = 'IngestCancelled';

/** Thrown when the caller's AbortSignal fires; `message` says what stopped, for a log or a test. */
export class Cancelled extends Error {
  constructor(message = 'The work was cancelled.') {
    super(message);
    this.name = CANCELLED;
  }
}

/** A cancellation from this studio, or a platform abort (`AbortSignal.throwIfAborted`, `fetch`). */
export function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === CANCELLED || error.name === 'AbortError');
}

/** Throws `Cancelled` (with `message`) when `signal` has fired; the checkpoint long work calls between pieces. */
export function throwIfCancelled(signal: AbortSignal | undefined, message?: string): void {
  if (signal?.aborted) throw new Cancelled(message);
}
