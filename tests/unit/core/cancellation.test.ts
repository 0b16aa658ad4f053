import { describe, expect, it } from 'vitest';
import { CANCELLED, Cancelled, isCancellation, throwIfCancelled } from '$src/core/cancellation';

describe('cancellation', () => {
  it('is one class with one name, whatever was cancelled', () => {
    const error = new Cancelled('Profiling was cancelled.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(CANCELLED);
    expect(error.message).toBe('Profiling was cancelled.');
    expect(new Cancelled().message).toBe('The work was cancelled.');
  });

  it('is recognised by name, as it arrives from a worker, and platform aborts count too', () => {
    const acrossComlink = Object.assign(new Error('Loading was cancelled.'), { name: CANCELLED });
    expect(isCancellation(acrossComlink)).toBe(true);
    expect(isCancellation(new Cancelled())).toBe(true);
    const controller = new AbortController();
    controller.abort();
    let platform: unknown;
    try {
      controller.signal.throwIfAborted();
    } catch (error) {
      platform = error;
    }
    expect(isCancellation(platform)).toBe(true);
    expect(isCancellation(new Error('The file is empty.'))).toBe(false);
    expect(isCancellation('IngestCancelled')).toBe(false);
    expect(isCancellation(undefined)).toBe(false);
  });

  it('throwIfCancelled throws only once the signal has fired, with the message given', () => {
    const controller = new AbortController();
    expect(() => throwIfCancelled(controller.signal, 'Validation was cancelled.')).not.toThrow();
    expect(() => throwIfCancelled(undefined)).not.toThrow();
    controller.abort();
    expect(() => throwIfCancelled(controller.signal, 'Validation was cancelled.')).toThrow(new Cancelled('Validation was cancelled.'));
    expect(() => throwIfCancelled(controller.signal)).toThrow(Cancelled);
  });
});
