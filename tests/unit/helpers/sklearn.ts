/**
 * The tree learners against scikit-learn: `sklearn_reference.py` (beside this file) writes a
 * dataset's train and validation parts as CSV and prints scikit-learn's validation scores;
 * `reference` runs it and reads the parts back as the studio's `TrainingData`, and
 * `validationScore` scores a studio model the way the script scored scikit-learn's. Tests that
 * use it are skipped, with a message, where /usr/bin/python3 cannot import sklearn
 * (`hasSklearn`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classificationMetrics, regressionMetrics } from '$src/core/model/metrics';
import { predictEnsemble, type TreeEnsemble } from '$src/core/model/trees/ensemble';
import type { LabelledMatrix, Task, TrainingData } from '$src/core/model/types';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, 'sklearn_reference.py');

/** Whether /usr/bin/python3 has scikit-learn; when not, says so on the console, naming `suite`. */
export function hasSklearn(suite: string): boolean {
  const ok = spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (!ok) console.log(`${suite}: skipped, ${PYTHON} cannot import sklearn (apt-get install python3-sklearn).`);
  return ok;
}

/** A dataset of `sklearn_reference.py`, and what its target is. */
export interface ReferenceDataset {
  name: string;
  task: Task;
  /** Number of classes; 0 for regression. */
  classes: number;
}

/** The model scikit-learn fits: see the script's header. */
/** Every dataset the reference script knows: generated sets, then scikit-learn's shipped ones. */
export const ALL_DATASETS: readonly ReferenceDataset[] = [
  { name: 'binary', task: 'classification', classes: 2 },
  { name: 'binary-missing', task: 'classification', classes: 2 },
  { name: 'multiclass', task: 'classification', classes: 3 },
  { name: 'regression', task: 'regression', classes: 0 },
  { name: 'cancer', task: 'classification', classes: 2 },
  { name: 'cancer-missing-text', task: 'classification', classes: 2 },
  { name: 'digits', task: 'classification', classes: 10 },
  { name: 'wine', task: 'classification', classes: 3 },
  { name: 'diabetes', task: 'regression', classes: 0 },
];

export type ReferenceModel = 'gbt' | 'gbt-absolute' | 'tree' | 'tree-depth5' | 'forest';

/** A temporary folder for the CSV files, and its removal (for `afterAll`). */
export function scratchFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the script for one dataset and model (one OpenMP thread: the shared two-core machine
 * runs other tests beside it); returns scikit-learn's scores (one per seed) and the same rows
 * as `TrainingData`.
 */
export function reference(dir: string, dataset: ReferenceDataset, model: ReferenceModel, seeds = 1): { scores: number[]; data: TrainingData } {
  const out = join(dir, `${dataset.name}-${model}`);
  mkdirSync(out, { recursive: true });
  const run = spawnSync(PYTHON, [SCRIPT, dataset.name, model, out, String(seeds)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (run.status !== 0) throw new Error(`sklearn_reference.py ${dataset.name} ${model} failed: ${run.stderr}`);
  const train = readPart(join(out, 'train.csv'));
  const validation = readPart(join(out, 'validation.csv'));
  const width = train.x.width;
  const data: TrainingData = {
    preprocessor: { features: [], width, columnNames: Array.from({ length: width }, (_, j) => `x${j}`) },
    target: { task: dataset.task, column: 'y', classes: Array.from({ length: dataset.classes }, (_, k) => String(k)) },
    train,
    validation,
  };
  return { scores: (JSON.parse(run.stdout) as { scores: number[] }).scores, data };
}

/** One CSV part: features then the target per line; 'nan' reads as NaN. */
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

/**
 * The model's validation score as the script scores scikit-learn's: R² for regression, ROC AUC
 * for a binary target when `auc` (gradient boosting), accuracy otherwise.
 */
export function validationScore(ensemble: TreeEnsemble, data: TrainingData, auc = false): number {
  const p = predictEnsemble(ensemble, data.validation.x);
  const { task, classes } = data.target;
  if (task === 'regression') return regressionMetrics(data.validation.y, p)['R²']!;
  const metrics = classificationMetrics(data.validation.y, p, classes);
  return auc && classes.length === 2 ? metrics['ROC AUC']! : metrics.Accuracy!;
}

export const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** What one validation row weighs in accuracy (0 for regression): a tolerance cannot be finer. */
export function oneRow(data: TrainingData): number {
  return data.target.task === 'regression' ? 0 : 1 / data.validation.x.rows;
}
