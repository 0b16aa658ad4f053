/** Frames and model outputs for the monitoring tests, built from seeded random numbers. */
import type { Frame } from '$src/core/data/frame';
import { frameOf } from '../../helpers/frames';
import { createRandom } from '$src/core/random';

export interface PenguinLike {
  mass: Float64Array;
  flipper: Float64Array;
  island: (string | null)[];
  male: (boolean | null)[];
  seen: (Date | null)[];
}

const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const DAY = 86_400_000;

/**
 * Penguin-like rows: body mass ~ N(4200, 800) with 2% missing, flipper ~ N(200, 14), island
 * 50/35/15 %, sex half and half with 3% missing, a date in 2023. `shift` moves the mass by that many
 * standard deviations and the islands towards Torgersen (0 = the same distribution).
 */
export function penguins(rows: number, seed: number, shift = 0): PenguinLike {
  const random = createRandom(seed);
  const mass = new Float64Array(rows);
  const flipper = new Float64Array(rows);
  const island: (string | null)[] = [];
  const male: (boolean | null)[] = [];
  const seen: (Date | null)[] = [];
  const islandWeights = shift === 0 ? [50, 35, 15] : [30, 30, 40];
  for (let r = 0; r < rows; r++) {
    mass[r] = random.next() < 0.02 ? NaN : Math.round(random.normal(4200 + shift * 800, 800));
    flipper[r] = Math.round(random.normal(200, 14) * 10) / 10;
    island.push(ISLANDS[random.pick(islandWeights)]);
    male.push(random.next() < 0.03 ? null : random.next() < 0.5);
    seen.push(new Date(Date.UTC(2023, 0, 1) + random.int(365) * DAY));
  }
  return { mass, flipper, island, male, seen };
}

export function penguinFrame(p: PenguinLike): Frame {
  return frameOf({
    'Body Mass (g)': { type: 'integer', values: p.mass },
    'Flipper Length (mm)': { type: 'number', values: p.flipper },
    Island: { type: 'text', values: p.island },
    Male: { type: 'boolean', values: p.male },
    Seen: { type: 'date', values: p.seen },
  });
}

/** A stand-in classifier: P(heavy) rises with body mass (two classes, rows × 2). */
export function classify(mass: ArrayLike<number>): Float32Array {
  const out = new Float32Array(mass.length * 2);
  for (let r = 0; r < mass.length; r++) {
    const m = Number.isNaN(mass[r]) ? 4200 : mass[r];
    const p = 1 / (1 + Math.exp(-(m - 4200) / 300));
    out[r * 2] = 1 - p;
    out[r * 2 + 1] = p;
  }
  return out;
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
