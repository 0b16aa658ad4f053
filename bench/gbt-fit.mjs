/**
 * Gradient-boosting fit time: the studio's learner (src/core/model/trees, bundled with rolldown
 * and run in this Node thread) beside scikit-learn's HistGradientBoostingClassifier on the same
 * rows and settings (100 iterations, learning rate 0.1, 31 leaves, 20 per leaf, 255 bins, no
 * early stopping), in the same run. Measures; asserts nothing.
 *
 *   node bench/gbt-fit.mjs [--rows 200000] [--features 12] [--runs 3] [--seed 42]
 *
 * Prints per run the fit seconds and validation ROC AUC of each side (scikit-learn with all its
 * OpenMP threads and with one), then the medians and the ratio studio / scikit-learn.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const rows = Number(args.rows ?? 200_000);
const features = Number(args.features ?? 12);
const runs = Number(args.runs ?? 3);
const seed = Number(args.seed ?? 42);
const PYTHON = '/usr/bin/python3';
const HELPER = join(root, 'bench/gbt_fit_sklearn.py');

const dir = mkdtempSync(join(tmpdir(), 'gbt-fit-'));
try {
  const python = (argv, env = {}) => {
    const run = spawnSync(PYTHON, [HELPER, ...argv], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (run.status !== 0) throw new Error(run.stderr);
    return run.stdout;
  };
  python(['generate', dir, String(rows), String(features), String(seed)]);
  // One bundle of the learner and the reference predictions, so Node runs the TypeScript as is.
  const entry = join(dir, 'entry.ts');
  const source = (file) => JSON.stringify(join(root, 'src/core/model/trees', file));
  writeFileSync(entry, `export { trainGradientBoosting } from ${source('gradient-boosting.ts')};\nexport { predictEnsemble } from ${source('ensemble.ts')};\n`);
  const bundle = join(dir, 'gbt.mjs');
  const build = spawnSync(join(root, 'node_modules/.bin/rolldown'), [entry, '--format', 'esm', '--file', bundle], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr || build.stdout);
  const { trainGradientBoosting, predictEnsemble } = await import(pathToFileURL(bundle).href);
  const read = (name) => new Float32Array(readFileSync(join(dir, `${name}.f32`)).buffer.slice(0));
  const part = (name) => {
    const values = read(`${name}-x`);
    return { x: { rows: values.length / features, width: features, values }, y: read(`${name}-y`) };
  };
  const data = {
    preprocessor: { features: [], width: features, columnNames: Array.from({ length: features }, (_, j) => `x${j}`) },
    target: { task: 'classification', column: 'y', classes: ['0', '1'] },
    train: part('train'),
    validation: part('validation'),
  };
  const settings = { iterations: 100, learningRate: 0.1, maxLeaves: 31, minSamplesLeaf: 20, maxBins: 255, patience: 0 };
  const figures = { studio: [], sklearn: [], sklearn1: [] };
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const result = await trainGradientBoosting(data, settings);
    const seconds = (performance.now() - start) / 1000;
    const p = predictEnsemble(result.ensemble, data.validation.x);
    figures.studio.push({ seconds, auc: auc(data.validation.y, p) });
    figures.sklearn.push(JSON.parse(python(['fit', dir, String(features)])));
    figures.sklearn1.push(JSON.parse(python(['fit', dir, String(features)], { OMP_NUM_THREADS: '1' })));
    console.log(`run ${r + 1}: studio ${fmt(figures.studio[r])}; scikit-learn ${fmt(figures.sklearn[r])}; scikit-learn, 1 thread ${fmt(figures.sklearn1[r])}`);
  }
  const median = (list) => list.map((f) => f.seconds).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const [s, k, k1] = [median(figures.studio), median(figures.sklearn), median(figures.sklearn1)];
  console.log(`${rows} × ${features} rows, 100 iterations, 31 leaves, median of ${runs}:`);
  console.log(`studio ${s.toFixed(2)} s; scikit-learn ${k.toFixed(2)} s (ratio ${(s / k).toFixed(2)}); scikit-learn 1 thread ${k1.toFixed(2)} s (ratio ${(s / k1).toFixed(2)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function fmt(f) {
  return `${f.seconds.toFixed(2)} s, AUC ${f.auc.toFixed(4)}`;
}

/** ROC AUC of p(class 1) (column 1 of [1 − p, p] rows), ties counted half. */
function auc(y, p) {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[2 * a + 1] - p[2 * b + 1]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[2 * order[j + 1] + 1] === p[2 * order[i] + 1]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) {
      rankSum += rank;
      positives++;
    }
    i = j + 1;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
