/** Shell: the browser environment, the initial JavaScript and the cold start. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { s, summarise } from '../harness.mjs';
import * as studio from '../lib/studio.mjs';

/** The browser environment (WebGPU adapter, WebGL renderer), recorded in the meta. */
export async function environment(h, env) {
  const { results, workload } = h;
  const { peers, callPeer, closePeers } = env;
  await workload({ id: 'env', group: 'shell', who: 'peer', label: 'Browser environment (WebGPU adapter, WebGL renderer)', unit: '' }, async () => {
    const page = await peers();
    const info = await callPeer(page, 'environment');
    results.meta.environment = info;
    await closePeers();
    return { value: null, details: info };
  });
}

/** The initial JavaScript + CSS and the cold start to a usable page. */
export async function runShell(h, env) {
  const { workload, repeat } = h;
  const { appDist, APP, newContext } = env;
  await workload({ id: 'studio.initialjs', group: 'shell', who: 'studio', label: 'Initial JavaScript + CSS (gzipped, from dist/index.html)', unit: 'KB' }, async () => {
    const html = readFileSync(join(appDist, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+\.(?:js|mjs|css))"/g)].map((m) => m[1]);
    const files = refs.map((ref) => {
      const bytes = readFileSync(join(appDist, ref.replace(/^\.?\//, '')));
      return { file: ref, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const total = files.reduce((sum, f) => sum + f.gzipBytes, 0) / 1024;
    // What the page actually requested before it was usable (also workers and lazy chunks).
    const context = await newContext();
    const { files: requested } = await studio.coldStart(context, `${APP}#/data`, 60_000);
    await context.close();
    const local = [...new Set(requested.filter((u) => u.startsWith(APP)))].map((u) => {
      const bytes = readFileSync(join(appDist, decodeURIComponent(new URL(u).pathname.slice('/studio/'.length))));
      return { file: u.slice(APP.length), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
    const requestedKB = local.reduce((sum, f) => sum + f.gzipBytes, 0) / 1024;
    return { value: total, runs: [total], details: { files, requestedBeforeUsable: local, requestedBeforeUsableKB: requestedKB, gzip: 'zlib level 9' } };
  });

  await workload({ id: 'studio.coldstart', group: 'shell', who: 'studio', label: 'Cold start to a usable page (fresh context: no cache, no storage)', unit: 's' }, async () => {
    const outcomes = await repeat(async () => {
      const context = await newContext();
      try {
        const { ms } = await studio.coldStart(context, `${APP}#/data`, 60_000);
        return { value: s(ms) };
      } finally {
        await context.close();
      }
    });
    return summarise(outcomes, 's');
  });
}
