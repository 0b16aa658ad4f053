/**
 * The studio's gradient-boosting learner in this Node thread, for the benchmark's `boosting`
 * group and bench/gbt-fit.mjs: src/core/model/trees bundled with rolldown (so Node runs the
 * TypeScript as the app's worker does, one thread, no SharedArrayBuffer), fitted on float32
 * files and scored by validation ROC AUC; and the gradient-boosting peers run through
 * bench/gbt_peers.py.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from './util.mjs';

export const PYTHON = '/usr/bin/python3';

/** The settings every side uses: scikit-learn's defaults, no early stopping. */
export const GBT_SETTINGS = { iterations: 100, learningRate: 0.1, maxLeaves: 31, minSamplesLeaf: 20, maxBins: 255, l2: 0, patience: 0 };

/** Bundles the learner into `dir` and imports it: { trainGradientBoosting, predictEnsemble }. */
export async function loadLearner(repo, dir) {
  const entry = join(dir, 'gbt-entry.ts');
  const source = (file) => JSON.stringify(join(repo, 'src/core/model/trees', file));
  writeFileSync(entry, `export { trainGradientBoosting } from ${source('gradient-boosting.ts')};\nexport { predictEnsemble } from ${source('ensemble.ts')};\n`);
  const bundle = join(dir, `gbt-${Date.now()}.mjs`);
  const build = spawnSync(join(repo, 'node_modules/.bin/rolldown'), [entry, '--format', 'esm', '--file', bundle], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr || build.stdout);
  return import(pathToFileURL(bundle).href);
}

/** A binary classification task from `{x, y, validationX, validationY}` float32 files of `features` columns. */
export function readTask(paths, features) {
  const read = (path) => new Float32Array(readFileSync(path).buffer.slice(0));
  const part = (x, y) => {
    const values = read(x);
    return { x: { rows: values.length / features, width: features, values }, y: read(y) };
  };
  return {
    preprocessor: { features: [], width: features, columnNames: Array.from({ length: features }, (_, j) => `x${j}`) },
    target: { task: 'classification', column: 'y', classes: ['0', '1'] },
    train: part(paths.x, paths.y),
    validation: part(paths.validationX, paths.validationY),
  };
}

/**
 * One fit of the studio's learner: seconds (wall clock), CPU seconds (this process: the thread
 * plus V8's helpers, such as the garbage collector) and validation AUC.
 */
export async function fitStudio(learner, task) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await learner.trainGradientBoosting(task, GBT_SETTINGS);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const p = learner.predictEnsemble(result.ensemble, task.validation.x);
  const p1 = new Float64Array(task.validation.y.length);
  for (let i = 0; i < p1.length; i++) p1[i] = p[2 * i + 1];
  return { seconds, cpuSeconds, auc: rocAuc(task.validation.y, p1) };
}

/**
 * One fit of a peer ('sklearn' or 'xgboost') on the same files; `threads` sets OMP_NUM_THREADS
 * (null: all cores). Resolves with { seconds, cpuSeconds, auc, threads, version } or { missing }.
 */
export async function fitPeer(repo, dir, features, peer, threads = null, timeoutMs = 20 * 60_000) {
  const env = { ...process.env };
  if (threads) env.OMP_NUM_THREADS = String(threads);
  else delete env.OMP_NUM_THREADS;
  const { stdout } = await run(PYTHON, [join(repo, 'bench/gbt_peers.py'), 'fit', dir, String(features), peer], { env, timeoutMs });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** ROC AUC of scores `p` for 0/1 labels `y`, ties counted half. */
export function rocAuc(y, p) {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]] === p[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
