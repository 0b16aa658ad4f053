import { describe, expect, it } from 'vitest';
import { compareOutputs, PARITY_TOLERANCE, TREE_PARITY_TOLERANCE } from '$src/core/deploy/feeds';

describe('compareOutputs', () => {
  it('compares a regression prediction larger than 1 relative to its size, so float32 rounding of large values passes', () => {
    // 512.0001 and 512.0002 are one float32 step apart (about 6e-5); two steps is 1.2e-4 absolute.
    const expected = { task: 'regression' as const, classes: [], output: Float32Array.of(512, 0.5, -2000) };
    const near = compareOutputs(expected, { prediction: Float32Array.of(512.000122, 0.50005, -2000.1) }, 3);
    expect(near.ok).toBe(true);
    expect(near.maxDifference).toBeCloseTo(0.1 / 2000, 6);
    const far = compareOutputs(expected, { prediction: Float32Array.of(512.2, 0.5, -2000) }, 3);
    expect(far.ok).toBe(false);
    expect(far.maxDifference).toBeGreaterThan(PARITY_TOLERANCE);
    // Below 1 the difference stays absolute.
    expect(compareOutputs(expected, { prediction: Float32Array.of(512, 0.5002, -2000) }, 3).ok).toBe(false);
  });

  it('compares probabilities absolutely, and counts labels that differ', () => {
    const expected = { task: 'classification' as const, classes: ['a', 'b'], output: Float32Array.of(0.2, 0.8, 0.9, 0.1) };
    const same = compareOutputs(expected, { probabilities: Float32Array.of(0.20005, 0.79995, 0.9, 0.1), label: ['b', 'a'] }, 2);
    expect(same).toMatchObject({ ok: true, labelMismatches: 0 });
    const wrong = compareOutputs(expected, { probabilities: Float32Array.of(0.2, 0.8, 0.9, 0.1), label: ['a', 'a'] }, 2);
    expect(wrong).toMatchObject({ ok: false, labelMismatches: 1 });
    expect(compareOutputs(expected, { probabilities: Float32Array.of(0.2, 0.8) }, 2)).toMatchObject({ ok: false, maxDifference: Infinity });
  });

  it('holds tree models to their own tighter tolerance when the expected outputs carry one', () => {
    const expected = { task: 'classification' as const, classes: ['a', 'b'], output: Float32Array.of(0.2, 0.8) };
    const got = { probabilities: Float32Array.of(0.20002, 0.79998), label: ['b'] };
    expect(compareOutputs(expected, got, 1)).toMatchObject({ ok: true, tolerance: PARITY_TOLERANCE });
    expect(compareOutputs({ ...expected, tolerance: TREE_PARITY_TOLERANCE }, got, 1)).toMatchObject({ ok: false, tolerance: 1e-5 });
    expect(compareOutputs({ ...expected, tolerance: TREE_PARITY_TOLERANCE }, { ...got, probabilities: Float32Array.of(0.200001, 0.799999) }, 1).ok).toBe(true);
  });
});
