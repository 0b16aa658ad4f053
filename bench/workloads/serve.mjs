/** Package and Serve: the MLP trained on WASM, exported through the UI, then scoring and single predictions. */
import { s, summarise } from '../harness.mjs';
import { percentile } from '../lib/util.mjs';
import * as studio from '../lib/studio.mjs';

/** Package, open Serve, score the score file, and single predictions. */
export async function runServe(h, env) {
  const { options, workload, repeat, limit } = h;
  const { data, state, onnxPath, sampled } = env;
  const served = 'bench mlp wasm 1';
  await workload({ id: 'studio.package', group: 'serve', who: 'studio', label: 'Package: export + parity check on the test part, then Export ONNX', unit: 's' }, async () => {
    await studio.selectModel(state.page, served);
    const r = await sampled(state.page, () => studio.packageModel(state.page, onnxPath, limit(30 * 60_000)));
    state.packaged = true;
    return { ...r, value: s(r.ms), runs: [s(r.ms)], details: { status: r.statusText, onnx: onnxPath } };
  }, [[state.trained.has(served), `the model "${served}"`]]);
  await workload({ id: 'studio.serve.open', group: 'serve', who: 'studio', label: 'Serve: open the step (model loaded for serving)', unit: 's' }, async () => {
    const r = await studio.openServe(state.page, limit(10 * 60_000));
    state.serving = true;
    return { value: s(r.ms), runs: [s(r.ms)] };
  }, [[state.packaged, 'Package']]);
  const app = [];
  await workload({ id: 'studio.score', group: 'serve', who: 'studio', label: `Serve: Score data file (${data.scoreRows.toLocaleString('en')} rows) → status, every row logged`, unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const r = await sampled(state.page, () => studio.scoreFile(state.page, data.paths.score, limit(20 * 60_000)));
      if (r.rows !== data.scoreRows) throw new Error(`${r.rows} rows scored, not ${data.scoreRows}`);
      app.push({ value: r.appMs / 1000 });
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), details: { rows: outcomes[0].rows, flagged: outcomes[0].flagged } };
  }, [[state.serving, 'Serve']]);
  await workload({ id: 'studio.score.app', group: 'serve', who: 'studio', label: 'Serve: scoring time the studio reports (“scored in N ms”)', unit: 's' }, async () => summarise(app, 's'), [[app.length > 0, 'the scoring runs']]);
  await workload({ id: 'studio.predict', group: 'serve', who: 'studio', label: `Serve: one prediction, Predict → answer (its log record stored within ~100 ms, batched) (p50 of ${options.predictions})`, unit: 'ms' }, async () => {
    await studio.nav(state.page, 'Serve');
    await state.page.getByRole('button', { name: 'Predict', exact: true }).waitFor();
    const r = await studio.predictions(state.page, { count: options.predictions, field: 'n01', values: [30, 70] }, limit(10 * 60_000));
    return { value: percentile(r.times, 0.5), runs: [], details: { count: r.times.length, p50: percentile(r.times, 0.5), p95: percentile(r.times, 0.95), max: Math.max(...r.times), min: Math.min(...r.times), workerP50: r.workerTimes.length ? percentile(r.workerTimes, 0.5) : null } };
  }, [[state.serving, 'Serve']]);
}
