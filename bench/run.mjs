#!/usr/bin/env node
/**
 * `npm run bench`: the studio measured beside its peers in the same browser and the same run
 * against its performance goals. Builds the app, serves it (and a page of peers) with tests/e2e/static-server.mjs,
 * drives headless Chromium as the end-to-end tests do, and writes bench/results.json and
 * bench/results.md. See bench/README.md for the options.
 */
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/e2e/browser.mjs';
import { generate, parseArgs } from './generate.mjs';
import { MemorySampler, MEMORY_METHOD } from './lib/memory.mjs';
import { freePort, log, median, percentile, run, serve } from './lib/util.mjs';
import { renderMarkdown } from './lib/report.mjs';
import * as studio from './lib/studio.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const GROUPS = ['shell', 'peers-data', 'ingest', 'explore', 'clean', 'train', 'serve', 'peers-train', 'sklearn', 'ort'];
const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'];
const LAUNCH_ARGS = ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const args = parseArgs(process.argv.slice(2));
if (args.help) {
  console.log(readFileSync(join(HERE, 'README.md'), 'utf8'));
  process.exit(0);
}
const options = {
  rows: args.quick ? 100_000 : Number(args.rows ?? 1_000_000),
  seed: Number(args.seed ?? 42),
  runs: Math.max(1, Number(args.runs ?? 3)),
  budgetMinutes: Number(args.budgetMinutes ?? 60),
  maxRepeatSeconds: Number(args.maxRepeatSeconds ?? 60),
  predictions: Number(args.predictions ?? 200),
  backends: String(args.backends ?? BACKENDS.join(',')).split(',').filter(Boolean),
  only: args.only ? String(args.only).split(',') : GROUPS,
  skip: args.skip ? String(args.skip).split(',') : [],
  build: args.build !== 'false' && !args.noBuild,
  out: resolve(String(args.out ?? join(HERE, 'results.json'))),
  work: resolve(String(args.work ?? join(tmpdir(), 'ml-studio-bench'))),
};
options.trainRows = Number(args.trainRows ?? Math.min(200_000, Math.round(options.rows * 0.2)));
for (const group of [...options.only, ...options.skip]) if (!GROUPS.includes(group)) throw new Error(`Unknown group ${group}; the groups are ${GROUPS.join(', ')}`);
for (const backend of options.backends) if (!BACKENDS.includes(backend)) throw new Error(`Unknown backend ${backend}`);

const EPOCHS = 2;
const BATCH = 1024;
const started = Date.now();
const deadline = started + options.budgetMinutes * 60_000;
const remaining = () => deadline - Date.now();
/** A wait's limit: what is left of the budget, but at least a minute so a started run can finish. */
const limit = (ms = Infinity) => Math.max(60_000, Math.min(ms, remaining()));
const wanted = (group) => options.only.includes(group) && !options.skip.includes(group);

const results = { meta: {}, workloads: [], problems: [] };
// --merge: rerun some groups into an earlier run's results (same data size), replacing their workloads.
const earlier = args.merge && existsSync(options.out) ? JSON.parse(readFileSync(options.out, 'utf8')) : null;
if (earlier) {
  if (earlier.meta.data?.rows !== options.rows) throw new Error(`--merge: ${options.out} has ${earlier.meta.data?.rows} rows, not ${options.rows}`);
  Object.assign(results, earlier);
  results.meta.reruns = [...(earlier.meta.reruns ?? []), { startedAt: new Date(started).toISOString(), groups: options.only.filter(wanted), backends: options.backends, loadAverage: loadavg().map((l) => l.toFixed(2)).join(' ') }];
}
const save = () => {
  if (earlier) results.meta.reruns[results.meta.reruns.length - 1].durationMinutes = (Date.now() - started) / 60_000;
  else results.meta.durationMinutes = (Date.now() - started) / 60_000;
  writeFileSync(options.out, JSON.stringify(results, null, 2));
  writeFileSync(options.out.replace(/\.json$/, '') + '.md', renderMarkdown(results));
};

/**
 * Runs one workload: skipped when the budget is spent or what it needs failed, recorded as failed
 * (with its message) when it throws. `fn` returns { value, runs?, unit?, memory?, details?, note? }.
 */
async function workload(meta, fn, needs = []) {
  const record = { ...meta };
  const missing = needs.filter(([ok]) => !ok).map(([, why]) => why);
  if (missing.length) {
    Object.assign(record, { status: 'skipped', error: `needs ${missing.join(', ')}` });
    log(`- ${meta.label}: skipped (${record.error})`);
  } else if (remaining() <= 0) {
    Object.assign(record, { status: 'skipped', error: 'the time budget was spent' });
    log(`- ${meta.label}: skipped (budget)`);
  } else {
    log(`> ${meta.label}`);
    const t0 = Date.now();
    try {
      Object.assign(record, { status: 'ok' }, await fn());
      const shown = typeof record.value !== 'number' ? '' : record.unit === 'samples/s' ? `${Math.round(record.value).toLocaleString('en')} samples/s` : `${record.value.toFixed(3)} ${record.unit}`;
      log(`  ok: ${shown}${record.runs?.length > 1 ? ` (median of ${record.runs.length})` : ''}${record.memory?.peakTabRssMB ? `, peak tab ${record.memory.peakTabRssMB} MB` : ''} [${((Date.now() - t0) / 1000).toFixed(0)} s]`);
    } catch (error) {
      const message = String(error?.message ?? error).split('\n').filter(Boolean).slice(0, 4).join(' ').slice(0, 600);
      Object.assign(record, { status: 'failed', error: message });
      log(`  FAILED: ${message}`);
    }
  }
  const at = results.workloads.findIndex((w) => w.id === record.id);
  if (earlier && !wanted(record.group)) {
    // A prerequisite of what is rerun (e.g. the ingest before training): kept aside, not replacing the earlier figure.
    (results.prerequisites ??= []).push(record);
  } else if (at >= 0) {
    results.workloads[at] = earlier ? { ...record, rerunAt: new Date(started).toISOString() } : record;
  } else {
    results.workloads.push(record);
  }
  save();
  return record.status === 'ok' ? record : null;
}

/**
 * Up to `runs` runs of `once` (each returns a number, or { value, ... }); stops repeating when a
 * run took longer than --max-repeat-seconds or the budget is spent.
 */
async function repeat(once, runs = options.runs) {
  const outcomes = [];
  for (let i = 0; i < runs; i++) {
    const t0 = Date.now();
    const outcome = await once(i);
    outcomes.push(outcome);
    // Where a run's wall time holds waits that are not the workload (Clean's previews), the run says what counts.
    const took = outcome?.repeatSeconds ?? (Date.now() - t0) / 1000;
    if (i + 1 < runs && took > options.maxRepeatSeconds) {
      outcomes.note = `${i + 1} run(s): a run took ${took.toFixed(0)} s, over --max-repeat-seconds ${options.maxRepeatSeconds}`;
      break;
    }
    if (i + 1 < runs && remaining() <= 0) {
      outcomes.note = `${i + 1} run(s): the time budget was spent`;
      break;
    }
  }
  return outcomes;
}

/** Median of the outcomes' values, with every run and the median of each numeric detail. */
function summarise(outcomes, unit, pick = (o) => o.value) {
  const values = outcomes.map(pick);
  const mid = median(values);
  const memories = outcomes.map((o) => o.memory).filter(Boolean);
  const memory = memories.length
    ? { peakTabRssMB: Math.max(...memories.map((m) => m.peakTabRssMB ?? 0)) || null, peakMainThreadHeapMB: Math.max(...memories.map((m) => m.peakMainThreadHeapMB ?? 0)) || null, perRun: memories }
    : undefined;
  return { value: mid, unit, runs: values, memory, note: outcomes.note };
}

const s = (ms) => ms / 1000;

// ---------------------------------------------------------------------------------------------

log(`ML Studio benchmark: ${options.rows.toLocaleString('en')} rows, ${options.runs} runs, budget ${options.budgetMinutes} min, groups ${options.only.filter(wanted).join(', ')}`);
mkdirSync(options.work, { recursive: true });

log('Generating the data (reused when already there)…');
const data = await generate({ rows: options.rows, seed: options.seed, trainRows: options.trainRows, out: join(options.work, `data-${options.rows}-seed${options.seed}`) });
log(`  ${data.paths.csv}: ${(data.bytes / 1e6).toFixed(1)} MB`);

const appDist = join(options.work, 'app-dist');
const peersDist = join(options.work, 'peers-dist');
if (options.build || !existsSync(join(appDist, 'index.html'))) {
  log('Building the app (npx vite build)…');
  const t0 = Date.now();
  await run('npx', ['vite', 'build', '--outDir', appDist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO, timeoutMs: 600_000 });
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s into ${appDist}`);
}
const peersBuilt = join(peersDist, 'index.html');
const newest = Math.max(...['peers.ts', 'index.html'].map((f) => statSync(join(HERE, 'peers', f)).mtimeMs));
if (options.build || !existsSync(peersBuilt) || statSync(peersBuilt).mtimeMs < newest) {
  log('Building the peers page (bench/peers)…');
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: join(HERE, 'peers'),
    base: './',
    logLevel: 'warn',
    build: { outDir: peersDist, emptyOutDir: true, target: 'es2022', sourcemap: false, minify: false, chunkSizeWarningLimit: 100_000 },
    worker: { format: 'es' },
  });
}

const appPort = await freePort();
const appServer = await serve(REPO, appDist, appPort, '/studio/');
const peersPort = await freePort();
const peersServer = await serve(REPO, peersDist, peersPort, '/bench/');
const APP = `http://127.0.0.1:${appPort}/studio/`;
const PEERS = `http://127.0.0.1:${peersPort}/bench/`;

// The browser's own output (crashes, GPU process messages) goes to a log beside the data.
const browserLog = join(options.work, `browser-${new Date(started).toISOString().replace(/[:.]/g, '-')}.log`);
const logger = {
  isEnabled: (name) => name === 'browser',
  log: (name, severity, message) => appendFileSync(browserLog, `${new Date().toISOString()} ${severity} ${message}\n`),
};
let browser = null;
let browserCdp = null;
let peersContext = null;
let peersPage = null;
/** The browser, launched again if it went away (a crash must not end the run). */
async function ensureBrowser() {
  if (browser?.isConnected()) return browser;
  if (browser) {
    results.problems.push(`the browser closed at ${new Date().toISOString()} (see ${browserLog}); launched again, the studio's state is lost`);
    log('  The browser closed; launching it again.');
    Object.assign(state, { page: null, loaded: false, split: null, packaged: false, serving: false });
    peersContext = null;
    peersPage = null;
  }
  browser = await chromium.launch({ executablePath: chromiumExecutable(), args: LAUNCH_ARGS, logger });
  browserCdp = await browser.newBrowserCDPSession();
  return browser;
}
const state = { page: null, loaded: false, split: null, trained: new Set(), packaged: false, serving: false };
await ensureBrowser();
let gpu;
try {
  const info = await browserCdp.send('SystemInfo.getInfo');
  gpu = `GPU: ${info.gpu.devices.map((d) => d.deviceString).join(', ') || 'none'}`;
} catch {
  gpu = null;
}

if (!earlier) results.meta = {
  startedAt: new Date(started).toISOString(),
  options: { ...options, out: basename(options.out) },
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, loadAverage: loadavg().map((l) => l.toFixed(2)).join(' ') },
  node: process.versions.node,
  browser: `Chromium ${browser.version()}`,
  launchArgs: LAUNCH_ARGS,
  gpu,
  data: { rows: data.rows, bytes: data.bytes, seed: data.seed, trainRows: data.trainRows, scoreRows: data.scoreRows, dir: data.paths.dir },
  memoryMethod: MEMORY_METHOD,
};
save();

/** Records what goes wrong in a page: uncaught errors, crashes, requests to another origin. */
function watch(page, who) {
  const origin = new URL(page.url() === 'about:blank' ? (who === 'studio' ? APP : PEERS) : page.url()).origin;
  page.on('pageerror', (error) => results.problems.push(`${who}: uncaught error: ${error.message}`));
  page.on('crash', () => results.problems.push(`${who}: the page crashed`));
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) results.problems.push(`${who}: request to another origin: ${url}`);
  });
}

async function newContext() {
  const context = await (await ensureBrowser()).newContext({ acceptDownloads: true });
  context.setDefaultTimeout(120_000);
  await context.addInitScript(studio.trackWorkerRequests);
  return context;
}

async function studioPage(context) {
  const page = await context.newPage();
  watch(page, 'studio');
  await studio.open(page, `${APP}#/data`);
  return page;
}

async function sampled(page, work) {
  const sampler = new MemorySampler(browserCdp, page);
  await sampler.start();
  try {
    const outcome = await work();
    return { ...outcome, memory: await sampler.stop() };
  } catch (error) {
    await sampler.stop();
    throw error;
  }
}

// The peers' page, fresh for every run so no run inherits another's memory.
async function peers() {
  if (peersPage) await peersPage.close().catch(() => {});
  if (!browser?.isConnected()) await ensureBrowser();
  peersContext ??= await newContext();
  peersPage = await peersContext.newPage();
  watch(peersPage, 'peers');
  await peersPage.goto(PEERS);
  await peersPage.waitForFunction(() => document.getElementById('ready')?.textContent === 'ready', null, { timeout: 60_000 });
  await peersPage.locator('#csv').setInputFiles(data.paths.csv);
  await peersPage.locator('#score').setInputFiles(data.paths.score);
  await peersPage.locator('#x').setInputFiles(data.paths.x);
  await peersPage.locator('#y').setInputFiles(data.paths.y);
  if (existsSync(onnxUsed())) await peersPage.locator('#onnx').setInputFiles(onnxUsed());
  return peersPage;
}
const callPeer = (page, name, arg = {}) => page.evaluate(([name, arg]) => globalThis.peers[name](arg), [name, arg]);
async function closePeers() {
  if (peersPage) await peersPage.close().catch(() => {});
  peersPage = null;
}

const onnxPath = join(options.work, `model-${options.rows}.onnx`);
if (wanted('serve') && existsSync(onnxPath)) unlinkSync(onnxPath); // this run exports its own
/**
 * The ONNX file the onnxruntime peers run: this run's export, or else one exported by an earlier
 * run at another size (the same columns, recipe and MLP 64,32, so the same graph; only the
 * weights differ), noted in the results.
 */
function onnxUsed() {
  if (existsSync(onnxPath)) return onnxPath;
  const other = readdirSync(options.work).filter((f) => /^model-\d+\.onnx$/.test(f)).sort().pop();
  return other ? join(options.work, other) : onnxPath;
}
try {
  if (wanted('shell') || wanted('peers-train')) {
    await workload({ id: 'env', group: 'shell', who: 'peer', label: 'Browser environment (WebGPU adapter, WebGL renderer)', unit: '' }, async () => {
      const page = await peers();
      const env = await callPeer(page, 'environment');
      results.meta.environment = env;
      await closePeers();
      return { value: null, details: env };
    });
  }

  // Shell: cold start and the initial JavaScript.
  if (wanted('shell')) {
    await workload({ id: 'studio.initialjs', group: 'shell', who: 'studio', label: 'Initial JavaScript + CSS (gzipped, from dist/index.html)', unit: 'KB' }, async () => {
      const html = readFileSync(join(appDist, 'index.html'), 'utf8');
      const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+\.(?:js|mjs|css))"/g)].map((m) => m[1]);
      const files = refs.map((ref) => {
        const bytes = readFileSync(join(appDist, ref.replace(/^\.?\//, '')));
        return { file: ref, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
      });
      const total = files.reduce((sum, f) => sum + f.gzipBytes, 0) / 1024;
      // What the page actually requested before it was usable (also workers and lazy chunks).
      const context = await newContext();
      const { files: requested } = await studio.coldStart(context, `${APP}#/data`, 60_000);
      await context.close();
      const local = [...new Set(requested.filter((u) => u.startsWith(APP)))].map((u) => {
        const bytes = readFileSync(join(appDist, decodeURIComponent(new URL(u).pathname.slice('/studio/'.length))));
        return { file: u.slice(APP.length), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
      });
      const requestedKB = local.reduce((sum, f) => sum + f.gzipBytes, 0) / 1024;
      return { value: total, runs: [total], details: { files, requestedBeforeUsable: local, requestedBeforeUsableKB: requestedKB, gzip: 'zlib level 9' } };
    });

    await workload({ id: 'studio.coldstart', group: 'shell', who: 'studio', label: 'Cold start to a usable page (fresh context: no cache, no storage)', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const context = await newContext();
        try {
          const { ms } = await studio.coldStart(context, `${APP}#/data`, 60_000);
          return { value: s(ms) };
        } finally {
          await context.close();
        }
      });
      return summarise(outcomes, 's');
    });
  }

  // Peers on the data: DuckDB-WASM, Arquero, PapaParse.
  if (wanted('peers-data')) {
    const duck = [];
    await workload({ id: 'duckdb.ingest', group: 'peers-data', who: 'peer', label: 'DuckDB-WASM read_csv_auto → table', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const page = await peers();
        const r = await sampled(page, () => callPeer(page, 'duckdbIngest'));
        if (r.rows !== data.rows) throw new Error(`DuckDB read ${r.rows} rows, not ${data.rows}`);
        duck.push(await callPeer(page, 'duckdbSummarize'));
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), details: { version: outcomes[0].version, columns: outcomes[0].columns } };
    });
    await workload({ id: 'duckdb.summarize', group: 'peers-data', who: 'peer', label: 'DuckDB-WASM SUMMARIZE', unit: 's' }, async () => summarise(duck.map((r) => ({ value: s(r.ms) })), 's'), [[duck.length > 0, 'DuckDB ingest']]);

    const profile = [];
    const recipe = [];
    await workload({ id: 'arquero.ingest', group: 'peers-data', who: 'peer', label: 'Arquero fromCSV (file text → table)', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const page = await peers();
        const r = await sampled(page, () => callPeer(page, 'arqueroIngest'));
        // Profile and recipe on the table just read; their failures are their own.
        profile.push(await callPeer(page, 'arqueroProfile').catch((error) => ({ error: error.message })));
        recipe.push(await callPeer(page, 'arqueroRecipe').catch((error) => ({ error: error.message })));
        return { ...r, value: s(r.ms) };
      });
      return summarise(outcomes, 's');
    });
    const after = (runs) => {
      const failed = runs.find((r) => r.error);
      if (failed) throw new Error(failed.error);
      return summarise(runs.map((r) => ({ value: s(r.ms) })), 's');
    };
    await workload({ id: 'arquero.profile', group: 'peers-data', who: 'peer', label: 'Arquero rollup profile (missing, distinct, min, max, mean per column)', unit: 's' }, async () => after(profile), [[profile.length > 0, 'Arquero ingest']]);
    await workload({ id: 'arquero.recipe', group: 'peers-data', who: 'peer', label: 'Arquero verbs: the same 5-step recipe', unit: 's' }, async () => after(recipe), [[recipe.length > 0, 'Arquero ingest']]);

    await workload({ id: 'papaparse.ingest', group: 'peers-data', who: 'peer', label: 'PapaParse typed parse (dynamicTyping, file text → rows)', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const page = await peers();
        const r = await sampled(page, () => callPeer(page, 'papaparse'));
        return { ...r, value: s(r.ms) };
      });
      return summarise(outcomes, 's');
    });
    await closePeers();
  }

  // The studio: ingest (a fresh context per run), then restore after a reload.
  const needLoaded = () => [[state.loaded, 'the studio ingest']];
  if (wanted('ingest') || wanted('explore') || wanted('clean') || wanted('train') || wanted('serve')) {
    const restores = [];
    await workload({ id: 'studio.ingest', group: 'ingest', who: 'studio', label: 'Data step: Load data file → stored, typed table', unit: 's' }, async () => {
      const runs = wanted('ingest') ? options.runs : 1;
      const outcomes = await repeat(async (i) => {
        if (state.page) await state.page.context().close();
        state.page = null;
        state.loaded = false;
        const context = await newContext();
        const page = await studioPage(context);
        const r = await sampled(page, () => studio.ingest(page, data.paths.csv, data.rows, 20, limit(30 * 60_000)));
        state.page = page;
        state.loaded = true;
        if (wanted('ingest') || i === 0) {
          try {
            restores.push(await sampled(page, () => studio.restore(page, data.rows, 20, limit(10 * 60_000))));
          } catch (error) {
            restores.push({ error: error.message });
          }
        }
        return { ...r, value: s(r.ms) };
      }, runs);
      return summarise(outcomes, 's');
    });
    await workload({ id: 'studio.restore', group: 'ingest', who: 'studio', label: 'Data step: reload → the stored table shown again', unit: 's' }, async () => {
      const good = restores.filter((r) => !r.error);
      if (!good.length) throw new Error(restores[0]?.error ?? 'no restore ran');
      return { ...summarise(good.map((r) => ({ ...r, value: s(r.ms) })), 's'), note: restores.length > good.length ? `failed runs: ${restores.filter((r) => r.error).map((r) => r.error).join('; ')}` : undefined };
    }, [[restores.length > 0, 'the studio ingest']]);
  }

  if (wanted('explore')) {
    await workload({ id: 'studio.explore', group: 'explore', who: 'studio', label: 'Explore: Column profile of every column', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const r = await sampled(state.page, () => studio.explore(state.page, data.rows, 20, limit(20 * 60_000)));
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), details: { status: outcomes[0].statusText, profileRows: outcomes[0].profileRows } };
    }, needLoaded());
  }

  if (wanted('clean')) {
    let applied = false;
    await workload({ id: 'studio.clean', group: 'clean', who: 'studio', label: 'Clean: the 5-step recipe applied (sum of Apply → step listed)', unit: 's' }, async () => {
      await studio.nav(state.page, 'Clean');
      const outcomes = await repeat(async (i) => {
        if (i > 0) await studio.undoAll(state.page, limit(20 * 60_000));
        const r = await sampled(state.page, () => studio.applyRecipe(state.page, limit(20 * 60_000)));
        return { ...r, value: s(r.ms), repeatSeconds: 3 * s(r.ms) };
      });
      applied = true;
      return { ...summarise(outcomes, 's'), details: { steps: outcomes.map((o) => o.steps.map((x) => ({ step: x.step, seconds: s(x.ms), preview: x.preview }))) } };
    }, needLoaded());
    await workload({ id: 'studio.replay', group: 'clean', who: 'studio', label: 'Clean: reload → the recipe replayed and shown', unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const r = await sampled(state.page, () => studio.reloadClean(state.page, limit(20 * 60_000)));
        if (r.steps !== studio.RECIPE.length) throw new Error(`${r.steps} steps after the reload`);
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), details: { status: outcomes[0].statusText } };
    }, [[applied, 'the recipe applied']]);
  }

  // Train: split 20/10/70 (200,000 train rows at 1M), then each model on each backend.
  const trainBackends = (which) => options.backends.filter((b) => which.includes(b));
  async function studioTrain(backends) {
    for (const backend of backends) {
      for (const model of ['mlp', 'logistic']) {
        await workload({ id: `studio.train.${model}.${backend}`, group: 'train', who: 'studio', label: `Train: ${model === 'mlp' ? 'MLP 64,32' : 'logistic regression'} on ${backend}`, unit: 'samples/s' }, async () => {
          const outcomes = await repeat(async (i) => {
            const name = `bench ${model} ${backend} ${i + 1}`;
            const r = await sampled(state.page, () => studio.train(state.page, { model, backend, name, epochs: EPOCHS, batchSize: BATCH }, limit(30 * 60_000)));
            state.trained.add(name);
            const samples = state.split.train * r.epochs;
            return { ...r, name, value: samples / s(r.appMs), e2eSamplesPerSecond: samples / s(r.ms) };
          });
          const sum = summarise(outcomes, 'samples/s');
          const used = [...new Set(outcomes.map((o) => o.backendUsed))];
          return {
            ...sum,
            details: {
              backendUsed: used.join('/'), validationLoss: outcomes[outcomes.length - 1].validationLoss, trainRows: state.split.train, epochs: EPOCHS, batchSize: BATCH,
              e2eSeconds: outcomes.map((o) => s(o.ms)), appSeconds: outcomes.map((o) => s(o.appMs)), e2eSamplesPerSecond: median(outcomes.map((o) => o.e2eSamplesPerSecond)),
            },
            note: [sum.note, used.some((u) => u !== backend) ? `asked for ${backend}, the studio used ${used.join('/')}` : null].filter(Boolean).join('; ') || undefined,
          };
        }, [[state.split, 'the split']]);
      }
    }
  }
  if (wanted('train') || wanted('serve')) {
    await workload({ id: 'studio.split', group: 'train', who: 'studio', label: 'Split: 20 / 10 / 70 %', unit: 's' }, async () => {
      const r = await studio.split(state.page, { train: 20, validation: 10, test: 70 }, 7, limit(10 * 60_000));
      state.split = r;
      return { value: s(r.ms), runs: [s(r.ms)], details: r };
    }, needLoaded());
  }
  if (wanted('train')) await studioTrain(trainBackends(['wasm', 'cpu']));
  else if (wanted('serve')) await studioTrain(['wasm']);

  // Package, Serve: the MLP trained on WASM, exported through the UI.
  if (wanted('serve')) {
    const served = 'bench mlp wasm 1';
    await workload({ id: 'studio.package', group: 'serve', who: 'studio', label: 'Package: export + parity check on the test part, then Export ONNX', unit: 's' }, async () => {
      await studio.selectModel(state.page, served);
      const r = await sampled(state.page, () => studio.packageModel(state.page, onnxPath, limit(30 * 60_000)));
      state.packaged = true;
      return { ...r, value: s(r.ms), runs: [s(r.ms)], details: { status: r.statusText, onnx: onnxPath } };
    }, [[state.trained.has(served), `the model "${served}"`]]);
    await workload({ id: 'studio.serve.open', group: 'serve', who: 'studio', label: 'Serve: open the step (model loaded for serving)', unit: 's' }, async () => {
      const r = await studio.openServe(state.page, limit(10 * 60_000));
      state.serving = true;
      return { value: s(r.ms), runs: [s(r.ms)] };
    }, [[state.packaged, 'Package']]);
    const app = [];
    await workload({ id: 'studio.score', group: 'serve', who: 'studio', label: `Serve: Score data file (${data.scoreRows.toLocaleString('en')} rows) → status, every row logged`, unit: 's' }, async () => {
      const outcomes = await repeat(async () => {
        const r = await sampled(state.page, () => studio.scoreFile(state.page, data.paths.score, limit(20 * 60_000)));
        if (r.rows !== data.scoreRows) throw new Error(`${r.rows} rows scored, not ${data.scoreRows}`);
        app.push({ value: r.appMs / 1000 });
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), details: { rows: outcomes[0].rows, flagged: outcomes[0].flagged } };
    }, [[state.serving, 'Serve']]);
    await workload({ id: 'studio.score.app', group: 'serve', who: 'studio', label: 'Serve: scoring time the studio reports (“scored in N ms”)', unit: 's' }, async () => summarise(app, 's'), [[app.length > 0, 'the scoring runs']]);
    await workload({ id: 'studio.predict', group: 'serve', who: 'studio', label: `Serve: one prediction, Predict → answer (its log record stored within ~100 ms, batched) (p50 of ${options.predictions})`, unit: 'ms' }, async () => {
      await studio.nav(state.page, 'Serve');
      await state.page.getByRole('button', { name: 'Predict', exact: true }).waitFor();
      const r = await studio.predictions(state.page, { count: options.predictions, field: 'n01', values: [30, 70] }, limit(10 * 60_000));
      return { value: percentile(r.times, 0.5), runs: [], details: { count: r.times.length, p50: percentile(r.times, 0.5), p95: percentile(r.times, 0.95), max: Math.max(...r.times), min: Math.min(...r.times), workerP50: r.workerTimes.length ? percentile(r.workerTimes, 0.5) : null } };
    }, [[state.serving, 'Serve']]);
  }

  // Peers on training: plain TF.js on each backend, then scikit-learn.
  async function peersTrain(backends) {
    for (const backend of backends) {
      for (const model of ['mlp', 'logistic']) {
        await workload({ id: `tfjs.${model}.${backend}`, group: 'peers-train', who: 'peer', label: `Plain TF.js ${model === 'mlp' ? 'MLP 20→64→32→1' : 'logistic regression'} on ${backend}`, unit: 'samples/s' }, async () => {
          const outcomes = await repeat(async () => {
            const page = await peers();
            const r = await sampled(page, () => callPeer(page, 'tfTrain', { backend, model, epochs: EPOCHS, batchSize: BATCH, rows: data.trainRows }));
            if (r.backend !== backend) throw new Error(`TF.js ran on ${r.backend}, not ${backend}`);
            return { ...r, value: r.samplesPerSecond };
          });
          await closePeers();
          return { ...summarise(outcomes, 'samples/s'), details: { backend, loss: outcomes[outcomes.length - 1].loss, rows: outcomes[0].rows, seconds: outcomes.map((o) => s(o.ms)) } };
        });
      }
    }
  }
  if (wanted('peers-train')) await peersTrain(trainBackends(['wasm', 'cpu']));

  if (wanted('sklearn')) {
    let sk = null;
    await workload({ id: 'sklearn.mlp', group: 'sklearn', who: 'peer', label: 'scikit-learn MLPClassifier (64,32), Adam, batch 1024, 2 epochs', unit: 'samples/s' }, async () => {
      const { stdout } = await run('/usr/bin/python3', [join(HERE, 'sklearn_bench.py'), data.paths.x, data.paths.y, String(options.runs)], { timeoutMs: limit(20 * 60_000) });
      sk = JSON.parse(stdout.trim().split('\n').pop());
      const m = sk.models.mlp;
      return { value: median(m.samplesPerSecond), unit: 'samples/s', runs: m.samplesPerSecond, details: { loss: m.loss, seconds: m.seconds, sklearn: sk.sklearn, numpy: sk.numpy } };
    });
    await workload({ id: 'sklearn.logistic', group: 'sklearn', who: 'peer', label: 'scikit-learn SGDClassifier (log loss), 2 epochs', unit: 'samples/s' }, async () => {
      const m = sk.models.logistic;
      return { value: median(m.samplesPerSecond), unit: 'samples/s', runs: m.samplesPerSecond, details: { loss: m.loss, seconds: m.seconds } };
    }, [[sk, 'scikit-learn']]);
  }

  // onnxruntime alone on the studio's exported ONNX.
  if (wanted('ort')) {
    const haveOnnx = () => [[existsSync(onnxUsed()), `an exported ONNX (${onnxPath})`]];
    const onnxNote = () => (onnxUsed() === onnxPath ? undefined : `this run exported no ONNX; ${basename(onnxUsed())} from an earlier run (same graph) was used`);
    await workload({ id: 'ortweb.score', group: 'ort', who: 'peer', label: `onnxruntime-web alone: score ${data.scoreRows.toLocaleString('en')} rows in 10,000-row calls (as the studio), WASM, 1 thread`, unit: 's' }, async () => {
      const page = await peers();
      // Session created and warmed on the whole file (the studio's serve worker is warm too).
      await callPeer(page, 'ortScore', { chunk: 10_000 });
      await callPeer(page, 'ortScore', { chunk: 0 });
      const outcomes = await repeat(async () => {
        const r = await callPeer(page, 'ortScore', { chunk: 10_000 });
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), note: onnxNote() };
    }, haveOnnx());
    await workload({ id: 'ortweb.score.batch', group: 'ort', who: 'peer', label: `onnxruntime-web alone: score ${data.scoreRows.toLocaleString('en')} rows as one batch`, unit: 's' }, async () => {
      const page = peersPage ?? (await peers());
      const outcomes = await repeat(async () => {
        const r = await callPeer(page, 'ortScore', { chunk: 0 });
        return { ...r, value: s(r.ms) };
      });
      return { ...summarise(outcomes, 's'), note: onnxNote() };
    }, haveOnnx());
    await workload({ id: 'ortweb.predict', group: 'ort', who: 'peer', label: `onnxruntime-web alone: one row (p50 of ${options.predictions})`, unit: 'ms' }, async () => {
      const page = peersPage ?? (await peers());
      const r = await callPeer(page, 'ortPredictOne', { count: options.predictions });
      return { value: r.p50, runs: [], details: { p50: r.p50, p95: r.p95, meanMs: r.meanMs, count: r.count, timerResolutionMs: r.timerResolutionMs }, note: [onnxNote(), `per-call times are coarsened to ${r.timerResolutionMs} ms (no cross-origin isolation); the mean over ${r.count} calls is ${r.meanMs.toFixed(3)} ms`].filter(Boolean).join('; ') };
    }, haveOnnx());
    await closePeers();
    await workload({ id: 'ortnode.score', group: 'ort', who: 'peer', label: `onnxruntime-node: score ${data.scoreRows.toLocaleString('en')} rows (one batch)`, unit: 's' }, async () => {
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(readFileSync(onnxUsed()));
      const lines = readFileSync(data.paths.score, 'utf8').split(/\r?\n/).filter(Boolean);
      const names = lines[0].split(',');
      const rows = lines.length - 1;
      const cells = names.map(() => new Array(rows));
      for (let r = 0; r < rows; r++) {
        const parts = lines[r + 1].split(',');
        for (let c = 0; c < names.length; c++) cells[c][r] = parts[c] ?? '';
      }
      const feeds = {};
      session.inputNames.forEach((name, i) => {
        const column = cells[names.indexOf(name)];
        if (!column) throw new Error(`The score file has no column ${name}`);
        const type = session.inputMetadata?.[i]?.type;
        feeds[name] = type === 'string'
          ? new ort.Tensor('string', column, [rows, 1])
          : new ort.Tensor('float32', Float32Array.from(column, (v) => (v === '' ? NaN : Number(v))), [rows, 1]);
      });
      await session.run(feeds);
      const outcomes = await repeat(async () => {
        const t0 = performance.now();
        await session.run(feeds);
        return { value: s(performance.now() - t0) };
      });
      return { ...summarise(outcomes, 's'), note: onnxNote() };
    }, haveOnnx());
  }

  // The slow (software) GPU backends last, so the budget cuts them first.
  if (wanted('train')) await studioTrain(trainBackends(['webgl', 'webgpu']));
  if (wanted('peers-train')) await peersTrain(trainBackends(['webgl', 'webgpu']));
} catch (error) {
  results.problems.push(`the harness stopped: ${error?.stack ?? error}`);
  log(`The harness stopped: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  save();
  await browser.close().catch(() => {});
  appServer.kill();
  peersServer.kill();
}

const failed = results.workloads.filter((w) => w.status !== 'ok' && w.id !== 'env');
log(`Done in ${((Date.now() - started) / 60_000).toFixed(1)} min: ${results.workloads.length} workloads, ${failed.length} not ok${failed.length ? ` (${failed.map((w) => `${w.id}: ${w.status}`).join(', ')})` : ''}.`);
log(`Wrote ${options.out} and ${options.out.replace(/\.json$/, '')}.md`);
