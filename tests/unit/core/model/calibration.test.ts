import { describe, expect, it } from 'vitest';
import { reliabilityBins } from '$src/core/model/calibration';

const binary = (p1: number[]) => Float32Array.from(p1.flatMap((p) => [1 - p, p]));

describe('reliabilityBins', () => {
  it('pairs each bin’s mean predicted probability with how often the positive class happened', () => {
    const y = [0, 1, 0, 0, 1, 1, 1, 0];
    const p = [0.05, 0.08, 0.12, 0.85, 0.92, 0.95, 0.81, 0.15];
    const bins = reliabilityBins(y, binary(p), 2, 10);
    expect(bins.map((b) => [b.from, b.rows])).toEqual([[0, 2], [0.1, 2], [0.8, 2], [0.9, 2]]);
    expect(bins[0].predicted).toBeCloseTo(0.065, 6);
    expect(bins[0].observed).toBe(0.5);
    expect(bins[2]).toMatchObject({ observed: 0.5 });
    expect(bins[3]).toMatchObject({ observed: 1 });
  });

  it('puts a probability of exactly 1 in the last bin and skips what is not a number', () => {
    const bins = reliabilityBins([1, 0], binary([1, NaN]), 2, 4);
    expect(bins).toEqual([{ from: 0.75, to: 1, predicted: 1, observed: 1, rows: 1 }]);
  });

  it('draws a multiclass model’s confidence in its top class against how often it was right', () => {
    const y = [0, 1, 2];
    const p = Float32Array.from([0.6, 0.3, 0.1, 0.65, 0.2, 0.15, 0.1, 0.1, 0.8]);
    const bins = reliabilityBins(y, p, 3, 5);
    expect(bins.map((b) => [b.from, b.rows, b.observed])).toEqual([[0.6, 2, 0.5], [0.8, 1, 1]]);
  });
});
