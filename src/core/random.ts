/**
 * Seeded random numbers for everything the studio does at random: split assignment, weight
 * initialisation, shuffling, tuning samples, synthetic data. There is no global generator: a
 * `Random` is made from the project's seed and passed in, so the same data, recipe and seed
 * always give the same result (see docs/architecture.md, "Determinism").
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, 128 bits of
 * state, passes PractRand and BigCrush), keyed through a splitmix32-style mixer from the seed.
 * Independent streams for separate purposes come from {@link Random.fork}: a fork depends only
 * on the seed and the fork labels, never on how many numbers were drawn before, so adding a
 * random draw in one place does not change what another place gets.
 */

/** An array or typed array that can be shuffled in place. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** A seeded stream of random numbers. Not safe to share between concurrent users of one stream. */
export interface Random {
  /** A uniform number in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** A uniform unsigned 32-bit integer in [0, 2^32). */
  uint32(): number;
  /** A uniform number in [min, max). Defaults to [0, 1). */
  uniform(min?: number, max?: number): number;
  /**
   * A uniform whole number in [0, n), without modulo bias (rejection sampling).
   * `n` must be a whole number from 1 to 2^53.
   */
  int(n: number): number;
  /**
   * A normally distributed number (Marsaglia's polar method; the second value of each pair is
   * kept and returned by the next call). Defaults: mean 0, standard deviation 1.
   */
  normal(mean?: number, sd?: number): number;
  /** Shuffles an array or typed array in place (Fisher–Yates) and returns it. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A;
  /**
   * An index drawn with probability proportional to its weight. Weights must be finite and
   * non-negative, with a positive sum; an index with weight 0 is never returned.
   */
  pick(weights: ArrayLike<number>): number;
  /**
   * An independent stream derived from this stream's seed (and fork path) and a label, e.g.
   * `random.fork('split')`, `random.fork(3)`. The result depends only on the seed and labels,
   * not on how many numbers this stream has drawn, and drawing from the fork does not advance
   * this stream. Forking twice with the same label gives two streams with the same sequence;
   * string `'3'` and number `3` are different labels.
   */
  fork(label: string | number): Random;
}

const TWO_32 = 0x100000000;
const TWO_53 = 2 ** 53;
const GOLDEN = 0x9e3779b9;

/** The finaliser of a splitmix32-style hash: a bijection on 32-bit integers with good avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** 128 bits of generator key from a seed: splitmix32 over the low word, folded with the high word. */
function keyFromSeed(seed: number): number[] {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error('The random seed must be a finite number.');
  }
  let lo: number;
  let hi: number;
  if (Number.isSafeInteger(seed)) {
    lo = seed >>> 0; // the seed modulo 2^32, also for negative seeds
    hi = Math.floor(seed / TWO_32) >>> 0;
  } else {
    // Fractions and huge numbers: use the bits of the double itself (tagged so they differ from
    // any integer seed).
    const bits = new DataView(new ArrayBuffer(8));
    bits.setFloat64(0, seed);
    lo = bits.getUint32(4);
    hi = bits.getUint32(0) ^ 0x5bd1e995;
  }
  const key: number[] = [];
  let state = lo;
  for (let i = 0; i < 4; i++) {
    state = (state + GOLDEN) | 0;
    key.push(mix32(state ^ mix32(hi + i)));
  }
  return key;
}

/** MurmurHash3-style hash of a fork label, seeded by one word of the parent key. */
function hashLabel(text: string, seedWord: number): number {
  let h = seedWord | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return mix32(h ^ text.length);
}

function labelText(label: string | number): string {
  if (typeof label === 'number') return `n:${label}`;
  if (typeof label === 'string') return `s:${label}`;
  throw new Error('A random stream label must be a string or a number.');
}

class Sfc32Random implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;
  /** The key this stream started from; forks derive theirs from it. */
  private readonly key: readonly number[];

  constructor(key: readonly number[]) {
    this.key = key;
    this.a = key[0] | 0;
    this.b = key[1] | 0;
    this.c = key[2] | 0;
    this.d = key[3] | 0;
    // Let the state mix before the first output is used.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const t = (((a + b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / TWO_32;
  }

  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_53) {
      throw new RangeError(`int(n) needs a whole number n from 1 to 2^53; it got ${n}.`);
    }
    if (n <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % n);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return x % n;
    }
    const limit = TWO_53 - (TWO_53 % n);
    let x: number;
    do {
      x = (this.uint32() >>> 11) * TWO_32 + this.uint32();
    } while (x >= limit);
    return x % n;
  }

  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return mean + sd * u * f;
  }

  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  pick(weights: ArrayLike<number>): number {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!Number.isFinite(w) || w < 0) {
        throw new RangeError('pick(weights) needs finite, non-negative weights.');
      }
      sum += w;
    }
    if (!(sum > 0)) throw new RangeError('pick(weights) needs at least one positive weight.');
    const r = this.next() * sum;
    let cumulative = 0;
    let last = 0;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] === 0) continue;
      cumulative += weights[i];
      last = i;
      if (r < cumulative) return i;
    }
    return last; // only reached through rounding at the very top of the range
  }

  fork(label: string | number): Random {
    const text = labelText(label);
    const k = this.key;
    const key = [0, 1, 2, 3].map((i) =>
      mix32((hashLabel(text, k[i] ^ Math.imul(i + 1, GOLDEN)) + k[(i + 1) & 3]) | 0),
    );
    return new Sfc32Random(key);
  }
}

/**
 * A new random stream from a seed. Integer seeds are the normal case (the project's seed);
 * any finite number is accepted, and different safe integers give different streams.
 */
export function createRandom(seed: number): Random {
  return new Sfc32Random(keyFromSeed(seed));
}
