import { describe, expect, it } from 'vitest';
import { InterruptedRuns } from '$src/state/interrupted-runs';

/** Session storage as a tab keeps it across a reload: a map that outlives the page's objects. */
function tabStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('InterruptedRuns', () => {
  it('names a run that was under way when the page went away, once', () => {
    const storage = tabStorage();
    new InterruptedRuns(storage).start({ what: 'Training', name: 'MLP 1' });
    // The page reloads: a new studio reads what the old one left.
    const after = new InterruptedRuns(storage);
    expect(after.interrupted()).toEqual({ what: 'Training', name: 'MLP 1' });
    expect(after.interrupted()).toBeNull();
  });

  it('says nothing about a run that ended', () => {
    const storage = tabStorage();
    const runs = new InterruptedRuns(storage);
    runs.start({ what: 'Tuning', name: 'hyperparameters' });
    runs.end();
    expect(new InterruptedRuns(storage).interrupted()).toBeNull();
  });

  it('works without storage, and ignores what it cannot read', () => {
    expect(new InterruptedRuns(null).interrupted()).toBeNull();
    const storage = tabStorage();
    storage.setItem('ml-studio:running-run', '{not json');
    expect(new InterruptedRuns(storage).interrupted()).toBeNull();
  });
});
