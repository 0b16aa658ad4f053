/**
 * The categorical encoding for tree models, measured with the studio's own learners:
 * `bench/categorical_encoding.py --write` fits each encoding (one-hot; ordinal codes in train
 * order) on each dataset's train part per seed and scores scikit-learn's HistGradientBoosting
 * on each, and on its native category splits; this script trains the studio's gradient-boosted
 * trees (100 iterations, no early stopping) and random forest (100 trees) on the same matrices
 * (src/core/model/trees, bundled with rolldown and run in this Node thread) and prints the mean
 * test score per dataset and encoding beside scikit-learn's. Measures; asserts nothing.
 *
 *   node bench/categorical-encoding.mjs [--seeds 5] [--bench-rows 30000] [--from DIR]
 *
 * --from DIR reuses matrices and the report written earlier (`report.json` beside `index.json`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const seeds = Number(args.seeds ?? 5);
const benchRows = Number(args['bench-rows'] ?? 30_000);

const dir = args.from ?? mkdtempSync(join(tmpdir(), 'cat-enc-'));
try {
  if (!existsSync(join(dir, 'index.json'))) {
    const run = spawnSync('/usr/bin/python3', [join(root, 'bench/categorical_encoding.py'), '--seeds', String(seeds), '--bench-rows', String(benchRows), '--write', dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    writeFileSync(join(dir, 'report.json'), run.stdout);
  }
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));

  const entry = join(dir, 'entry.ts');
  const source = (file) => JSON.stringify(join(root, 'src/core/model/trees', file));
  writeFileSync(entry, [
    `export { GRADIENT_BOOSTING_DEFAULTS, trainGradientBoosting } from ${source('gradient-boosting.ts')};`,
    `export { RANDOM_FOREST_DEFAULTS, trainRandomForest } from ${source('random-forest.ts')};`,
    `export { predictEnsemble } from ${source('ensemble.ts')};`,
  ].join('\n'));
  const bundle = join(dir, 'trees.mjs');
  const build = spawnSync(join(root, 'node_modules/.bin/rolldown'), [entry, '--format', 'esm', '--file', bundle], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(build.stderr || build.stdout);
  const trees = await import(pathToFileURL(bundle).href);

  const scores = new Map();
  for (const item of index) {
    const read = (name) => {
      // A small file's Buffer is a view into a shared pool: copy just its bytes.
      const bytes = readFileSync(join(dir, `${item.stem}-${name}.f32`));
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    };
    const part = (name) => {
      const values = read(`${name}-x`);
      return { x: { rows: values.length / item.width, width: item.width, values }, y: read(`${name}-y`) };
    };
    const task = item.task === 'regression' ? 'regression' : 'classification';
    const classes = task === 'regression' ? [] : Array.from({ length: item.classes }, (_, k) => String(k));
    const data = {
      preprocessor: { features: [], width: item.width, columnNames: Array.from({ length: item.width }, (_, j) => `x${j}`) },
      target: { task, column: 'y', classes },
      train: part('train'),
      validation: part('validation'),
    };
    const test = part('test');
    const boosted = await trees.trainGradientBoosting(data, { ...trees.GRADIENT_BOOSTING_DEFAULTS, iterations: 100, patience: 0 });
    const forest = await trees.trainRandomForest(data, { ...trees.RANDOM_FOREST_DEFAULTS, seed: item.seed });
    for (const [learner, result] of [['studio boosted trees', boosted], ['studio random forest', forest]]) {
      const key = `${item.dataset}\u0000${learner}\u0000${item.encoding}`;
      const list = scores.get(key) ?? [];
      list.push(score(item.task, test.y, trees.predictEnsemble(result.ensemble, test.x), item.classes));
      scores.set(key, list);
    }
  }

  const metric = { regression: 'r2', binary: 'auc', multiclass: 'accuracy' };
  const lines = ['| dataset | learner | encoding | width | test score |', '| --- | --- | --- | --- | --- |'];
  for (const d of report) {
    const m = metric[d.task];
    for (const [encoding, r] of Object.entries(d.results)) lines.push(`| ${d.dataset} | scikit-learn HistGradientBoosting | ${encoding} | ${r.width} | ${m} ${r[m].toFixed(4)} |`);
    for (const learner of ['studio boosted trees', 'studio random forest']) {
      for (const encoding of ['one-hot', 'ordinal (train order)']) {
        const list = scores.get(`${d.dataset}\u0000${learner}\u0000${encoding}`) ?? [];
        const mean = list.reduce((a, b) => a + b, 0) / list.length;
        lines.push(`| ${d.dataset} | ${learner} | ${encoding} | ${d.results[encoding].width} | ${m} ${mean.toFixed(4)} |`);
      }
    }
  }
  console.log(lines.join('\n'));
} finally {
  if (args.from === undefined) rmSync(dir, { recursive: true, force: true });
}

/** R² (regression), ROC AUC (two classes) or accuracy (more classes) of the predictions `p`. */
function score(task, y, p, classes) {
  const n = y.length;
  if (task === 'regression') {
    const mean = y.reduce((a, b) => a + b, 0) / n;
    let ss = 0;
    let st = 0;
    for (let i = 0; i < n; i++) {
      ss += (y[i] - p[i]) ** 2;
      st += (y[i] - mean) ** 2;
    }
    return 1 - ss / st;
  }
  if (task === 'binary') return auc(y, Float32Array.from({ length: n }, (_, i) => p[2 * i + 1]));
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (p[i * classes + k] > p[i * classes + best]) best = k;
    if (best === y[i]) right++;
  }
  return right / n;
}

/** ROC AUC of the scores `s` for the labels `y` (0/1), ties counted half. */
function auc(y, s) {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a] - s[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[order[j + 1]] === s[order[i]]) j++;
    for (let k = i; k <= j; k++) if (y[order[k]] === 1) {
      rankSum += (i + j) / 2 + 1;
      positives++;
    }
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * (n - positives));
}
