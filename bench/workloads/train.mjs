/** Training in the studio: the split 20/10/70 (200,000 train rows at 1M), then each model on each backend. */
import { s, summarise } from '../harness.mjs';
import { median } from '../lib/util.mjs';
import * as studio from '../lib/studio.mjs';
import { needLoaded } from './ingest.mjs';

export const EPOCHS = 2;
export const BATCH = 1024;

/** The chosen backends among `which`. */
export const trainBackends = (options, which) => options.backends.filter((b) => which.includes(b));

/** The split the studio trains on. */
export async function runSplit(h, env) {
  const { workload, limit } = h;
  const { state } = env;
  await workload({ id: 'studio.split', group: 'train', who: 'studio', label: 'Split: 20 / 10 / 70 %', unit: 's' }, async () => {
    const r = await studio.split(state.page, { train: 20, validation: 10, test: 70 }, 7, limit(10 * 60_000));
    state.split = r;
    return { value: s(r.ms), runs: [s(r.ms)], details: r };
  }, needLoaded(state));
}

/** The MLP and the logistic regression on each of `backends`. */
export async function studioTrain(h, env, backends) {
  const { workload, repeat, limit } = h;
  const { state, sampled } = env;
  for (const backend of backends) {
    for (const model of ['mlp', 'logistic']) {
      await workload({ id: `studio.train.${model}.${backend}`, group: 'train', who: 'studio', label: `Train: ${model === 'mlp' ? 'MLP 64,32' : 'logistic regression'} on ${backend}`, unit: 'samples/s' }, async () => {
        const outcomes = await repeat(async (i) => {
          const name = `bench ${model} ${backend} ${i + 1}`;
          const r = await sampled(state.page, () => studio.train(state.page, { model, backend, name, epochs: EPOCHS, batchSize: BATCH }, limit(30 * 60_000)));
          state.trained.add(name);
          const samples = state.split.train * r.epochs;
          return { ...r, name, value: samples / s(r.appMs), e2eSamplesPerSecond: samples / s(r.ms) };
        });
        const sum = summarise(outcomes, 'samples/s');
        const used = [...new Set(outcomes.map((o) => o.backendUsed))];
        return {
          ...sum,
          details: {
            backendUsed: used.join('/'), validationLoss: outcomes[outcomes.length - 1].validationLoss, trainRows: state.split.train, epochs: EPOCHS, batchSize: BATCH,
            e2eSeconds: outcomes.map((o) => s(o.ms)), appSeconds: outcomes.map((o) => s(o.appMs)), e2eSamplesPerSecond: median(outcomes.map((o) => o.e2eSamplesPerSecond)),
          },
          note: [sum.note, used.some((u) => u !== backend) ? `asked for ${backend}, the studio used ${used.join('/')}` : null].filter(Boolean).join('; ') || undefined,
        };
      }, [[state.split, 'the split']]);
    }
  }
}
