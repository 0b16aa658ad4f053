/** scikit-learn on the same training rows, in Python. */
import { join } from 'node:path';
import { HERE } from '../harness.mjs';
import { median, run } from '../lib/util.mjs';

/** MLPClassifier and SGDClassifier, timed by bench/sklearn_bench.py. */
export async function runSklearn(h, env) {
  const { options, workload, limit } = h;
  const { data } = env;
  let sk = null;
  await workload({ id: 'sklearn.mlp', group: 'sklearn', who: 'peer', label: 'scikit-learn MLPClassifier (64,32), Adam, batch 1024, 2 epochs', unit: 'samples/s' }, async () => {
    const { stdout } = await run('/usr/bin/python3', [join(HERE, 'sklearn_bench.py'), data.paths.x, data.paths.y, String(options.runs)], { timeoutMs: limit(20 * 60_000) });
    sk = JSON.parse(stdout.trim().split('\n').pop());
    const m = sk.models.mlp;
    return { value: median(m.samplesPerSecond), unit: 'samples/s', runs: m.samplesPerSecond, details: { loss: m.loss, seconds: m.seconds, sklearn: sk.sklearn, numpy: sk.numpy } };
  });
  await workload({ id: 'sklearn.logistic', group: 'sklearn', who: 'peer', label: 'scikit-learn SGDClassifier (log loss), 2 epochs', unit: 'samples/s' }, async () => {
    const m = sk.models.logistic;
    return { value: median(m.samplesPerSecond), unit: 'samples/s', runs: m.samplesPerSecond, details: { loss: m.loss, seconds: m.seconds } };
  }, [[sk, 'scikit-learn']]);
}
