/** The studio's Data step: ingest (a fresh context per run), then restore after a reload. */
import { s, summarise } from '../harness.mjs';
import * as studio from '../lib/studio.mjs';

/** What a workload on the loaded table needs. */
export const needLoaded = (state) => [[state.loaded, 'the studio ingest']];

/** Loads the file into the studio (once when only a later group needs it), then times the restore after a reload. */
export async function runIngest(h, env) {
  const { options, workload, repeat, wanted, limit } = h;
  const { data, state, newContext, studioPage, sampled } = env;
  const restores = [];
  await workload({ id: 'studio.ingest', group: 'ingest', who: 'studio', label: 'Data step: Load data file → stored, typed table', unit: 's' }, async () => {
    const runs = wanted('ingest') ? options.runs : 1;
    const outcomes = await repeat(async (i) => {
      if (state.page) await state.page.context().close();
      state.page = null;
      state.loaded = false;
      const context = await newContext();
      const page = await studioPage(context);
      const r = await sampled(page, () => studio.ingest(page, data.paths.csv, data.rows, 20, limit(30 * 60_000)));
      state.page = page;
      state.loaded = true;
      if (wanted('ingest') || i === 0) {
        try {
          restores.push(await sampled(page, () => studio.restore(page, data.rows, 20, limit(10 * 60_000))));
        } catch (error) {
          restores.push({ error: error.message });
        }
      }
      return { ...r, value: s(r.ms) };
    }, runs);
    return summarise(outcomes, 's');
  });
  await workload({ id: 'studio.restore', group: 'ingest', who: 'studio', label: 'Data step: reload → the stored table shown again', unit: 's' }, async () => {
    const good = restores.filter((r) => !r.error);
    if (!good.length) throw new Error(restores[0]?.error ?? 'no restore ran');
    return { ...summarise(good.map((r) => ({ ...r, value: s(r.ms) })), 's'), note: restores.length > good.length ? `failed runs: ${restores.filter((r) => r.error).map((r) => r.error).join('; ')}` : undefined };
  }, [[restores.length > 0, 'the studio ingest']]);
}
