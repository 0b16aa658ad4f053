/**
 * Turns whatever went wrong into words for an alert: what happened and what to do. Errors from
 * the studio's own code already carry such words (by name); anything else is wrapped, and a
 * stack trace never reaches the user.
 */

/** Errors whose messages are written for the user. */
const PLAIN_ERRORS = new Set([
  'IngestError', 'StorageError', 'WorkerCrashed', 'SyntheticOptionsError', 'RecipeError', 'StaleStepError',
  'RuleError', 'PatternError', 'SplitError', 'ModelError', 'ExportError', 'MonitorError',
]);

export { isCancellation } from '../core/cancellation';

export function describeError(error: unknown, action: string): string {
  if (error instanceof Error) {
    if (PLAIN_ERRORS.has(error.name)) return error.message;
    if (error.name === 'QuotaExceededError') {
      return `The browser ran out of storage space while trying to ${action}. Delete a project or dataset you no longer need, then try again.`;
    }
    if (isOutOfMemory(error)) {
      return `The browser ran out of memory while trying to ${action}. Nothing you had saved was changed. Close other tabs, or work with a smaller table (a sample of the rows, fewer columns), then try again.`;
    }
    const detail = firstLine(error.message);
    return `Could not ${action}: ${detail || 'an unexpected error'}. Nothing you had saved was changed; try again.`;
  }
  return `Could not ${action}. Nothing you had saved was changed; try again.`;
}

/** The errors JavaScript engines throw when an array, buffer or string cannot be allocated. */
function isOutOfMemory(error: Error): boolean {
  return error.name === 'RangeError' && /allocation failed|invalid (typed )?array length|invalid string length|out of memory/i.test(error.message);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.replace(/[.!]+$/, '');
}
