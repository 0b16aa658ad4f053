import { describe, it, expect, vi, afterEach } from 'vitest';
import { creationTime, oldestFirst } from '$src/storage/clock';

describe('creationTime', () => {
  afterEach(() => vi.useRealTimers());

  it('never repeats or goes back within a tab, even when the wall clock stands still', () => {
    vi.useFakeTimers({ now: 5_000_000_000_000 });
    const stamps = Array.from({ length: 5 }, () => creationTime());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]);
    vi.setSystemTime(5_000_000_010_000);
    expect(creationTime()).toBe(5_000_000_010_000);
  });
});

describe('oldestFirst', () => {
  it('lists records in the order they were made, breaking a tie by id', () => {
    const records = [
      { id: 'b', createdAt: 2 },
      { id: 'z', createdAt: 1 },
      { id: 'a', createdAt: 2 },
    ];
    expect(oldestFirst(records).map((r) => r.id)).toEqual(['z', 'a', 'b']);
  });
});
