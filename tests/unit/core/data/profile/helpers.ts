/** Frames for the profile tests, built like the data worker builds them (with the hidden row ids). */
import type { Frame } from '$src/core/data/frame';
import type { ColumnProfile } from '$src/core/data/profile/index';
import { frameOf as buildFrame, type ColumnSpec } from '../../../helpers/frames';

export type Cell = number | string | boolean | Date | null;

/** A frame whose number columns are Float64Arrays with NaN for null, as ingest stores them. */
export function frameOf(columns: Record<string, ColumnSpec>): Frame {
  return buildFrame(columns, { float64: true });
}

/** The profile of one column; fails the test when there is none. */
export function columnNamed(columns: readonly ColumnProfile[], name: string): ColumnProfile {
  const found = columns.find((c) => c.name === name);
  if (!found) throw new Error(`no profile for "${name}"`);
  return found;
}

/** A seeded generator (mulberry32) so test data is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
