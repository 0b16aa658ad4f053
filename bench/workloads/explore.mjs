/** The studio's Explore step on the loaded table. */
import { s, summarise } from '../harness.mjs';
import * as studio from '../lib/studio.mjs';
import { needLoaded } from './ingest.mjs';

/** The column profile of every column. */
export async function runExplore(h, env) {
  const { workload, repeat, limit } = h;
  const { data, state, sampled } = env;
  await workload({ id: 'studio.explore', group: 'explore', who: 'studio', label: 'Explore: Column profile of every column', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const r = await sampled(state.page, () => studio.explore(state.page, data.rows, 20, limit(20 * 60_000)));
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), details: { status: outcomes[0].statusText, profileRows: outcomes[0].profileRows } };
  }, needLoaded(state));
}
