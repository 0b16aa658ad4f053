/**
 * Shared by the ONNX export tests: fixtures with every column type, running exported bytes in
 * onnxruntime-node and onnxruntime-web (its Node entry: the same wasm kernels as the app's
 * `onnxruntime-web/wasm`), and the reference ONNX checker through the system python.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { ColumnType } from '$src/core/data/columns';
import type { Frame } from '$src/core/data/frame';
import { PART } from '$src/core/data/frame';
import { columnValues } from '$src/core/data/recipe/frame-ops';
import { categoricalInput, columnInput, numericInput } from '$src/core/model/features';
import type { Preprocessor } from '$src/core/model/types';
import { createRandom } from '$src/core/random';
import { makeFrame } from '../../data/recipe/helpers';

// ---- Fixtures ----

export const FEATURES = ['Body Mass (g)', 'flipper', 'member', 'joined', 'island', 'colour'];

/**
 * `rows` rows with a number, an integer, a boolean, a date and two text features (missing values
 * in each), and four targets: `species` (3 classes, text), `sold` (boolean: classes 'false' /
 * 'true'), `grade` (integers −1, 0, 2: an int64 label) and `price` (a number around 250,000).
 * The last fifth of the rows (the test part) also holds text values never seen in training.
 */
export function fixtureFrame(seed: number, rows = 200): { frame: Frame; parts: Uint8Array } {
  const r = createRandom(seed);
  const mass: (number | null)[] = [];
  const flipper: (number | null)[] = [];
  const member: (boolean | null)[] = [];
  const joined: (string | null)[] = [];
  const island: (string | null)[] = [];
  const colour: (string | null)[] = [];
  const species: string[] = [];
  const sold: boolean[] = [];
  const grade: number[] = [];
  const price: number[] = [];
  const parts = new Uint8Array(rows);
  const islands = ['Biscoe', 'Dream', 'Torgersen', 'Biscoe', 'Dream', 'Biscoe'];
  for (let i = 0; i < rows; i++) {
    const part = i < rows * 0.6 ? PART.train : i < rows * 0.8 ? PART.validation : PART.test;
    parts[i] = part;
    const m = r.normal(4200, 700);
    const f = Math.round(r.normal(200, 12));
    const b = r.next() < 0.4;
    const day = Math.floor(r.uniform(0, 900));
    let isl = islands[r.int(islands.length)];
    if (r.next() < 0.03) isl = 'Atlantis'; // rare: below the category count, encodes as zeros
    if (part === PART.test && r.next() < 0.25) isl = 'Mars'; // never seen in training
    const col = r.next() < 0.5 ? 'red' : r.next() < 0.6 ? 'green' : 'Red'; // case matters
    mass.push(r.next() < 0.08 ? null : m);
    flipper.push(r.next() < 0.06 ? null : f);
    member.push(r.next() < 0.05 ? null : b);
    joined.push(r.next() < 0.05 ? null : new Date(Date.UTC(2021, 0, 1 + day)).toISOString().slice(0, 10));
    island.push(r.next() < 0.08 ? null : isl);
    colour.push(r.next() < 0.05 ? null : col);
    const score = (m - 4200) / 700 + (f - 200) / 12 + (isl === 'Dream' ? 1.2 : isl === 'Torgersen' ? -1.2 : 0) + r.normal(0, 0.6);
    species.push(score < -0.8 ? 'Adelie' : score < 0.8 ? 'Chinstrap' : 'Gentoo');
    sold.push(score + (b ? 0.8 : -0.8) + day / 900 > 0.3);
    grade.push(score < -0.5 ? -1 : score < 0.7 ? 0 : 2);
    price.push(250_000 + 40_000 * score + 30 * day + (b ? 12_000 : 0) + r.normal(0, 5_000));
  }
  const frame = makeFrame(
    { 'Body Mass (g)': mass, flipper, member, joined, island, colour, species, sold, grade, price },
    { 'Body Mass (g)': 'number', flipper: 'integer', member: 'boolean', joined: 'date', island: 'text', colour: 'text', grade: 'integer' },
  );
  return { frame, parts };
}

// ---- Feeds and runtimes ----

type Ort = typeof ortNode;
export const RUNTIMES: { name: string; ort: Ort }[] = [
  { name: 'onnxruntime-node', ort: ortNode },
  { name: 'onnxruntime-web', ort: ortWeb as unknown as Ort },
];

/** Raw inputs of one feature as the ONNX input holds them. */
export type FeedValues = Float32Array | string[];

/** The ONNX inputs of the frame's rows (all rows, in table order). */
export function feedsFromFrame(preprocessor: Preprocessor, frame: Frame): Record<string, FeedValues> {
  const rows = frame.table.numRows();
  const feeds: Record<string, FeedValues> = {};
  for (const f of preprocessor.features) {
    const values = columnValues(frame, f.name) as ArrayLike<unknown>;
    feeds[f.name] =
      f.kind === 'numeric'
        ? Float32Array.from({ length: rows }, (_, i) => numericInput(f, values[i]))
        : Array.from({ length: rows }, (_, i) => categoricalInput(values[i]));
  }
  return feeds;
}

/** The ONNX inputs of raw records (as `transformRecord` reads them). */
export function feedsFromRecords(preprocessor: Preprocessor, records: Record<string, unknown>[]): Record<string, FeedValues> {
  const feeds: Record<string, FeedValues> = {};
  for (const f of preprocessor.features) {
    feeds[f.name] =
      f.kind === 'numeric'
        ? Float32Array.from(records, (rec) => numericInput(f, rec[f.name]))
        : records.map((rec) => categoricalInput(rec[f.name]));
  }
  return feeds;
}

export interface RunOutput {
  dims: readonly number[];
  data: Float32Array | BigInt64Array | string[];
}

/** Runs the model's bytes on the feeds ([n, 1] each); returns every output. */
export async function runOnnx(ort: Ort, bytes: Uint8Array, feeds: Record<string, FeedValues>): Promise<Record<string, RunOutput>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const tensors: Record<string, ortNode.Tensor> = {};
    for (const [name, values] of Object.entries(feeds)) {
      tensors[name] = values instanceof Float32Array ? new ort.Tensor('float32', values, [values.length, 1]) : new ort.Tensor('string', values, [values.length, 1]);
    }
    const out = await session.run(tensors);
    const result: Record<string, RunOutput> = {};
    for (const [name, t] of Object.entries(out)) result[name] = { dims: t.dims, data: t.data as RunOutput['data'] };
    return result;
  } finally {
    await session.release();
  }
}

// ---- The reference checker ----

const PYTHON = '/usr/bin/python3';

function probeChecker(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import onnx, onnx.checker; print(onnx.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} could not be run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} -c "import onnx" failed: ${(probe.stderr || '').trim().split('\n').pop()}`;
  return null;
}

/** Why the reference checker cannot run here, or null when it can. */
export const CHECKER_UNAVAILABLE = probeChecker();
if (CHECKER_UNAVAILABLE !== null) console.warn(`ONNX checker tests skipped: ${CHECKER_UNAVAILABLE}`);

/** Runs `onnx.checker.check_model(model, full_check=True)`; returns null when it passes, else the checker's complaint. */
export function checkWithOnnx(bytes: Uint8Array): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-check-'));
  try {
    const file = join(dir, 'model.onnx');
    writeFileSync(file, bytes);
    const script = 'import sys, onnx\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint("ok")';
    const run = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
    return run.status === 0 && run.stdout.trim() === 'ok' ? null : (run.stderr || run.stdout || `exit ${run.status}`).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Feeds of a recipe plan (raw and cleaned inputs) ----

/**
 * The ONNX inputs of a recipe plan (`exportPackage(…).plan.inputs`), all rows in table order:
 * each input's column read from the frame `frameOf(input)` gives (the raw frame for raw inputs,
 * the frame after the input's step for cleaned ones), as `numericInput` / `categoricalInput`
 * turn values into what the graph takes.
 */
export function feedsFromPlanInputs<I extends { name: string; type: 'float32' | 'string'; column: string; columnType: ColumnType | null }>(
  inputs: readonly I[],
  frameOf: (input: I) => Frame,
): Record<string, FeedValues> {
  const feeds: Record<string, FeedValues> = {};
  for (const input of inputs) {
    const frame = frameOf(input);
    const values = columnValues(frame, input.column) as ArrayLike<unknown>;
    const rows = frame.table.numRows();
    if (input.type === 'float32') {
      const type = input.columnType ?? 'number';
      feeds[input.name] = Float32Array.from({ length: rows }, (_, i) => columnInput(input.name, type, values[i]));
    } else feeds[input.name] = Array.from({ length: rows }, (_, i) => categoricalInput(values[i]));
  }
  return feeds;
}
