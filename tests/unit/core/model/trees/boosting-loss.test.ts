import { describe, expect, it } from 'vitest';
import { binaryGradientsAndScores, initialMargins, lossGradients, partScores, softmaxNormalisers } from '$src/core/model/trees/boosting-loss';

describe('boosting losses', () => {
  it('starts from the log odds, the log class shares, the mean or the median', () => {
    const binary = Float32Array.from([0, 1, 1, 1]);
    expect(initialMargins('log-loss', binary, 1)[0]).toBe(Math.fround(Math.log(3)));
    const three = Float32Array.from([0, 1, 2, 2]);
    expect(Array.from(initialMargins('log-loss', three, 3))).toEqual([Math.log(0.25), Math.log(0.25), Math.log(0.5)].map(Math.fround));
    const y = Float32Array.from([1, 2, 3, 10]);
    expect(initialMargins('squared-error', y, 1)[0]).toBe(4);
    expect(initialMargins('absolute-error', y, 1)[0]).toBe(2.5);
  });

  it('binary: the fused pass gives the gradients and the scores that the separate ones give', () => {
    const raw = Float64Array.from([-800, -3, -0.5, 0, 0.5, 3, 800, 2]);
    const y = Float32Array.from([0, 1, 0, 1, 1, 0, 1, 1]);
    const [g, h, g2, h2] = [0, 1, 2, 3].map(() => new Float64Array(8));
    const fused = binaryGradientsAndScores(raw, y, g, h);
    lossGradients('log-loss', raw, y, 1, 0, new Float64Array(0), g2, h2);
    expect(Array.from(g)).toEqual(Array.from(g2));
    expect(Array.from(h)).toEqual(Array.from(h2));
    const separate = partScores('log-loss', raw, y, 1, { std: 1 });
    expect(fused.loss).toBeCloseTo(separate.loss, 12);
    expect(fused.metric).toBe(separate.metric);
    // Margin 0 predicts class 0 (ties go to the first class); 5 of 8 right.
    expect(fused.metric).toBe(5 / 8);
    expect(g[1]).toBeCloseTo(1 / (1 + Math.exp(3)) - 1, 12);
    expect(h[1]).toBeCloseTo(Math.exp(-3) / (1 + Math.exp(-3)) ** 2, 12);
  });

  it('multiclass: softmax gradients p_k − [y = k] and the mean cross-entropy', () => {
    const n = 2;
    const raw = Float64Array.from([1, 0, /* class 1 */ 0, 0, /* class 2 */ 0, 2]);
    const y = Float32Array.from([0, 2]);
    const normalisers = new Float64Array(n);
    softmaxNormalisers(raw, n, 3, normalisers);
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    lossGradients('log-loss', raw, y, 3, 0, normalisers, g, h);
    const p0 = Math.E / (Math.E + 2);
    expect(g[0]).toBeCloseTo(p0 - 1, 12);
    expect(h[0]).toBeCloseTo(p0 * (1 - p0), 12);
    const p2 = Math.exp(2) / (Math.exp(2) + 2);
    const scores = partScores('log-loss', raw, y, 3, { std: 1 });
    expect(scores.loss).toBeCloseTo(-(Math.log(p0) + Math.log(p2)) / 2, 12);
    expect(scores.metric).toBe(1);
  });

  it('regression: squared error over the variance, absolute error over the std, R² either way', () => {
    const raw = Float64Array.from([1, 2, 4]);
    const y = Float32Array.from([1, 3, 2]);
    const squared = partScores('squared-error', raw, y, 1, { std: 2 });
    expect(squared.loss).toBeCloseTo(5 / 3 / 4, 12);
    expect(squared.metric).toBeCloseTo(1 - 5 / 2, 12);
    expect(partScores('absolute-error', raw, y, 1, { std: 2 }).loss).toBeCloseTo(3 / 3 / 2, 12);
    const g = new Float64Array(3);
    const h = new Float64Array(3);
    lossGradients('absolute-error', raw, y, 1, 0, new Float64Array(0), g, h);
    expect(Array.from(g)).toEqual([0, -1, 1]);
    expect(Array.from(h)).toEqual([1, 1, 1]);
  });
});
