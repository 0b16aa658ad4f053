import { StorageError, toStorageError } from './errors';

/** The parts of an idb transaction this helper needs (any mode, any stores). */
interface Transaction {
  readonly done: Promise<void>;
  readonly error: DOMException | null;
  abort(): void;
}

/** Registers a request's promise with the transaction; returns it for awaiting. */
export type Track = <T>(request: Promise<T>) => Promise<T>;

/**
 * Runs `body` as one all-or-nothing transaction and turns every failure into a StorageError.
 *
 * `body` issues its requests through `track` and may await only those (IndexedDB commits a
 * transaction as soon as no request is pending). The helper waits for every tracked request and
 * for the commit. If anything fails — a request, a value that cannot be cloned, a check that
 * throws, the commit itself — the transaction is aborted, so nothing of it is kept.
 *
 * @param action completes "… while {action}" in the error message
 */
export async function inTransaction<T>(
  tx: Transaction,
  action: string,
  body: (track: Track) => Promise<T>,
): Promise<T> {
  const requests: Promise<unknown>[] = [];
  const track: Track = (request) => {
    // After a failure the other requests reject too (AbortError); the first failure is the one
    // reported, so the rest must not surface as unhandled rejections.
    request.catch(() => undefined);
    requests.push(request);
    return request;
  };
  tx.done.catch(() => undefined);
  try {
    const result = await body(track);
    await Promise.all(requests);
    await tx.done;
    return result;
  } catch (error) {
    // A request that was cut off only says AbortError; the transaction's own error says why
    // (QuotaExceededError). Our own StorageErrors already say it in plain words.
    const cause = error instanceof StorageError ? error : (tx.error ?? error);
    try {
      tx.abort();
    } catch {
      // Already aborted or finished: nothing to undo.
    }
    throw toStorageError(cause, action);
  }
}
