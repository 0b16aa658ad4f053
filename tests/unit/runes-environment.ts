/**
 * A Node test environment whose modules are transformed as for the browser, so Svelte compiles
 * rune classes for its client runtime (where effects run). There is no DOM: rune classes need none.
 */
import type { Environment } from 'vitest/environments';

export default {
  name: 'runes',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
