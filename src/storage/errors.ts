/**
 * Errors of the store. Their messages are shown to the user as they are (in an alert), so they
 * say in plain words what happened and what to do; the browser's own error stays in `cause`
 * for the console.
 */

import { formatBytes } from '../core/format';

/** Lets the UI react to a kind of failure without parsing the message. */
export type StorageErrorReason =
  | 'invalid' // the caller's input cannot be stored (e.g. an empty name)
  | 'not-found' // the record is gone (deleted in another tab, or never existed)
  | 'quota' // not enough space, before or during a save
  | 'incomplete' // stored data is missing parts
  | 'closed' // the connection was closed (another tab upgraded the studio, or close() was called)
  | 'unavailable' // the browser offers no IndexedDB or refused to open it
  | 'failed'; // any other failure of the browser's storage

export class StorageError extends Error {
  readonly reason: StorageErrorReason;
  constructor(message: string, reason: StorageErrorReason = 'failed', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.reason = reason;
  }
}

const FREE_SPACE_ADVICE = 'Delete a project or a dataset you no longer need, then try again.';

export function notEnoughSpace(what: string, needed: number, free: number): StorageError {
  return new StorageError(
    `Saving ${what} needs about ${formatBytes(needed)}, but only ${formatBytes(free)} of browser storage is free. ${FREE_SPACE_ADVICE}`,
    'quota',
  );
}

/** DOMExceptions and Errors alike; IndexedDB rejects with DOMExceptions. */
function errorLike(error: unknown): { name: string; message: string; code?: unknown } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return typeof name === 'string' ? { name, message: typeof message === 'string' ? message : '', code } : null;
}

export function errorName(error: unknown): string | undefined {
  return errorLike(error)?.name;
}

/** Chrome, Firefox and Safari all name it so; very old engines only set the legacy code 22. */
export function isQuotaError(error: unknown): boolean {
  const e = errorLike(error);
  return e !== null && (e.name === 'QuotaExceededError' || e.code === 22);
}

function browserSays(error: unknown): string {
  const e = errorLike(error);
  return e ? e.message || e.name : String(error);
}

/**
 * Turns whatever a failed storage operation threw into a StorageError.
 * @param action what was being done, completing "… while {action}", e.g. 'saving the dataset "iris"'
 */
export function toStorageError(error: unknown, action: string): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(
      `The browser ran out of storage space while ${action}. Nothing was changed. ${FREE_SPACE_ADVICE}`,
      'quota',
      { cause: error },
    );
  }
  return new StorageError(
    `Something went wrong in the browser's storage while ${action}, so nothing was changed (the browser said: ${browserSays(error)}). Reload the page and try again.`,
    'failed',
    { cause: error },
  );
}

/** Runs one request outside a transaction; whatever it throws becomes a StorageError (see `toStorageError`). */
export async function attempt<T>(action: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toStorageError(error, action);
  }
}
