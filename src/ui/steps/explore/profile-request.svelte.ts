/**
 * What Explore asks the data worker for: the profile of the visible rows for the chosen target,
 * once per (dataset version, target). The request reads nothing else reactively: asking for a
 * profile changes the studio's job state, and an effect that read that state would ask again as
 * soon as it changed, for ever.
 */
import { untrack } from 'svelte';
import type { TableProfile } from '../../../core/data/profile';

export interface Profiler {
  /** The profile, or undefined when it was cancelled or failed (the studio says why). */
  profile(target: string | null): Promise<TableProfile | undefined>;
}

export class ProfileRequest {
  /** The target column ('' for none), bound to the Target field. */
  target = $state('');
  #profile = $state.raw<TableProfile | null>(null);
  #cancelled = $state(false);
  #attempt = $state(0);
  /** The (version, target, attempt) of the request in flight or answered last. */
  #key = '';
  #requests = 0;

  /** Owns an effect: construct it while a component initialises (or inside `$effect.root`). */
  constructor(profiler: Profiler, version: () => number, target: string) {
    this.target = target;
    $effect(() => {
      const wanted = this.target || null;
      const key = `${version()}\u0000${wanted ?? ''}\u0000${this.#attempt}`;
      untrack(() => this.#request(profiler, wanted, key));
    });
  }

  get profile(): TableProfile | null { return this.#profile; }
  get cancelled(): boolean { return this.#cancelled; }
  /** How many profiles were asked for (one per version and target). */
  get requests(): number { return this.#requests; }

  /** Asks again after a cancelled profile. */
  retry(): void {
    this.#attempt += 1;
  }

  #request(profiler: Profiler, target: string | null, key: string): void {
    if (key === this.#key) return;
    this.#key = key;
    this.#requests += 1;
    this.#cancelled = false;
    void profiler.profile(target).then((result) => {
      // An answer to a request that a newer one replaced is not shown.
      if (key !== this.#key) return;
      if (result) this.#profile = result;
      else this.#cancelled = true;
    });
  }
}
