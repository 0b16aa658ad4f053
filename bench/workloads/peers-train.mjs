/** Peers on training: plain TF.js on each backend. */
import { s, summarise } from '../harness.mjs';
import { BATCH, EPOCHS } from './train.mjs';

/** Plain TF.js MLP and logistic regression on each of `backends`. */
export async function peersTrain(h, env, backends) {
  const { workload, repeat } = h;
  const { data, sampled, peers, callPeer, closePeers } = env;
  for (const backend of backends) {
    for (const model of ['mlp', 'logistic']) {
      await workload({ id: `tfjs.${model}.${backend}`, group: 'peers-train', who: 'peer', label: `Plain TF.js ${model === 'mlp' ? 'MLP 20→64→32→1' : 'logistic regression'} on ${backend}`, unit: 'samples/s' }, async () => {
        const outcomes = await repeat(async () => {
          const page = await peers();
          const r = await sampled(page, () => callPeer(page, 'tfTrain', { backend, model, epochs: EPOCHS, batchSize: BATCH, rows: data.trainRows }));
          if (r.backend !== backend) throw new Error(`TF.js ran on ${r.backend}, not ${backend}`);
          return { ...r, value: r.samplesPerSecond };
        });
        await closePeers();
        return { ...summarise(outcomes, 'samples/s'), details: { backend, loss: outcomes[outcomes.length - 1].loss, rows: outcomes[0].rows, seconds: outcomes.map((o) => s(o.ms)) } };
      });
    }
  }
}
