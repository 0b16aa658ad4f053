import { describe, it, expect } from 'vitest';
import { describeError, isCancellation } from '$src/state/errors';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('error messages for alerts', () => {
  it('passes on messages the studio wrote for the user', () => {
    expect(describeError(named('IngestError', 'The file is empty. Choose a file with data.'), 'load the data')).toBe('The file is empty. Choose a file with data.');
    expect(describeError(named('StorageError', 'Not enough space.'), 'load the data')).toBe('Not enough space.');
    expect(describeError(named('ExportError', 'Layer 2 has NaN weights.'), 'export the model')).toBe('Layer 2 has NaN weights.');
    expect(describeError(named('MonitorError', 'The live data has no rows.'), 'check for drift')).toBe('The live data has no rows.');
  });

  it('wraps other errors in words that say what failed, without a stack trace', () => {
    const error = new TypeError('x is undefined\n    at foo (bar.ts:1:2)');
    const text = describeError(error, 'load the data');
    expect(text).toBe('Could not load the data: x is undefined. Nothing you had saved was changed; try again.');
    expect(text).not.toContain('bar.ts');
  });

  it('explains a full disk', () => {
    expect(describeError(named('QuotaExceededError', 'quota'), 'save the dataset')).toContain('ran out of storage space');
  });

  it('says the browser ran out of memory when an array or buffer could not be allocated', () => {
    for (const message of ['Array buffer allocation failed', 'Invalid typed array length: 4294967296', 'Invalid array length', 'Invalid string length']) {
      expect(describeError(new RangeError(message), 'load the data')).toBe(
        'The browser ran out of memory while trying to load the data. Nothing you had saved was changed. Close other tabs, or work with a smaller table (a sample of the rows, fewer columns), then try again.',
      );
    }
    expect(describeError(new RangeError('Maximum call stack size exceeded'), 'load the data')).toMatch(/^Could not load the data: Maximum call stack/);
  });

  it('handles values that are not errors', () => {
    expect(describeError('boom', 'switch project')).toBe('Could not switch project. Nothing you had saved was changed; try again.');
  });

  it('recognises cancellations, which are not errors to show', () => {
    expect(isCancellation(named('IngestCancelled', 'Loading was cancelled.'))).toBe(true);
    expect(isCancellation(named('AbortError', 'aborted'))).toBe(true);
    expect(isCancellation(new Error('other'))).toBe(false);
  });
});
