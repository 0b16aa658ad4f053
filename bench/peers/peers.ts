/**
 * The peers the studio is measured against, run in the same browser as the studio: DuckDB-WASM,
 * Arquero, PapaParse, plain TensorFlow.js and onnxruntime-web. The benchmark (`bench/session.mjs`) sets the files on
 * this page's inputs and calls `window.peers.<workload>(options)`; each call times only the work
 * itself (libraries are loaded and the inputs read before the clock starts, unless reading the
 * file is part of the workload, as it is for ingest) and returns `{ ms, ... }`.
 *
 * Every library is bundled from node_modules by Vite (their .wasm and worker files too): the page
 * asks nothing of another origin.
 */
import duckdbWasmEh from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerEh from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import tfWasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfWasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AsyncDuckDB, AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { ColumnTable } from 'arquero';
import type { InferenceSession, Tensor } from 'onnxruntime-web';

const FEATURES = 20;

function file(id: string): File {
  const input = document.getElementById(id) as HTMLInputElement | null;
  const chosen = input?.files?.[0];
  if (!chosen) throw new Error(`No file set on #${id}`);
  return chosen;
}

// DuckDB-WASM: the exception-handling build (no cross-origin isolation, so no threads).
let duck: { db: AsyncDuckDB; conn: AsyncDuckDBConnection } | null = null;

async function duckdbOpen() {
  if (duck) {
    await duck.conn.close();
    await duck.db.terminate();
    duck = null;
  }
  const duckdb = await import('@duckdb/duckdb-wasm');
  const worker = new Worker(new URL(duckdbWorkerEh, location.href).href);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(new URL(duckdbWasmEh, location.href).href);
  const conn = await db.connect();
  await conn.query('SELECT 1'); // the first query sets the engine up; not part of any workload
  duck = { db, conn };
  return { duckdb, db, conn };
}

async function duckdbIngest() {
  const { duckdb, db, conn } = await duckdbOpen();
  const csv = file('csv');
  const version = await db.getVersion();
  const t0 = performance.now();
  await db.registerFileHandle('data.csv', csv, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  await conn.query(`CREATE TABLE t AS SELECT * FROM read_csv_auto('data.csv')`);
  const ms = performance.now() - t0;
  const count = await conn.query('SELECT count(*)::INTEGER AS n FROM t');
  const columns = await conn.query(`SELECT count(*)::INTEGER AS n FROM information_schema.columns WHERE table_name = 't'`);
  return { ms, rows: Number(count.getChild('n')?.get(0)), columns: Number(columns.getChild('n')?.get(0)), version };
}

async function duckdbSummarize() {
  if (!duck) throw new Error('Run duckdbIngest first');
  const t0 = performance.now();
  const result = await duck.conn.query('SUMMARIZE t');
  const ms = performance.now() - t0;
  return { ms, columns: result.numRows };
}

// Arquero: fromCSV on the file's text, a rollup profile, and the 5-step recipe with its verbs.
let table: ColumnTable | null = null;

async function arqueroIngest() {
  table = null;
  const aq = await import('arquero');
  const csv = file('csv');
  const t0 = performance.now();
  const text = await csv.text();
  table = aq.fromCSV(text);
  const ms = performance.now() - t0;
  return { ms, rows: table.numRows(), columns: table.numCols() };
}

function arqueroTable(): ColumnTable {
  if (!table) throw new Error('Run arqueroIngest first');
  return table;
}

/** Per column: missing, distinct, and for numbers min, max and mean (the studio's profile table's columns). */
async function arqueroProfile() {
  const t = arqueroTable();
  const aggregates: Record<string, string> = {};
  for (const name of t.columnNames()) {
    const d = `d[${JSON.stringify(name)}]`;
    aggregates[`${name} missing`] = `d => op.invalid(${d})`;
    aggregates[`${name} distinct`] = `d => op.distinct(${d})`;
    if (typeof t.get(name, 0) === 'number' || t.get(name, 0) === null) {
      aggregates[`${name} min`] = `d => op.min(${d})`;
      aggregates[`${name} max`] = `d => op.max(${d})`;
      aggregates[`${name} mean`] = `d => op.mean(${d})`;
    }
  }
  const t0 = performance.now();
  const profile = t.rollup(aggregates);
  const ms = performance.now() - t0;
  return { ms, aggregates: profile.numCols() };
}

/** The studio's 5-step recipe written directly with Arquero verbs (each fitted step fits on all rows, as the studio does before a split). */
async function arqueroRecipe() {
  let t = arqueroTable();
  const t0 = performance.now();
  // 1. Impute n01 with its median.
  const m1 = t.rollup({ m: 'd => op.median(d.n01)' }).get('m', 0);
  t = t.params({ m1 }).derive({ n01: '(d, $) => d.n01 == null ? $.m1 : d.n01' });
  // 2. Impute n02 with its mean.
  const m2 = t.rollup({ m: 'd => op.mean(d.n02)' }).get('m', 0);
  t = t.params({ m2 }).derive({ n02: '(d, $) => d.n02 == null ? $.m2 : d.n02' });
  // 3. Clip n06 to Q1 − 1.5·IQR … Q3 + 1.5·IQR.
  const q = t.rollup({ q1: 'd => op.quantile(d.n06, 0.25)', q3: 'd => op.quantile(d.n06, 0.75)' });
  const q1 = q.get('q1', 0) as number;
  const q3 = q.get('q3', 0) as number;
  const lo = q1 - 1.5 * (q3 - q1);
  const hi = q3 + 1.5 * (q3 - q1);
  t = t.params({ lo, hi }).derive({ n06: '(d, $) => d.n06 == null ? d.n06 : d.n06 < $.lo ? $.lo : d.n06 > $.hi ? $.hi : d.n06' });
  // 4. Replace "violet" in c1 with "purple".
  t = t.derive({ c1: 'd => d.c1 === "violet" ? "purple" : d.c1' });
  // 5. Trim the text of c2.
  t = t.derive({ c2: 'd => op.trim(d.c2)' });
  const ms = performance.now() - t0;
  return { ms, rows: t.numRows(), columns: t.numCols() };
}

// PapaParse: the whole file's text parsed into typed rows.
async function papaparse() {
  const { default: Papa } = await import('papaparse');
  const csv = file('csv');
  const t0 = performance.now();
  const text = await csv.text();
  const result = Papa.parse<Record<string, unknown>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  const ms = performance.now() - t0;
  return { ms, rows: result.data.length, columns: result.meta.fields?.length ?? 0, errors: result.errors.length };
}

// Plain TF.js: an MLP 20→64→32→1 and logistic regression, Adam, binary cross-entropy.
type TfBackend = 'wasm' | 'cpu' | 'webgl' | 'webgpu';

async function tfTrain(options: { backend: TfBackend; model: 'mlp' | 'logistic'; epochs?: number; batchSize?: number; rows?: number }) {
  const { backend, model, epochs = 2, batchSize = 1024 } = options;
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': new URL(tfWasmPlain, location.href).href,
      'tfjs-backend-wasm-simd.wasm': new URL(tfWasmSimd, location.href).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(tfWasmThreaded, location.href).href,
    });
  }
  if (backend === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu || !(await gpu.requestAdapter())) throw new Error('This browser offers no WebGPU adapter');
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  const x = new Float32Array(await file('x').arrayBuffer());
  const y = new Float32Array(await file('y').arrayBuffer());
  const rows = Math.min(options.rows ?? y.length, y.length);
  const xs = tf.tensor2d(x.subarray(0, rows * FEATURES), [rows, FEATURES]);
  const ys = tf.tensor2d(y.subarray(0, rows), [rows, 1]);
  const net = tf.sequential();
  if (model === 'mlp') {
    net.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [FEATURES] }));
    net.add(tf.layers.dense({ units: 32, activation: 'relu' }));
    net.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  } else {
    net.add(tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [FEATURES] }));
  }
  net.compile({ optimizer: tf.train.adam(model === 'mlp' ? 0.001 : 0.01), loss: 'binaryCrossentropy' });
  try {
    const t0 = performance.now();
    const history = await net.fit(xs, ys, { batchSize, epochs, shuffle: true, verbose: 0 });
    const ms = performance.now() - t0;
    const losses = history.history.loss as number[];
    return { ms, rows, epochs, batchSize, samplesPerSecond: (rows * epochs) / (ms / 1000), loss: losses[losses.length - 1], backend: tf.getBackend() };
  } finally {
    net.dispose();
    xs.dispose();
    ys.dispose();
  }
}

// onnxruntime-web: the studio's exported ONNX on the score file, as one batch and row by row.
let ortSession: { session: InferenceSession; ort: typeof import('onnxruntime-web') } | null = null;
let scoreColumns: { names: string[]; cells: string[][] } | null = null;

async function ortOpen() {
  if (ortSession) return ortSession;
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(await file('onnx').arrayBuffer()));
  ortSession = { session, ort: ort as unknown as typeof import('onnxruntime-web') };
  return ortSession;
}

async function scoreTable() {
  if (scoreColumns) return scoreColumns;
  const lines = (await file('score').text()).split(/\r?\n/).filter((l) => l.length > 0);
  const names = lines[0].split(',');
  const cells = names.map(() => new Array<string>(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const parts = lines[r].split(',');
    for (let c = 0; c < names.length; c++) cells[c][r - 1] = parts[c] ?? '';
  }
  scoreColumns = { names, cells };
  return scoreColumns;
}

/** The model's inputs as [N, 1] columns: float32 (NaN = missing) or string ('' = missing). */
function feedsFor(session: InferenceSession, ort: typeof import('onnxruntime-web'), table: { names: string[]; cells: string[][] }, from: number, to: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  const rows = to - from;
  session.inputNames.forEach((name, i) => {
    const meta = session.inputMetadata?.[i] as { type?: string } | undefined;
    const column = table.cells[table.names.indexOf(name)];
    if (!column) throw new Error(`The score file has no column ${name}`);
    if (meta?.type === 'string') {
      feeds[name] = new ort.Tensor('string', column.slice(from, to), [rows, 1]);
    } else {
      const values = new Float32Array(rows);
      for (let r = 0; r < rows; r++) values[r] = column[from + r] === '' ? NaN : Number(column[from + r]);
      feeds[name] = new ort.Tensor('float32', values, [rows, 1]);
    }
  });
  return feeds;
}

/** The whole score file through the model: in `chunk`-row calls (as the studio's Serve step does), or as one batch when `chunk` is 0. */
async function ortScore(options: { rows?: number; chunk?: number } = {}) {
  const { session, ort } = await ortOpen();
  const t = await scoreTable();
  const rows = Math.min(options.rows ?? t.cells[0].length, t.cells[0].length);
  const chunk = options.chunk || rows;
  const batches: Record<string, Tensor>[] = [];
  for (let from = 0; from < rows; from += chunk) batches.push(feedsFor(session, ort, t, from, Math.min(rows, from + chunk)));
  const t0 = performance.now();
  for (const feeds of batches) await session.run(feeds);
  const ms = performance.now() - t0;
  return { ms, rows, chunk, calls: batches.length };
}

async function ortPredictOne(options: { count?: number } = {}) {
  const { session, ort } = await ortOpen();
  const t = await scoreTable();
  const count = options.count ?? 200;
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const r = i % t.cells[0].length;
    const t0 = performance.now();
    const feeds = feedsFor(session, ort, t, r, r + 1);
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  const meanMs = (performance.now() - start) / count;
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  // Without cross-origin isolation performance.now() is coarsened to 0.1 ms: the mean over all calls is finer.
  return { ms: at(0.5), p50: at(0.5), p95: at(0.95), meanMs, count, timerResolutionMs: 0.1 };
}

/** What this browser offers: WebGPU adapter, WebGL renderer, cores. */
async function environment() {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  let adapter: string | null;
  try {
    const a = gpu ? await gpu.requestAdapter() : null;
    adapter = a ? JSON.stringify({ vendor: a.info?.vendor, architecture: a.info?.architecture, description: a.info?.description }) : null;
  } catch (error) {
    adapter = `error: ${(error as Error).message}`;
  }
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return {
    userAgent: navigator.userAgent,
    cores: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    webgpuAdapter: adapter,
    webgl: gl ? String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : null,
  };
}

const peers = { duckdbIngest, duckdbSummarize, arqueroIngest, arqueroProfile, arqueroRecipe, papaparse, tfTrain, ortScore, ortPredictOne, environment };
(globalThis as unknown as { peers: typeof peers }).peers = peers;
document.getElementById('ready')!.textContent = 'ready';
