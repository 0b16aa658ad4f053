/**
 * The layer rules of eslint.config.js, run through ESLint itself: a file of each layer that
 * imports from a layer above it is refused with the rule's message, and the imports the layer
 * may make pass.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The restricted-import messages ESLint gives `code` as the file `filePath`. */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the core', () => {
  it.each([
    ["import { openStudioDB } from '../storage';", 'src/core/x.ts'],
    ["import type { DatasetRecord } from '../../storage/schema';", 'src/core/deploy/x.ts'],
    ["import { Studio } from '../../state/studio.svelte';", 'src/core/model/x.ts'],
    ["import { steps } from '../ui/steps/steps';", 'src/core/x.ts'],
    ["import { register } from '../pwa/updates.svelte';", 'src/core/x.ts'],
    ["import type { DataApi } from '../../workers/data.worker';", 'src/core/data/x.ts'],
    ["import { openStudioDB } from '$src/storage';", 'src/core/x.ts'],
    ["import { onMount } from 'svelte';", 'src/core/x.ts'],
    ["import { writable } from 'svelte/store';", 'src/core/x.ts'],
    ["import * as Comlink from 'comlink';", 'src/core/x.ts'],
    ["import { openDB } from 'idb';", 'src/core/x.ts'],
  ])('refuses %s', async (code, filePath) => {
    const messages = await refusals(filePath, `${code}\nexport {};\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/src\/core is the DOM-free engine .* must not import storage, state, ui, pwa, workers, svelte, comlink or idb/);
  });

  it('lets the core import the core and the libraries it computes with', async () => {
    const code = "import { PART } from './data/frame';\nimport { ROW_ID } from '../data/frame';\nimport * as aq from 'arquero';\nimport type * as tf from '@tensorflow/tfjs';\nexport { PART, ROW_ID, aq };\nexport type T = typeof tf;\n";
    expect(await refusals('src/core/deploy/x.ts', code)).toEqual([]);
  });
});

describe('the layers above the core', () => {
  it('keep storage below the page and the workers', async () => {
    expect(await refusals('src/storage/x.ts', "import { Studio } from '../state/studio.svelte';\nexport { Studio };\n")).toHaveLength(1);
    expect(await refusals('src/storage/x.ts', "import type { DataApi } from '../../workers/data.worker';\nexport type { DataApi };\n")).toHaveLength(1);
    expect(await refusals('src/storage/x.ts', "import type { ModelRecord } from '../core/records';\nexport type { ModelRecord };\n")).toEqual([]);
  });

  it('keep the workers off the page', async () => {
    expect(await refusals('workers/x.ts', "import { Studio } from '../src/state/studio.svelte';\nexport { Studio };\n")).toEqual([expect.stringMatching(/workers are entry points/)]);
    expect(await refusals('workers/x.ts', "import { steps } from '../src/ui/steps/steps';\nexport { steps };\n")).toHaveLength(1);
    expect(await refusals('workers/x.ts', "import { lazyStudioDB } from '../src/storage';\nimport { JobRegistry } from '../src/core/jobs';\nexport { lazyStudioDB, JobRegistry };\n")).toEqual([]);
  });

  it('keep state from importing views', async () => {
    expect(await refusals('src/state/x.ts', "import { stepIds } from '../ui/steps/steps';\nexport { stepIds };\n")).toEqual([expect.stringMatching(/must not import ui/)]);
    expect(await refusals('src/state/x.ts', "import type { DataApi } from '../../workers/data.worker';\nimport { openStudioDB } from '../storage';\nexport type { DataApi };\nexport { openStudioDB };\n")).toEqual([]);
  });

  it('keep views from workers and from the store\'s modules', async () => {
    expect(await refusals('src/ui/steps/x.ts', "import type { SessionSummary } from '../../../workers/data.worker';\nexport type { SessionSummary };\n")).toHaveLength(1);
    expect(await refusals('src/ui/steps/x.ts', "import { LOG_FLUSH_MS } from '../../storage/log-writer';\nexport { LOG_FLUSH_MS };\n")).toHaveLength(1);
    expect(await refusals('src/ui/steps/x.ts', "import { LOG_RETENTION } from '../../storage';\nimport type { SessionSummary } from '../../core/data/session';\nimport { stepIds } from '../../state/step-ids';\nexport { LOG_RETENTION, stepIds };\nexport type { SessionSummary };\n")).toEqual([]);
  });

  it('hold the shell to the views\' rule', async () => {
    expect(await refusals('src/main.ts', "import type { DataApi } from '../workers/data.worker';\nexport type { DataApi };\n")).toHaveLength(1);
  });
});
