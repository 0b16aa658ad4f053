import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

// A relative base makes the built site work from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    // The service worker precaches the whole build, so after one visit the studio opens and runs
    // offline. It is registered by src/pwa/ (never by an injected script) and a new version waits
    // for the user's say-so (`prompt`): it never takes over a page in the middle of work.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      // The icon is precached by the glob below; the plugin adds the web manifest itself.
      includeManifestIcons: false,
      manifest: {
        name: 'ML Studio',
        short_name: 'ML Studio',
        description: 'Take your own tabular data through the whole machine-learning workflow, in your browser.',
        // Relative to the manifest, which lies next to index.html: the studio's own directory.
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // The app shell, the lazily loaded steps, the three workers, every wasm file (TF.js's three,
        // onnxruntime's one) and the bundled samples. Source maps stay out.
        globPatterns: ['**/*.{js,css,html,svg,json,csv,wasm}'],
        // onnxruntime-web's wasm is about 14 MB.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        // The studio routes by hash, so the only page is index.html, which the precache serves for
        // its directory too. No fallback: another path under the scope is not the studio.
        navigateFallback: null,
        // No asset URL carries a query; an address with one still opens the precached page offline.
        ignoreURLParametersMatching: [/.*/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  resolve: {
    alias: {
      // vega-datasets' package exports hide its data files; the bundled samples are imported
      // from here with `?url`, so the build emits them as assets of our own origin.
      '@samples': fileURLToPath(new URL('./node_modules/vega-datasets/data', import.meta.url)),
      // Tests import the code under test by these names, so a test's place in tests/ can mirror
      // its module's place in src/ without a ladder of '../'. The app itself keeps relative
      // imports, which the layer rules in eslint.config.js read.
      $src: fileURLToPath(new URL('./src', import.meta.url)),
      $workers: fileURLToPath(new URL('./workers', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    // A shared two-core CI machine runs some ONNX-runtime tests several times slower than a laptop.
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/**/*.svelte.test.ts'], environment: 'node' } },
      // Rune classes are tested with Svelte's client runtime, where effects run (the server
      // build Node resolves by default never runs them); still no DOM.
      { extends: true, resolve: { conditions: ['browser'] }, test: { name: 'runes', include: ['tests/unit/**/*.svelte.test.ts'], environment: './tests/unit/runes-environment.ts' } },
    ],
  },
});
