/**
 * Gradient boosting against scikit-learn's HistGradientBoosting, same rows, same settings
 * (100 iterations, learning rate 0.1, 31 leaves, 20 rows per leaf, no L2, 255 bins, no early
 * stopping): the validation score (ROC AUC for a binary target, accuracy for three classes,
 * R² for regression) must be within one point of scikit-learn's. The datasets are generated
 * by `gbt_sklearn.py` with fixed seeds: 4,000 train and 2,000 validation rows of 12 features,
 * one of them with 15 % of the cells missing.
 * Skipped, with a message, where /usr/bin/python3 has no scikit-learn.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classificationMetrics, regressionMetrics } from '$src/core/model/metrics';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import { trainGradientBoosting, type GradientBoostingSettings } from '$src/core/model/trees/gradient-boosting';
import type { LabelledMatrix, Task, TrainingData } from '$src/core/model/types';

const PYTHON = '/usr/bin/python3';
const HELPER = join(__dirname, 'gbt_sklearn.py');
const hasSklearn = spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
if (!hasSklearn) console.log(`gradient-boosting-sklearn: skipped, ${PYTHON} cannot import sklearn (apt-get install python3-sklearn).`);

const dir = mkdtempSync(join(tmpdir(), 'gbt-sklearn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readPart(file: string): LabelledMatrix {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const width = lines[0].split(',').length - 1;
  const values = new Float32Array(lines.length * width);
  const y = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',').map(Number);
    values.set(cells.slice(0, width), i * width);
    y[i] = cells[width];
  });
  return { x: { rows: lines.length, width, values }, y };
}

const CASES: { name: string; task: Task; classes: number; settings?: Partial<GradientBoostingSettings> }[] = [
  { name: 'binary', task: 'classification', classes: 2 },
  { name: 'binary-missing', task: 'classification', classes: 2 },
  { name: 'multiclass', task: 'classification', classes: 3 },
  { name: 'regression', task: 'regression', classes: 0 },
  { name: 'regression-absolute', task: 'regression', classes: 0, settings: { regressionLoss: 'absolute-error' } },
];

describe.skipIf(!hasSklearn)('gradient boosting against scikit-learn', () => {
  for (const c of CASES) {
    it(`${c.name}: validation score within a point of HistGradientBoosting's`, async () => {
      const out = join(dir, c.name);
      mkdirSync(out, { recursive: true });
      // One OpenMP thread: the shared two-core machine runs other tests beside this one.
      const run = spawnSync(PYTHON, [HELPER, c.name, out], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
      expect(run.status, run.stderr).toBe(0);
      const sklearn = (JSON.parse(run.stdout) as { score: number }).score;
      const train = readPart(join(out, 'train.csv'));
      const validation = readPart(join(out, 'validation.csv'));
      const width = train.x.width;
      const classes = Array.from({ length: c.classes }, (_, k) => String(k));
      const data: TrainingData = {
        preprocessor: { features: [], width, columnNames: Array.from({ length: width }, (_, j) => `x${j}`) },
        target: { task: c.task, column: 'y', classes },
        train,
        validation,
      };
      const result = await trainGradientBoosting(data, { patience: 0, ...c.settings });
      expect(result.bestIteration).toBe(100);
      const p = predictEnsemble(result.ensemble, validation.x);
      const score =
        c.task === 'regression'
          ? regressionMetrics(validation.y, p)['R²']!
          : c.classes === 2
            ? classificationMetrics(validation.y, p, classes)['ROC AUC']!
            : classificationMetrics(validation.y, p, classes).Accuracy!;
      console.log(`gradient-boosting-sklearn ${c.name}: studio ${score.toFixed(4)}, scikit-learn ${sklearn.toFixed(4)}`);
      expect(Math.abs(score - sklearn)).toBeLessThanOrEqual(0.01);
    }, 180_000);
  }
});
