import { describe, it, expect } from 'vitest';
import { attempt, StorageError } from '$src/storage/errors';

describe('attempt', () => {
  it('passes a request\'s result through', async () => {
    expect(await attempt('reading a model', async () => 42)).toBe(42);
  });

  it('turns a browser failure into a StorageError that says what was being done', async () => {
    const failure = attempt('reading a model', async () => {
      throw new DOMException('The disk is gone.', 'UnknownError');
    });
    await expect(failure).rejects.toBeInstanceOf(StorageError);
    await expect(failure).rejects.toMatchObject({ reason: 'failed', message: expect.stringContaining('while reading a model, so nothing was changed (the browser said: The disk is gone.)') });
  });

  it('tells a full disk apart', async () => {
    const failure = attempt('saving the studio settings', async () => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    });
    await expect(failure).rejects.toMatchObject({ reason: 'quota', message: expect.stringContaining('ran out of storage space while saving the studio settings') });
  });

  it('keeps a StorageError as it is', async () => {
    const closed = new StorageError('The studio has closed its storage in this tab. Reload the page to go on.', 'closed');
    await expect(attempt('reading a project', async () => { throw closed; })).rejects.toBe(closed);
  });
});
