import { describe, expect, it } from 'vitest';
import { PART, UNASSIGNED } from '$src/core/data/frame';
import { parityParts } from '$src/core/package/parity-sample';

function partsOf(pattern: number[], repeat: number): Uint8Array {
  return Uint8Array.from({ length: pattern.length * repeat }, (_, i) => pattern[i % pattern.length]);
}

describe('parity sample', () => {
  it('keeps every test row of a small test part (the same array)', () => {
    const parts = partsOf([PART.train, PART.test, PART.validation], 10);
    expect(parityParts(parts, 10, 10)).toBe(parts);
  });

  it('keeps exactly the maximum, spread evenly, and leaves the other parts alone', () => {
    const parts = partsOf([PART.train, PART.test, PART.test, PART.validation], 1000); // 2000 test rows
    const sampled = parityParts(parts, 2000, 300);
    const kept = [...sampled.keys()].filter((i) => sampled[i] === PART.test);
    expect(kept).toHaveLength(300);
    expect(kept[0]).toBe(1);
    // Evenly: no gap between kept test rows is more than one stretch (2000 / 300 test rows) long.
    const testIndex = new Map([...parts.keys()].filter((i) => parts[i] === PART.test).map((i, j) => [i, j]));
    const ordinals = kept.map((i) => testIndex.get(i)!);
    for (let k = 1; k < ordinals.length; k++) expect(ordinals[k] - ordinals[k - 1]).toBeLessThanOrEqual(Math.ceil(2000 / 300));
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] !== PART.test) expect(sampled[i]).toBe(parts[i]);
      else expect([PART.test, UNASSIGNED]).toContain(sampled[i]);
    }
    expect(parityParts(parts, 2000, 300)).toEqual(sampled);
  });
});
