#!/usr/bin/env node
/**
 * `npm run bench:scale`: what the studio does with 5 and 10 million rows (the scale check).
 * For each size it generates the benchmark's table (bench/generate.mjs, same seed), then drives a
 * fresh browser through Load data file → Explore → Split → Train (one epoch of the MLP) and
 * records, per phase, whether it finished, refused with an alert (and what the alert said) or
 * crashed the tab, with its time and the tab's peak memory. Writes bench/scale.json and .md.
 *
 *   node bench/scale.mjs [--rows 5000000,10000000] [--no-build] [--work DIR]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/e2e/browser.mjs';
import { generate, parseArgs } from './generate.mjs';
import { MemorySampler } from './lib/memory.mjs';
import { freePort, log, run, serve } from './lib/util.mjs';
import * as studio from './lib/studio.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const args = parseArgs(process.argv.slice(2));
const sizes = String(args.rows ?? '5000000,10000000').split(',').map(Number);
const work = resolve(String(args.work ?? join(tmpdir(), 'ml-studio-bench')));
const out = join(HERE, 'scale.json');
const PHASE_MS = 30 * 60_000;

const appDist = join(work, 'app-dist');
if (!args.noBuild || !existsSync(join(appDist, 'index.html'))) {
  log('Building the app (npx vite build)…');
  await run('npx', ['vite', 'build', '--outDir', appDist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO, timeoutMs: 600_000 });
}
const port = await freePort();
const server = await serve(REPO, appDist, port, '/studio/');
const APP = `http://127.0.0.1:${port}/studio/`;

const results = { startedAt: new Date().toISOString(), machine: { cpus: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30) }, sizes: [] };
const save = () => {
  writeFileSync(out, JSON.stringify(results, null, 2));
  writeFileSync(out.replace(/\.json$/, '.md'), markdown());
};

for (const rows of sizes) {
  log(`${rows.toLocaleString('en')} rows: generating (reused when there)…`);
  const data = await generate({ rows, seed: 42, out: join(work, `data-${rows}-seed42`) });
  const entry = { rows, bytes: data.bytes, phases: [] };
  results.sizes.push(entry);
  // A profile on disk, as a user's browser has: a private context keeps storage in memory under
  // a small quota (there the studio refuses the 10-million-row file up front, for lack of space).
  const profile = mkdtempSync(join(work, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), args: ['--enable-unsafe-webgpu', '--no-first-run'] });
  const cdp = await context.browser().newBrowserCDPSession();
  context.setDefaultTimeout(120_000);
  const page = context.pages()[0] ?? (await context.newPage());
  let crashed = false;
  page.on('crash', () => (crashed = true));
  page.on('pageerror', (error) => entry.phases.push({ phase: 'uncaught error', outcome: 'error', message: error.message }));

  /** Runs one phase; false when the next ones cannot follow. */
  const phase = async (name, work) => {
    log(`  ${name}…`);
    const sampler = new MemorySampler(cdp, page);
    await sampler.start();
    const t0 = Date.now();
    const record = { phase: name };
    try {
      Object.assign(record, { outcome: 'done', ...(await work()) });
    } catch (error) {
      const refused = /showed an alert: (.*)$/s.exec(error.message);
      Object.assign(record, crashed ? { outcome: 'crashed', message: 'the tab crashed' } : refused ? { outcome: 'refused', message: refused[1] } : { outcome: 'failed', message: error.message.split('\n')[0] });
    }
    record.seconds = (Date.now() - t0) / 1000;
    const memory = await sampler.stop().catch(() => null);
    record.peakTabMB = memory?.peakTabRssMB ?? null;
    entry.phases.push(record);
    log(`    ${record.outcome} in ${record.seconds.toFixed(1)} s${record.peakTabMB ? `, peak tab ${record.peakTabMB} MB` : ''}${record.message ? `: ${record.message}` : ''}`);
    save();
    return record.outcome === 'done';
  };

  try {
    await studio.open(page, `${APP}#/data`);
    const ok =
      (await phase('load', () => studio.ingest(page, data.paths.csv, rows, 20, PHASE_MS))) &&
      (await phase('profile', async () => {
        await studio.nav(page, 'Explore');
        const seen = await studio.waitForText(page, /^Profile of \d+ rows × \d+ columns/, { timeoutMs: PHASE_MS });
        return { status: seen.text };
      })) &&
      (await phase('split', () => studio.split(page, { train: 20, validation: 10, test: 70 }, 7, PHASE_MS))) &&
      (await phase('train', () => studio.train(page, { model: 'mlp', backend: 'auto', name: 'scale', epochs: 1, batchSize: 1024 }, PHASE_MS)));
    entry.all = ok;
    entry.storage = await page.evaluate(() => navigator.storage.estimate().then(({ usage, quota }) => ({ usageMB: Math.round(usage / 2 ** 20), quotaMB: Math.round(quota / 2 ** 20) }))).catch(() => null);
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
  save();
}
server.kill();
save();
log(`Written: ${out} and ${out.replace(/\.json$/, '.md')}`);

function markdown() {
  const lines = ['# Scale: the studio at millions of rows', '', `Run ${results.startedAt} on ${results.machine.cpus} cores, ${results.machine.memoryGB} GB RAM (headless Chromium, \`node bench/scale.mjs\`).`, ''];
  lines.push('| rows | CSV | phase | outcome | time | peak tab memory | note |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const size of results.sizes) {
    if (size.storage) size.phases.at(-1).storage = size.storage;
    for (const p of size.phases) {
      lines.push(`| ${size.rows.toLocaleString('en')} | ${(size.bytes / 1e6).toFixed(0)} MB | ${p.phase} | ${p.outcome} | ${p.seconds?.toFixed(1) ?? '—'} s | ${p.peakTabMB ?? '—'} MB | ${(p.message ?? p.status ?? p.statusText ?? '').replace(/\|/g, '\\|').slice(0, 300)} |`);
    }
  }
  return lines.join('\n') + '\n';
}
