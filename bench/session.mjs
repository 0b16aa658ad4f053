/**
 * What the workloads run in: the generated data, the app and the peers page built and served,
 * headless Chromium (launched again if it goes away), the studio's page and the peers' page, and
 * memory sampling around a run. `openSession` prepares all of it and records the machine in the
 * results' meta.
 */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/e2e/browser.mjs';
import { generate } from './generate.mjs';
import { HERE, REPO } from './harness.mjs';
import { MemorySampler, MEMORY_METHOD } from './lib/memory.mjs';
import { freePort, log, run, serve } from './lib/util.mjs';
import * as studio from './lib/studio.mjs';

const LAUNCH_ARGS = ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export async function openSession(h) {
  const { options, results, started } = h;
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
  /** What the studio's workloads share: its page, and how far the journey got. */
  const state = { page: null, loaded: false, split: null, trained: new Set(), packaged: false, serving: false };
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
  await ensureBrowser();
  let gpu;
  try {
    const info = await browserCdp.send('SystemInfo.getInfo');
    gpu = `GPU: ${info.gpu.devices.map((d) => d.deviceString).join(', ') || 'none'}`;
  } catch {
    gpu = null;
  }

  if (!h.earlier) results.meta = {
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
  h.save();

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

  /** `work`'s outcome with the peak memory of the tab and its main thread while it ran. */
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

  const onnxPath = join(options.work, `model-${options.rows}.onnx`);
  if (h.wanted('serve') && existsSync(onnxPath)) unlinkSync(onnxPath); // this run exports its own
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

  async function close() {
    await browser.close().catch(() => {});
    appServer.kill();
    peersServer.kill();
  }

  return {
    data,
    appDist,
    APP,
    state,
    onnxPath,
    onnxUsed,
    newContext,
    studioPage,
    sampled,
    peers,
    /** The peers' page now open, or null. */
    get peersPage() {
      return peersPage;
    },
    callPeer,
    closePeers,
    close,
  };
}
