import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { ProfileRequest, type Profiler } from '$src/ui/steps/explore/profile-request.svelte';
import type { TableProfile } from '$src/core/data/profile';

/**
 * A studio stand-in whose profile call, like the real one, changes reactive job state while it
 * runs: a request that read that flag would ask again each time it flips.
 */
class FakeStudio implements Profiler {
  busy = $state(false);
  calls: (string | null)[] = [];
  async profile(target: string | null): Promise<TableProfile | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.calls.push(target);
    await Promise.resolve();
    this.busy = false;
    return { rows: 3, columns: [], correlation: null, target: null, warnings: [] };
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('ProfileRequest', () => {
  it('profiles once per dataset version and target, however the busy state moves', async () => {
    const studio = new FakeStudio();
    let version = $state(1);
    let request!: ProfileRequest;
    const stop = $effect.root(() => {
      request = new ProfileRequest(studio, () => version, '');
    });
    await settle();
    expect(studio.calls).toEqual([null]);
    expect(request.profile?.rows).toBe(3);

    request.target = 'label';
    await settle();
    expect(studio.calls).toEqual([null, 'label']);

    version = 2;
    await settle();
    expect(studio.calls).toEqual([null, 'label', 'label']);
    expect(request.requests).toBe(3);
    stop();
  });

  it('asks again only when told to after a cancelled profile', async () => {
    const next: { answer?: TableProfile } = {};
    const profiler: Profiler = { profile: async () => next.answer };
    let request!: ProfileRequest;
    const stop = $effect.root(() => {
      request = new ProfileRequest(profiler, () => 1, 'y');
    });
    await settle();
    expect(request.cancelled).toBe(true);
    next.answer = { rows: 1, columns: [], correlation: null, target: null, warnings: [] };
    request.retry();
    await settle();
    expect(request.cancelled).toBe(false);
    expect(request.profile?.rows).toBe(1);
    expect(request.requests).toBe(2);
    stop();
  });
});
