/**
 * Gradient-boosting fit time at one size, without the browser: the studio's learner
 * (src/core/model/trees, bundled with rolldown and run in this Node thread) beside
 * scikit-learn's HistGradientBoostingClassifier and XGBoost's `hist` trees on the same rows and
 * settings (100 iterations, learning rate 0.1, 31 leaves, 20 per leaf, 255 bins, no early
 * stopping), interleaved run by run. Measures; asserts nothing.
 *
 *   node bench/gbt-fit.mjs [--rows 200000] [--features 12] [--runs 3] [--seed 42]
 *                          [--peers sklearn,xgboost] [--before DIR]
 *
 * The peers run with all cores (OpenMP's default) and with one thread. `--before DIR`: also fit
 * the learner of another checkout (its src/core/model/trees) in the same runs, for a
 * before / after comparison. Prints per run the fit seconds (wall clock and CPU) and
 * validation ROC AUC of each side, then the medians and the ratios studio / peer. On a busy
 * machine the CPU seconds of one-thread sides compare better than their wall clocks (a
 * process waiting for a core is not charged); for all-core peers CPU seconds add the threads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './generate.mjs';
import { fitPeer, fitStudio, loadLearner, PYTHON, readTask } from './lib/gbt-node.mjs';
import { median, run } from './lib/util.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = parseArgs(process.argv.slice(2));
const rows = Number(args.rows ?? 200_000);
const features = Number(args.features ?? 12);
const runs = Number(args.runs ?? 3);
const seed = Number(args.seed ?? 42);
const peers = String(args.peers ?? 'sklearn,xgboost').split(',').filter(Boolean);

const dir = mkdtempSync(join(tmpdir(), 'gbt-fit-'));
try {
  await run(PYTHON, [join(root, 'bench/gbt_peers.py'), 'generate', dir, String(rows), String(features), String(seed)]);
  const paths = { x: join(dir, 'train-x.f32'), y: join(dir, 'train-y.f32'), validationX: join(dir, 'validation-x.f32'), validationY: join(dir, 'validation-y.f32') };
  const task = readTask(paths, features);
  const sides = [{ name: 'studio', learner: await loadLearner(root, dir) }];
  if (args.before) sides.push({ name: 'studio before', learner: await loadLearner(resolve(String(args.before)), dir) });
  for (const peer of peers) for (const threads of [null, 1]) sides.push({ name: `${peer}${threads ? ', 1 thread' : ''}`, peer, threads });
  const figures = new Map(sides.map((side) => [side.name, []]));
  for (let r = 0; r < runs; r++) {
    const line = [];
    for (const side of sides) {
      const f = side.learner ? await fitStudio(side.learner, task) : await fitPeer(root, dir, features, side.peer, side.threads);
      if (f.missing) {
        line.push(`${side.name}: module ${f.missing} missing, skipped`);
        continue;
      }
      figures.get(side.name).push(f);
      line.push(`${side.name} ${f.seconds.toFixed(2)} s (CPU ${f.cpuSeconds.toFixed(2)} s), AUC ${f.auc.toFixed(4)}`);
    }
    console.log(`run ${r + 1}: ${line.join('; ')}`);
  }
  const studio = median(figures.get('studio').map((f) => f.seconds));
  const studioCpu = median(figures.get('studio').map((f) => f.cpuSeconds));
  console.log(`${rows} × ${features} rows, 100 iterations, 31 leaves, median of ${runs}:`);
  for (const [name, list] of figures) {
    if (!list.length) continue;
    const seconds = median(list.map((f) => f.seconds));
    const cpu = median(list.map((f) => f.cpuSeconds));
    const auc = median(list.map((f) => f.auc));
    const ratios = name === 'studio' ? '' : `  studio / this ${(studio / seconds).toFixed(2)} (CPU ${(studioCpu / cpu).toFixed(2)})`;
    console.log(`  ${name.padEnd(22)} ${seconds.toFixed(2)} s, CPU ${cpu.toFixed(2)} s  AUC ${auc.toFixed(4)}${ratios}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
