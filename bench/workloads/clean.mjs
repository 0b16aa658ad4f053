/** The studio's Clean step: the benchmark's recipe applied, then replayed after a reload. */
import { s, summarise } from '../harness.mjs';
import * as studio from '../lib/studio.mjs';
import { needLoaded } from './ingest.mjs';

/** Applies the recipe (undone between runs), then reloads and times its replay. */
export async function runClean(h, env) {
  const { workload, repeat, limit } = h;
  const { state, sampled } = env;
  let applied = false;
  await workload({ id: 'studio.clean', group: 'clean', who: 'studio', label: 'Clean: the 5-step recipe applied (sum of Apply → step listed)', unit: 's' }, async () => {
    await studio.nav(state.page, 'Clean');
    const outcomes = await repeat(async (i) => {
      if (i > 0) await studio.undoAll(state.page, limit(20 * 60_000));
      const r = await sampled(state.page, () => studio.applyRecipe(state.page, limit(20 * 60_000)));
      return { ...r, value: s(r.ms), repeatSeconds: 3 * s(r.ms) };
    });
    applied = true;
    return { ...summarise(outcomes, 's'), details: { steps: outcomes.map((o) => o.steps.map((x) => ({ step: x.step, seconds: s(x.ms), preview: x.preview }))) } };
  }, needLoaded(state));
  await workload({ id: 'studio.replay', group: 'clean', who: 'studio', label: 'Clean: reload → the recipe replayed and shown', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const r = await sampled(state.page, () => studio.reloadClean(state.page, limit(20 * 60_000)));
      if (r.steps !== studio.RECIPE.length) throw new Error(`${r.steps} steps after the reload`);
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), details: { status: outcomes[0].statusText } };
  }, [[applied, 'the recipe applied']]);
}
