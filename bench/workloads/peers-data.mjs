/** Peers on the data: DuckDB-WASM, Arquero, PapaParse. */
import { s, summarise } from '../harness.mjs';

/** DuckDB-WASM, Arquero and PapaParse reading, profiling and cleaning the same file. */
export async function runPeersData(h, env) {
  const { workload, repeat } = h;
  const { data, sampled, peers, callPeer, closePeers } = env;
  const duck = [];
  await workload({ id: 'duckdb.ingest', group: 'peers-data', who: 'peer', label: 'DuckDB-WASM read_csv_auto → table', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const page = await peers();
      const r = await sampled(page, () => callPeer(page, 'duckdbIngest'));
      if (r.rows !== data.rows) throw new Error(`DuckDB read ${r.rows} rows, not ${data.rows}`);
      duck.push(await callPeer(page, 'duckdbSummarize'));
      return { ...r, value: s(r.ms) };
    });
    return { ...summarise(outcomes, 's'), details: { version: outcomes[0].version, columns: outcomes[0].columns } };
  });
  await workload({ id: 'duckdb.summarize', group: 'peers-data', who: 'peer', label: 'DuckDB-WASM SUMMARIZE', unit: 's' }, async () => summarise(duck.map((r) => ({ value: s(r.ms) })), 's'), [[duck.length > 0, 'DuckDB ingest']]);

  const profile = [];
  const recipe = [];
  await workload({ id: 'arquero.ingest', group: 'peers-data', who: 'peer', label: 'Arquero fromCSV (file text → table)', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const page = await peers();
      const r = await sampled(page, () => callPeer(page, 'arqueroIngest'));
      // Profile and recipe on the table just read; their failures are their own.
      profile.push(await callPeer(page, 'arqueroProfile').catch((error) => ({ error: error.message })));
      recipe.push(await callPeer(page, 'arqueroRecipe').catch((error) => ({ error: error.message })));
      return { ...r, value: s(r.ms) };
    });
    return summarise(outcomes, 's');
  });
  const after = (runs) => {
    const failed = runs.find((r) => r.error);
    if (failed) throw new Error(failed.error);
    return summarise(runs.map((r) => ({ value: s(r.ms) })), 's');
  };
  await workload({ id: 'arquero.profile', group: 'peers-data', who: 'peer', label: 'Arquero rollup profile (missing, distinct, min, max, mean per column)', unit: 's' }, async () => after(profile), [[profile.length > 0, 'Arquero ingest']]);
  await workload({ id: 'arquero.recipe', group: 'peers-data', who: 'peer', label: 'Arquero verbs: the same 5-step recipe', unit: 's' }, async () => after(recipe), [[recipe.length > 0, 'Arquero ingest']]);

  await workload({ id: 'papaparse.ingest', group: 'peers-data', who: 'peer', label: 'PapaParse typed parse (dynamicTyping, file text → rows)', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const page = await peers();
      const r = await sampled(page, () => callPeer(page, 'papaparse'));
      return { ...r, value: s(r.ms) };
    });
    return summarise(outcomes, 's');
  });
  await closePeers();
}
