/** onnxruntime alone (web and node) on the studio's exported ONNX. */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { s, summarise } from '../harness.mjs';

/** Scoring in 10,000-row calls and as one batch, and single rows, in onnxruntime-web; one batch in onnxruntime-node. */
export async function runOrt(h, env) {
  const { options, workload, repeat } = h;
  const { data, onnxPath, onnxUsed, peers, callPeer, closePeers } = env;
  const haveOnnx = () => [[existsSync(onnxUsed()), `an exported ONNX (${onnxPath})`]];
  const onnxNote = () => (onnxUsed() === onnxPath ? undefined : `this run exported no ONNX; ${basename(onnxUsed())} from an earlier run (same graph) was used`);
  await workload({ id: 'ortweb.score', group: 'ort', who: 'peer', label: `onnxruntime-web alone: score ${data.scoreRows.toLocaleString('en')} rows in 10,000-row calls (as the studio), WASM, 1 thread`, unit: 's' }, async () => {
    const page = await peers();
    // Session created and warmed on the whole file (the studio's serve worker is warm too).
    await callPeer(page, 'ortScore', { chunk: 10_000 });
    await callPeer(page, 'ortScore', { chunk: 0 });
    const outcomes = await repeat(async () => {
      const r = await callPeer(page, 'ortScore', { chunk: 10_000 });
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), note: onnxNote() };
  }, haveOnnx());
  await workload({ id: 'ortweb.score.batch', group: 'ort', who: 'peer', label: `onnxruntime-web alone: score ${data.scoreRows.toLocaleString('en')} rows as one batch`, unit: 's' }, async () => {
    const page = env.peersPage ?? (await peers());
    const outcomes = await repeat(async () => {
      const r = await callPeer(page, 'ortScore', { chunk: 0 });
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), note: onnxNote() };
  }, haveOnnx());
  await workload({ id: 'ortweb.predict', group: 'ort', who: 'peer', label: `onnxruntime-web alone: one row (p50 of ${options.predictions})`, unit: 'ms' }, async () => {
    const page = env.peersPage ?? (await peers());
    const r = await callPeer(page, 'ortPredictOne', { count: options.predictions });
    return { value: r.p50, runs: [], details: { p50: r.p50, p95: r.p95, meanMs: r.meanMs, count: r.count, timerResolutionMs: r.timerResolutionMs }, note: [onnxNote(), `per-call times are coarsened to ${r.timerResolutionMs} ms (no cross-origin isolation); the mean over ${r.count} calls is ${r.meanMs.toFixed(3)} ms`].filter(Boolean).join('; ') };
  }, haveOnnx());
  await closePeers();
  await workload({ id: 'ortnode.score', group: 'ort', who: 'peer', label: `onnxruntime-node: score ${data.scoreRows.toLocaleString('en')} rows (one batch)`, unit: 's' }, async () => {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(readFileSync(onnxUsed()));
    const lines = readFileSync(data.paths.score, 'utf8').split(/\r?\n/).filter(Boolean);
    const names = lines[0].split(',');
    const rows = lines.length - 1;
    const cells = names.map(() => new Array(rows));
    for (let r = 0; r < rows; r++) {
      const parts = lines[r + 1].split(',');
      for (let c = 0; c < names.length; c++) cells[c][r] = parts[c] ?? '';
    }
    const feeds = {};
    session.inputNames.forEach((name, i) => {
      const column = cells[names.indexOf(name)];
      if (!column) throw new Error(`The score file has no column ${name}`);
      const type = session.inputMetadata?.[i]?.type;
      feeds[name] = type === 'string'
        ? new ort.Tensor('string', column, [rows, 1])
        : new ort.Tensor('float32', Float32Array.from(column, (v) => (v === '' ? NaN : Number(v))), [rows, 1]);
    });
    await session.run(feeds);
    const outcomes = await repeat(async () => {
      const t0 = performance.now();
      await session.run(feeds);
      return { value: s(performance.now() - t0) };
    });
    return { ...summarise(outcomes, 's'), note: onnxNote() };
  }, haveOnnx());
}
