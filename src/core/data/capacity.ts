/**
 * Whether a file fits in this tab, decided before a byte of it is parsed. A table lives in the
 * data worker as typed columns and, while it is saved, as Arrow chunks too; a file too big for
 * that ends in a crashed tab (the browser kills a renderer that runs out of memory, with every
 * unsaved change in it). So the studio refuses such a file up front and says which limit it hit.
 *
 * The estimate is deliberately simple: the memory a table needs grows with the file's bytes, by a
 * factor that depends on how compact the format is. The CSV factor comes from `npm run bench` and
 * `npm run bench:scale` (the same 20-column table; peak tab memory while loading: 1M rows, 134 MB:
 * 637 MB; 5M rows, 669 MB: 1.87 GB; 10M rows, 1.34 GB: 3.27 GB — about 0.2 GB of it the studio
 * itself) and covers all three; the others are rounded up from it, compressed Parquet expanding
 * the most.
 */
import type { Format } from './ingest/sniff';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Tab memory the studio uses before any data is loaded (measured: about 200 MB), with a margin. */
export const BASE_BYTES = 300 * MB;

/** Peak tab memory per byte of file while loading and saving, by format. */
export const EXPANSION: Record<Format, number> = {
  delimited: 2.75,
  jsonl: 2.75,
  // JSON.parse builds an object per record before the columns exist.
  json: 6,
  arrow: 2.5,
  parquet: 10,
};

/**
 * Least bytes stored per byte of file, by format: a loaded table is kept in the browser's storage
 * as Arrow chunks. Measured: the benchmark's CSV (numbers with 1–4 decimals, short categories)
 * stores 1.08× its size; numbers written with many digits store smaller, so the factors are
 * lower bounds. Formats that repeat keys (JSON) or compress (Parquet) differ most.
 */
export const STORED: Record<Format, number> = {
  delimited: 0.6,
  jsonl: 0.25,
  json: 0.25,
  arrow: 0.9,
  parquet: 1,
};

/**
 * What the studio lets one tab use: 60 % of the device's memory where the browser reports it
 * (`navigator.deviceMemory`, which Chromium caps at 8 GB), else a conservative 4 GB device. The
 * rest is for the browser, the page's other steps (training copies the train part) and the system.
 */
export function memoryBudget(deviceMemoryGB: number | undefined | null): { bytes: number; words: string } {
  const known = typeof deviceMemoryGB === 'number' && deviceMemoryGB > 0;
  const device = known ? deviceMemoryGB : 4;
  return {
    bytes: 0.6 * device * GB,
    words: known ? `this device reports ${formatGB(device * GB)} of memory` : 'this browser does not report the device’s memory, so a 4 GB device is assumed',
  };
}

/** Estimated peak tab memory to load and save a file of `bytes` in `format`. */
export function loadFootprint(bytes: number, format: Format): number {
  return BASE_BYTES + bytes * EXPANSION[format];
}

/** The largest file of `format` that fits `budget` bytes. */
export function largestFile(format: Format, budget: number): number {
  return Math.max(0, (budget - BASE_BYTES) / EXPANSION[format]);
}

/** Why a file cannot be loaded into this tab, in words for an alert; null when it fits. */
export function capacityProblem(fileName: string, bytes: number, format: Format, budget: { bytes: number; words: string }): string | null {
  const needed = loadFootprint(bytes, format);
  if (needed <= budget.bytes) return null;
  return (
    `"${fileName}" is too large to load here: a ${formatGB(bytes)} ${FORMAT_WORDS[format]} file needs about ${formatGB(needed)} of memory while it loads, ` +
    `and the studio keeps to ${formatGB(budget.bytes)} per tab (${budget.words}). Files up to about ${formatGB(largestFile(format, budget.bytes))} fit. ` +
    'Load a sample of the rows or fewer columns (for example, split the file), or use a device with more memory.'
  );
}

/**
 * Why the browser's storage cannot take the table of this file, in words for an alert; null when
 * it may fit or the browser gives no estimate (then the save itself finds out). A private window
 * keeps storage in memory with a small quota, so this is where big files meet their first limit.
 */
export function storageProblem(fileName: string, bytes: number, format: Format, space: { usage: number; quota: number } | null): string | null {
  if (space === null) return null;
  const needed = bytes * STORED[format];
  const free = Math.max(0, space.quota - space.usage);
  if (needed <= free) return null;
  return (
    `"${fileName}" is too large to keep in this browser's storage: its table needs at least ${formatGB(needed)}, and ${formatGB(free)} is free ` +
    `(the browser allows this site ${formatGB(space.quota)}; a private window allows much less). ` +
    'Delete projects or datasets you no longer need, open the studio in a normal window, or load fewer rows.'
  );
}

const FORMAT_WORDS: Record<Format, string> = {
  delimited: 'CSV',
  jsonl: 'JSON Lines',
  json: 'JSON',
  arrow: 'Arrow',
  parquet: 'Parquet',
};

function formatGB(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}
