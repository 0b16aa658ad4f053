/**
 * Gradient-boosted trees: the studio's learner beside scikit-learn's HistGradientBoosting and
 * XGBoost's `hist` trees, on the benchmark's train rows (train-x.f32, 20 features) with the same
 * settings (100 iterations, learning rate 0.1, 31 leaves, 20 per leaf, 255 bins, no early
 * stopping), each scored by ROC AUC on the validation rows that follow them.
 *
 * The studio's learner runs in this Node thread (bench/lib/gbt-node.mjs: the TypeScript of
 * src/core/model/trees bundled, as the app's training worker runs it: one thread), not through
 * the page, so the figure is the learner's fit alone, without the worker's messages or the
 * preprocessing. Runs are interleaved (studio, then each peer, run after run) so that a change
 * in the machine's load falls on every side alike; the peers run with all cores and with one
 * thread. A peer whose Python module is missing is skipped with a note.
 */
import { fitPeer, fitStudio, loadLearner, readTask } from '../lib/gbt-node.mjs';
import { median } from '../lib/util.mjs';
import { REPO } from '../harness.mjs';
import { FEATURES } from '../generate.mjs';

/** The sides, in the order each run fits them. */
export const BOOSTING_SIDES = [
  { id: 'studio.gbt', who: 'studio', label: 'Studio gradient-boosted trees (Node, one thread)' },
  { id: 'sklearn.hgb', who: 'peer', label: 'scikit-learn HistGradientBoostingClassifier, all cores', peer: 'sklearn', threads: null },
  { id: 'sklearn.hgb.1thread', who: 'peer', label: 'scikit-learn HistGradientBoostingClassifier, 1 thread', peer: 'sklearn', threads: 1 },
  { id: 'xgboost.hist', who: 'peer', label: 'XGBoost hist (lossguide), all cores', peer: 'xgboost', threads: null },
  { id: 'xgboost.hist.1thread', who: 'peer', label: 'XGBoost hist (lossguide), 1 thread', peer: 'xgboost', threads: 1 },
];

export async function runBoosting(h, env) {
  const { options, workload, limit } = h;
  const { data } = env;
  const task = readTask(data.paths, FEATURES);
  const learner = await loadLearner(REPO, data.paths.dir);
  const figures = new Map(BOOSTING_SIDES.map((side) => [side.id, { runs: [], missing: null, error: null }]));
  for (let r = 0; r < options.runs && h.remaining() > 0; r++) {
    for (const side of BOOSTING_SIDES) {
      const f = figures.get(side.id);
      if (f.missing || f.error) continue;
      try {
        const outcome = side.peer ? await fitPeer(REPO, data.paths.dir, FEATURES, side.peer, side.threads, limit(20 * 60_000)) : await fitStudio(learner, task);
        if (outcome.missing) f.missing = outcome.missing;
        else f.runs.push(outcome);
      } catch (error) {
        f.error = error;
      }
    }
  }
  const studio = median(figures.get('studio.gbt').runs.map((o) => o.seconds));
  for (const side of BOOSTING_SIDES) {
    const f = figures.get(side.id);
    const needs = f.missing ? [[false, `the Python module ${f.missing} (not installed)`]] : [];
    await workload({ id: side.id, group: 'boosting', who: side.who, label: `${side.label}, 100 iterations, 31 leaves`, unit: 's' }, async () => {
      if (f.error) throw f.error;
      if (!f.runs.length) throw new Error('no run finished within the time budget');
      const seconds = f.runs.map((o) => o.seconds);
      const value = median(seconds);
      return {
        value,
        unit: 's',
        runs: seconds,
        details: {
          auc: median(f.runs.map((o) => o.auc)),
          cpuSeconds: median(f.runs.map((o) => o.cpuSeconds)),
          rows: task.train.x.rows,
          validationRows: task.validation.x.rows,
          threads: side.peer ? (side.threads ?? 'all') : 1,
          version: f.runs[0].version,
          ratio: side.peer && studio !== null ? studio / value : undefined,
        },
      };
    }, needs);
  }
}
