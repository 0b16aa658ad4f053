import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/**
 * The layers, from the bottom: the core (DOM-free ML code), storage (IndexedDB), the workers
 * (entry points), state (rune classes) and the UI (views). A layer imports only from the layers
 * below it; each rule below names what one layer must not import, and its message says why.
 * Specifiers are matched by path segment, so `../../storage`, `../storage/db` and
 * `$src/storage` are all the storage layer.
 */
const segment = (...names) => `(^|/)\\$?(${names.join('|')})(/|$)`;
const forbid = (regex, message) => ({ regex, message });

const coreMessage =
  'src/core is the DOM-free engine that runs in workers, Node tests and the benchmark: it must not import storage, state, ui, pwa, workers, svelte, comlink or idb. Pass what it needs in (see SessionStore in src/core/data/session.ts).';
const storageMessage = 'src/storage is the store under the workers and the page: it must not import state, ui, pwa or workers.';
const workersMessage = 'workers are entry points that wire the core and the store to Comlink: they must not import state, ui or pwa (the page side).';
const stateMessage = 'src/state is the page\'s model of the studio: it must not import ui (views import state, never the other way).';
const uiMessage =
  'Views talk to workers through src/state and read the store only through its index (src/storage): no import of workers or of a storage module.';

const layerRules = [
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          forbid(segment('storage', 'state', 'ui', 'pwa', 'workers'), coreMessage),
          forbid('^(svelte|comlink|idb)(/|$)', coreMessage),
        ],
      }],
    },
  },
  {
    files: ['src/storage/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(segment('state', 'ui', 'pwa', 'workers'), storageMessage)] }] },
  },
  {
    files: ['workers/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(segment('state', 'ui', 'pwa'), workersMessage)] }] },
  },
  {
    files: ['src/state/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(segment('ui'), stateMessage)] }] },
  },
  {
    // The shell (App.svelte, main.ts) is a view too.
    files: ['src/ui/**', 'src/App.svelte', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(segment('workers'), uiMessage), forbid('(^|/)\\$?storage/', uiMessage)] }] },
  },
];

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
  },
  {
    // TypeScript checks names itself (and knows DOM types such as BlobPart that ESLint does not).
    files: ['**/*.ts', '**/*.svelte'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      // User data is always rendered as text; raw HTML would let a CSV cell run script.
      'svelte/no-at-html-tags': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules,
);
