#!/usr/bin/env node
/**
 * `npm run bench`: the studio measured beside its peers in the same browser and the same run
 * against its performance goals. Builds the app, serves it (and a page of peers) with tests/e2e/static-server.mjs,
 * drives headless Chromium as the end-to-end tests do, and writes bench/results.json and
 * bench/results.md. See bench/README.md for the options.
 *
 * The harness (options, budget, recording) is harness.mjs, the browser and servers session.mjs,
 * and each group of workloads one module in workloads/; this file runs the groups in order.
 */
import { createHarness, readOptions } from './harness.mjs';
import { openSession } from './session.mjs';
import { log } from './lib/util.mjs';
import { runBoosting } from './workloads/boosting.mjs';
import { runClean } from './workloads/clean.mjs';
import { runExplore } from './workloads/explore.mjs';
import { runIngest } from './workloads/ingest.mjs';
import { runOrt } from './workloads/ort.mjs';
import { runPeersData } from './workloads/peers-data.mjs';
import { peersTrain } from './workloads/peers-train.mjs';
import { runServe } from './workloads/serve.mjs';
import { environment, runShell } from './workloads/shell.mjs';
import { runSklearn } from './workloads/sklearn.mjs';
import { runSplit, studioTrain, trainBackends } from './workloads/train.mjs';

const read = readOptions(process.argv.slice(2));
if (read === null) process.exit(0);
const { options } = read;
const h = createHarness(options, read.merge);
const { results, started, wanted } = h;

log(`ML Studio benchmark: ${options.rows.toLocaleString('en')} rows, ${options.runs} runs, budget ${options.budgetMinutes} min, groups ${options.only.filter(wanted).join(', ')}`);
const env = await openSession(h);

try {
  if (wanted('shell') || wanted('peers-train')) await environment(h, env);
  if (wanted('shell')) await runShell(h, env);
  if (wanted('peers-data')) await runPeersData(h, env);
  // The studio's journey: a later group needs the table loaded, the split made, the model trained.
  if (wanted('ingest') || wanted('explore') || wanted('clean') || wanted('train') || wanted('serve')) await runIngest(h, env);
  if (wanted('explore')) await runExplore(h, env);
  if (wanted('clean')) await runClean(h, env);
  if (wanted('train') || wanted('serve')) await runSplit(h, env);
  if (wanted('train')) await studioTrain(h, env, trainBackends(options, ['wasm', 'cpu']));
  else if (wanted('serve')) await studioTrain(h, env, ['wasm']);
  if (wanted('serve')) await runServe(h, env);
  if (wanted('peers-train')) await peersTrain(h, env, trainBackends(options, ['wasm', 'cpu']));
  if (wanted('sklearn')) await runSklearn(h, env);
  if (wanted('boosting')) await runBoosting(h, env);
  if (wanted('ort')) await runOrt(h, env);
  // The slow (software) GPU backends last, so the budget cuts them first.
  if (wanted('train')) await studioTrain(h, env, trainBackends(options, ['webgl', 'webgpu']));
  if (wanted('peers-train')) await peersTrain(h, env, trainBackends(options, ['webgl', 'webgpu']));
} catch (error) {
  results.problems.push(`the harness stopped: ${error?.stack ?? error}`);
  log(`The harness stopped: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  h.save();
  await env.close();
}

const failed = results.workloads.filter((w) => w.status !== 'ok' && w.id !== 'env');
log(`Done in ${((Date.now() - started) / 60_000).toFixed(1)} min: ${results.workloads.length} workloads, ${failed.length} not ok${failed.length ? ` (${failed.map((w) => `${w.id}: ${w.status}`).join(', ')})` : ''}.`);
log(`Wrote ${options.out} and ${options.out.replace(/\.json$/, '')}.md`);
