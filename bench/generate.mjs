#!/usr/bin/env node
/**
 * The benchmark's datasets, generated from a seed so anyone can rerun them:
 *
 * - `data.csv`: N rows × 20 columns (default 1,000,000 rows, about 135 MB): 15 numeric columns
 *   `n01`…`n15` (`n01`…`n05` about 5 % empty), 4 categorical `c1`…`c4` and a binary `target`
 *   (0/1) that depends on some numeric columns and on `c1` through a logistic model.
 * - `score.csv`: 100,000 further rows of the same columns without `target`, for scoring.
 * - `train-x.f32` / `train-y.f32`: the first `trainRows` rows of data.csv as a dense float32
 *   matrix of 20 features (the 15 numeric columns mean-imputed and standardised, then `c1` one-hot
 *   in 5 columns) and their 0/1 target, for the plain TF.js and scikit-learn peers.
 * - `validation-x.f32` / `validation-y.f32`: the next `trainRows / 2` rows the same way (scaled
 *   by the train rows' means and deviations; the studio's split is 20 / 10 %), on which the
 *   gradient-boosting peers and the studio's learner report their validation AUC.
 * - `meta.json`: what was generated.
 *
 *   node bench/generate.mjs [--rows N | --quick] [--seed S] [--train-rows N] [--out DIR]
 *
 * Files already generated with the same settings are reused.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NUMERIC = Array.from({ length: 15 }, (_, i) => `n${String(i + 1).padStart(2, '0')}`);
export const WITH_MISSING = NUMERIC.slice(0, 5);
export const CATEGORIES = {
  c1: ['red', 'green', 'blue', 'amber', 'violet'],
  c2: Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`),
  c3: ['Lisbon', 'Porto', 'Braga', 'Faro', 'Evora', 'Coimbra', 'Aveiro', 'Leiria', 'Viseu', 'Guarda', 'Beja', 'Setubal'],
  c4: ['A', 'B', 'C'],
};
export const COLUMNS = [...NUMERIC, ...Object.keys(CATEGORIES), 'target'];
export const FEATURES = 20;
/** Rows of data.csv; the score file has this many further rows. */
export const SCORE_ROWS = 100_000;
export const MISSING_RATE = 0.05;

/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each numeric column: mean, spread, decimals (so the file reads like real measurements).
const SHAPES = NUMERIC.map((_, i) => ({ mean: [50, 0, 1000, 3.5, -20, 0, 200, 12, 0.5, 75, 5000, -1, 30, 8, 100][i], sd: [10, 1, 250, 1.2, 6, 3, 40, 4, 0.2, 15, 900, 0.5, 7, 2, 25][i], decimals: [3, 5, 2, 4, 3, 5, 3, 4, 5, 3, 2, 5, 3, 4, 3][i] }));
// The logistic model behind the target: weights on standardised columns, and a shift per c1.
const WEIGHTS = [1.2, -0.8, 0.6, 0, 0.5, 0.9, 0, -0.7, 0.4, 0, 0, 0.3, 0, -0.5, 0.2];
const C1_SHIFT = [0.8, -0.4, 0, 0.3, -0.9];

/**
 * Calls `row(values)` for each generated row: numbers (NaN when empty), category indexes and the
 * target. The same seed always gives the same rows.
 */
export function generateRows(count, seed, row) {
  const next = random(seed);
  const z = new Float64Array(NUMERIC.length);
  const values = new Float64Array(NUMERIC.length);
  const cats = new Int32Array(4);
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const lists = Object.values(CATEGORIES);
  for (let i = 0; i < count; i++) {
    let logit = -0.2;
    for (let j = 0; j < NUMERIC.length; j++) {
      z[j] = normal();
      logit += WEIGHTS[j] * z[j];
      const missing = j < WITH_MISSING.length && next() < MISSING_RATE;
      values[j] = missing ? NaN : SHAPES[j].mean + SHAPES[j].sd * z[j];
    }
    for (let k = 0; k < 4; k++) {
      // Skewed category frequencies, as real categories are.
      const u = next();
      cats[k] = Math.min(lists[k].length - 1, Math.floor(lists[k].length * u * u));
    }
    logit += C1_SHIFT[cats[0]];
    const target = next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    row(values, cats, target);
  }
}

function line(values, cats, target, withTarget) {
  let text = '';
  for (let j = 0; j < values.length; j++) {
    if (j) text += ',';
    if (!Number.isNaN(values[j])) text += values[j].toFixed(SHAPES[j].decimals);
  }
  const lists = Object.values(CATEGORIES);
  for (let k = 0; k < 4; k++) text += ',' + lists[k][cats[k]];
  if (withTarget) text += ',' + target;
  return text + '\n';
}

/** Writes as it generates (1 MB at a time), so 10 million rows never sit in memory at once. */
async function writeCsv(path, count, seed, withTarget, onRow) {
  const fd = openSync(path, 'w');
  try {
    let chunk = (withTarget ? COLUMNS : COLUMNS.slice(0, -1)).join(',') + '\n';
    generateRows(count, seed, (values, cats, target) => {
      onRow?.(values, cats, target);
      chunk += line(values, cats, target, withTarget);
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    });
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Where the files for these settings live. */
export function dataDir(rows, seed, base = join(tmpdir(), 'ml-studio-bench')) {
  return join(base, `data-${rows}-seed${seed}`);
}

/** Generates (or reuses) the files; returns their paths and the settings. */
export async function generate({ rows = 1_000_000, seed = 42, trainRows = Math.min(200_000, Math.round(rows * 0.2)), out } = {}) {
  const dir = out ?? dataDir(rows, seed);
  const metaPath = join(dir, 'meta.json');
  const meta = { version: 3, rows, seed, trainRows, features: FEATURES, scoreRows: SCORE_ROWS, columns: COLUMNS };
  const paths = {
    dir, csv: join(dir, 'data.csv'), score: join(dir, 'score.csv'), x: join(dir, 'train-x.f32'), y: join(dir, 'train-y.f32'),
    validationX: join(dir, 'validation-x.f32'), validationY: join(dir, 'validation-y.f32'), meta: metaPath,
  };
  if (existsSync(metaPath)) {
    const old = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (JSON.stringify({ ...old, bytes: undefined }) === JSON.stringify({ ...meta, bytes: undefined })) return { ...old, paths };
  }
  mkdirSync(dir, { recursive: true });

  // The first trainRows + validationRows rows, raw, for the dense matrices (standardised by the
  // train rows' statistics once all are seen).
  const validationRows = Math.floor(trainRows / 2);
  const kept = trainRows + validationRows;
  const rawX = new Float64Array(kept * NUMERIC.length);
  const c1 = new Int32Array(kept);
  const y = new Float32Array(kept);
  let r = 0;
  await writeCsv(paths.csv, rows, seed, true, (values, cats, target) => {
    if (r >= kept) return;
    rawX.set(values, r * NUMERIC.length);
    c1[r] = cats[0];
    y[r] = target;
    r++;
  });
  await writeCsv(paths.score, SCORE_ROWS, seed + 1, false);
  if (r < kept) throw new Error(`Only ${r} rows for train and validation matrices of ${trainRows} and ${validationRows}`);

  const x = new Float32Array(kept * FEATURES);
  for (let j = 0; j < NUMERIC.length; j++) {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < trainRows; i++) {
      const v = rawX[i * NUMERIC.length + j];
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < trainRows; i++) {
      const v = rawX[i * NUMERIC.length + j];
      if (!Number.isNaN(v)) ss += (v - mean) ** 2;
    }
    const sd = Math.sqrt(ss / n) || 1;
    for (let i = 0; i < kept; i++) {
      const v = rawX[i * NUMERIC.length + j];
      x[i * FEATURES + j] = Number.isNaN(v) ? 0 : (v - mean) / sd;
    }
  }
  for (let i = 0; i < kept; i++) x[i * FEATURES + NUMERIC.length + c1[i]] = 1;
  const bytes = (a, from, to) => new Uint8Array(a.buffer, a.BYTES_PER_ELEMENT * from, a.BYTES_PER_ELEMENT * (to - from));
  writeFileSync(paths.x, bytes(x, 0, trainRows * FEATURES));
  writeFileSync(paths.y, bytes(y, 0, trainRows));
  writeFileSync(paths.validationX, bytes(x, trainRows * FEATURES, kept * FEATURES));
  writeFileSync(paths.validationY, bytes(y, trainRows, kept));
  const { size } = await import('node:fs').then((fs) => fs.statSync(paths.csv));
  const done = { ...meta, bytes: size };
  writeFileSync(metaPath, JSON.stringify(done, null, 2));
  return { ...done, paths };
}

/** Reads `--name value` and `--flag` options. */
export function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`);
    const name = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) options[name] = true;
    else {
      options[name] = value;
      i++;
    }
  }
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const rows = options.quick ? 100_000 : Number(options.rows ?? 1_000_000);
  const started = Date.now();
  const result = await generate({
    rows,
    seed: Number(options.seed ?? 42),
    ...(options.trainRows ? { trainRows: Number(options.trainRows) } : {}),
    ...(options.out ? { out: String(options.out) } : {}),
  });
  console.log(`${result.rows} rows (${(result.bytes / 1e6).toFixed(1)} MB) in ${result.paths.dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
