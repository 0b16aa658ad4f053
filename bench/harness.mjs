/**
 * The benchmark's harness: the command line (which groups and backends, how many rows and runs),
 * the time budget, and recording each workload — timed runs, their median, memory, and the
 * results written after every workload as JSON and as the Markdown table (lib/report.mjs).
 * Knows nothing about what a workload does; the groups are in workloads/.
 */
import { loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './generate.mjs';
import { log, median } from './lib/util.mjs';
import { renderMarkdown } from './lib/report.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..');
export const GROUPS = ['shell', 'peers-data', 'ingest', 'explore', 'clean', 'train', 'serve', 'peers-train', 'sklearn', 'boosting', 'ort'];
export const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'];

/** Milliseconds as seconds. */
export const s = (ms) => ms / 1000;

/** The run's options from the command line (see README.md); null after printing the help. */
export function readOptions(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(readFileSync(join(HERE, 'README.md'), 'utf8'));
    return null;
  }
  const options = {
    rows: args.quick ? 100_000 : Number(args.rows ?? 1_000_000),
    seed: Number(args.seed ?? 42),
    runs: Math.max(1, Number(args.runs ?? 3)),
    budgetMinutes: Number(args.budgetMinutes ?? 60),
    maxRepeatSeconds: Number(args.maxRepeatSeconds ?? 60),
    predictions: Number(args.predictions ?? 200),
    backends: String(args.backends ?? BACKENDS.join(',')).split(',').filter(Boolean),
    only: args.only ? String(args.only).split(',') : GROUPS,
    skip: args.skip ? String(args.skip).split(',') : [],
    build: args.build !== 'false' && !args.noBuild,
    out: resolve(String(args.out ?? join(HERE, 'results.json'))),
    work: resolve(String(args.work ?? join(tmpdir(), 'ml-studio-bench'))),
  };
  options.trainRows = Number(args.trainRows ?? Math.min(200_000, Math.round(options.rows * 0.2)));
  for (const group of [...options.only, ...options.skip]) if (!GROUPS.includes(group)) throw new Error(`Unknown group ${group}; the groups are ${GROUPS.join(', ')}`);
  for (const backend of options.backends) if (!BACKENDS.includes(backend)) throw new Error(`Unknown backend ${backend}`);
  return { options, merge: Boolean(args.merge) };
}

/**
 * The harness of one run: `workload` records a measurement, `repeat` and `summarise` time it,
 * `wanted` filters groups, `limit` bounds a wait by the budget.
 */
export function createHarness(options, merge) {
  const started = Date.now();
  const deadline = started + options.budgetMinutes * 60_000;
  const remaining = () => deadline - Date.now();
  /** A wait's limit: what is left of the budget, but at least a minute so a started run can finish. */
  const limit = (ms = Infinity) => Math.max(60_000, Math.min(ms, remaining()));
  const wanted = (group) => options.only.includes(group) && !options.skip.includes(group);

  const results = { meta: {}, workloads: [], problems: [] };
  // --merge: rerun some groups into an earlier run's results (same data size), replacing their workloads.
  const earlier = merge && existsSync(options.out) ? JSON.parse(readFileSync(options.out, 'utf8')) : null;
  if (earlier) {
    if (earlier.meta.data?.rows !== options.rows) throw new Error(`--merge: ${options.out} has ${earlier.meta.data?.rows} rows, not ${options.rows}`);
    Object.assign(results, earlier);
    results.meta.reruns = [...(earlier.meta.reruns ?? []), { startedAt: new Date(started).toISOString(), groups: options.only.filter(wanted), backends: options.backends, loadAverage: loadavg().map((l) => l.toFixed(2)).join(' ') }];
  }
  const save = () => {
    if (earlier) results.meta.reruns[results.meta.reruns.length - 1].durationMinutes = (Date.now() - started) / 60_000;
    else results.meta.durationMinutes = (Date.now() - started) / 60_000;
    writeFileSync(options.out, JSON.stringify(results, null, 2));
    writeFileSync(options.out.replace(/\.json$/, '') + '.md', renderMarkdown(results));
  };

  /**
   * Runs one workload: skipped when the budget is spent or what it needs failed, recorded as failed
   * (with its message) when it throws. `fn` returns { value, runs?, unit?, memory?, details?, note? }.
   */
  async function workload(meta, fn, needs = []) {
    const record = { ...meta };
    const missing = needs.filter(([ok]) => !ok).map(([, why]) => why);
    if (missing.length) {
      Object.assign(record, { status: 'skipped', error: `needs ${missing.join(', ')}` });
      log(`- ${meta.label}: skipped (${record.error})`);
    } else if (remaining() <= 0) {
      Object.assign(record, { status: 'skipped', error: 'the time budget was spent' });
      log(`- ${meta.label}: skipped (budget)`);
    } else {
      log(`> ${meta.label}`);
      const t0 = Date.now();
      try {
        Object.assign(record, { status: 'ok' }, await fn());
        const shown = typeof record.value !== 'number' ? '' : record.unit === 'samples/s' ? `${Math.round(record.value).toLocaleString('en')} samples/s` : `${record.value.toFixed(3)} ${record.unit}`;
        log(`  ok: ${shown}${record.runs?.length > 1 ? ` (median of ${record.runs.length})` : ''}${record.memory?.peakTabRssMB ? `, peak tab ${record.memory.peakTabRssMB} MB` : ''} [${((Date.now() - t0) / 1000).toFixed(0)} s]`);
      } catch (error) {
        const message = String(error?.message ?? error).split('\n').filter(Boolean).slice(0, 4).join(' ').slice(0, 600);
        Object.assign(record, { status: 'failed', error: message });
        log(`  FAILED: ${message}`);
      }
    }
    const at = results.workloads.findIndex((w) => w.id === record.id);
    if (earlier && !wanted(record.group)) {
      // A prerequisite of what is rerun (e.g. the ingest before training): kept aside, not replacing the earlier figure.
      (results.prerequisites ??= []).push(record);
    } else if (at >= 0) {
      results.workloads[at] = earlier ? { ...record, rerunAt: new Date(started).toISOString() } : record;
    } else {
      results.workloads.push(record);
    }
    save();
    return record.status === 'ok' ? record : null;
  }

  /**
   * Up to `runs` runs of `once` (each returns a number, or { value, ... }); stops repeating when a
   * run took longer than --max-repeat-seconds or the budget is spent.
   */
  async function repeat(once, runs = options.runs) {
    const outcomes = [];
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      const outcome = await once(i);
      outcomes.push(outcome);
      // Where a run's wall time holds waits that are not the workload (Clean's previews), the run says what counts.
      const took = outcome?.repeatSeconds ?? (Date.now() - t0) / 1000;
      if (i + 1 < runs && took > options.maxRepeatSeconds) {
        outcomes.note = `${i + 1} run(s): a run took ${took.toFixed(0)} s, over --max-repeat-seconds ${options.maxRepeatSeconds}`;
        break;
      }
      if (i + 1 < runs && remaining() <= 0) {
        outcomes.note = `${i + 1} run(s): the time budget was spent`;
        break;
      }
    }
    return outcomes;
  }

  return { options, started, results, earlier, save, workload, repeat, summarise, wanted, limit, remaining };
}

/** Median of the outcomes' values, with every run and the median of each numeric detail. */
export function summarise(outcomes, unit, pick = (o) => o.value) {
  const values = outcomes.map(pick);
  const mid = median(values);
  const memories = outcomes.map((o) => o.memory).filter(Boolean);
  const memory = memories.length
    ? { peakTabRssMB: Math.max(...memories.map((m) => m.peakTabRssMB ?? 0)) || null, peakMainThreadHeapMB: Math.max(...memories.map((m) => m.peakMainThreadHeapMB ?? 0)) || null, perRun: memories }
    : undefined;
  return { value: mid, unit, runs: values, memory, note: outcomes.note };
}
