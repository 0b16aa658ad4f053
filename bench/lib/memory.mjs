/**
 * Peak memory while a workload runs, sampled every `intervalMs`:
 *
 * - tab memory: the resident set (VmRSS from /proc/<pid>/status) of this browser's renderer
 *   processes, found with the DevTools protocol's `SystemInfo.getProcessInfo`. The page and its
 *   workers (and their WebAssembly heaps) live in one renderer process: the one whose memory grew
 *   most during the workload is taken as the tab. Linux only; elsewhere it is null.
 * - main-thread JavaScript heap: `Performance.getMetrics`' JSHeapUsedSize for the page (workers
 *   not included).
 *
 * `performance.measureUserAgentSpecificMemory()` would cover workers too, but it needs
 * cross-origin isolation, which the static server does not give.
 */
import { readFileSync } from 'node:fs';

function rssBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class MemorySampler {
  /** @param {import('@playwright/test').CDPSession} browserCdp @param {import('@playwright/test').Page} page */
  constructor(browserCdp, page, intervalMs = 100) {
    this.browserCdp = browserCdp;
    this.page = page;
    this.intervalMs = intervalMs;
    this.timer = null;
    this.pageCdp = null;
  }

  async #processes() {
    try {
      const { processInfo } = await this.browserCdp.send('SystemInfo.getProcessInfo');
      return { renderers: processInfo.filter((p) => p.type === 'renderer').map((p) => p.id), gpu: processInfo.filter((p) => p.type === 'GPU').map((p) => p.id) };
    } catch {
      return { renderers: [], gpu: [] };
    }
  }

  async #sample() {
    const perPid = new Map();
    const { renderers, gpu } = await this.#processes();
    for (const pid of renderers) perPid.set(pid, rssBytes(pid) ?? 0);
    const gpuBytes = gpu.reduce((sum, pid) => sum + (rssBytes(pid) ?? 0), 0);
    let heap;
    try {
      const { metrics } = await this.pageCdp.send('Performance.getMetrics');
      heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    } catch {
      heap = null;
    }
    return { perPid, heap, gpuBytes };
  }

  #record(sample) {
    let sum = 0;
    for (const [pid, bytes] of sample.perPid) {
      sum += bytes;
      const entry = this.pids.get(pid);
      if (entry) entry.peak = Math.max(entry.peak, bytes);
      else this.pids.set(pid, { base: this.started ? 0 : bytes, peak: bytes });
    }
    this.peakSum = Math.max(this.peakSum, sum);
    this.peakGpu = Math.max(this.peakGpu, sample.gpuBytes);
    if (sample.heap !== null) this.peakHeap = Math.max(this.peakHeap ?? 0, sample.heap);
    this.samples++;
  }

  async start() {
    try {
      this.pageCdp = await this.page.context().newCDPSession(this.page);
      await this.pageCdp.send('Performance.enable');
    } catch {
      this.pageCdp = null;
    }
    this.pids = new Map();
    this.peakSum = 0;
    this.peakGpu = 0;
    this.peakHeap = null;
    this.samples = 0;
    this.started = false;
    this.#record(await this.#sample());
    this.started = true;
    const tick = async () => {
      if (!this.timer) return;
      this.#record(await this.#sample());
      if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  /**
   * Stops and returns the peaks in MB (null where not measurable). The tab is the renderer whose
   * memory grew most during the workload (other pages of the browser may be open).
   */
  async stop() {
    clearTimeout(this.timer);
    this.timer = null;
    this.#record(await this.#sample());
    try {
      await this.pageCdp?.detach();
    } catch {
      // the page may be gone
    }
    let tab = null;
    for (const entry of this.pids.values()) if (!tab || entry.peak - entry.base > tab.peak - tab.base) tab = entry;
    const mb = (b) => (b ? Math.round((b / 1048576) * 10) / 10 : null);
    return {
      peakTabRssMB: mb(tab?.peak),
      baselineTabRssMB: mb(tab?.base),
      peakAllRenderersRssMB: mb(this.peakSum),
      peakMainThreadHeapMB: mb(this.peakHeap),
      peakGpuProcessRssMB: mb(this.peakGpu),
      samples: this.samples,
    };
  }
}

export const MEMORY_METHOD =
  'Tab memory: peak resident set (VmRSS, /proc/<pid>/status) of the renderer process that grew most during the workload, sampled every 100 ms; ' +
  'renderer pids from the DevTools protocol (SystemInfo.getProcessInfo). The page, its workers and their WebAssembly heaps share that process. ' +
  'Main-thread heap: Performance.getMetrics JSHeapUsedSize (workers excluded). The GPU process (WebGL/WebGPU buffers) is reported apart. performance.measureUserAgentSpecificMemory() is unavailable (no cross-origin isolation).';
