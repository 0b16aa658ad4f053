import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// A relative base makes the built site work from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [svelte()],
  resolve: {
    alias: {
      // vega-datasets' package exports hide its data files; the bundled samples are imported
      // from here with `?url`, so the build emits them as assets of our own origin.
      '@samples': fileURLToPath(new URL('./node_modules/vega-datasets/data', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
