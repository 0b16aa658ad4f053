import { describe, expect, it } from 'vitest';
import { liveMetrics } from '$src/core/deploy/live-metrics';
import { classificationMetrics, regressionMetrics } from '$src/core/model/metrics';

describe('metrics on a live batch', () => {
  it('scores a classifier on the rows whose target is a known class', () => {
    const spec = { task: 'classification' as const, classes: ['no', 'yes'] };
    const target = ['yes', 'no', null, 'maybe', 'yes'];
    const output = Float32Array.from([0.2, 0.8, 0.9, 0.1, 0.5, 0.5, 0.3, 0.7, 0.6, 0.4]);
    const metrics = liveMetrics(spec, target, output, 5);
    // Rows 0, 1 and 4 are kept: two right, the last one wrong.
    expect(metrics).toEqual(classificationMetrics(Float32Array.from([1, 0, 1]), Float32Array.from([0.2, 0.8, 0.9, 0.1, 0.6, 0.4]), spec.classes));
    expect(metrics.Accuracy).toBeCloseTo(2 / 3);
  });

  it('reads a date target as the class text the model learned', () => {
    const spec = { task: 'classification' as const, classes: ['2024-01-01T00:00:00.000Z', 'later'] };
    const metrics = liveMetrics(spec, [new Date(Date.UTC(2024, 0, 1))], Float32Array.from([0.9, 0.1]), 1);
    expect(metrics.Accuracy).toBe(1);
  });

  it('scores a regressor on the rows whose target reads as a finite number', () => {
    const spec = { task: 'regression' as const, classes: [] };
    const metrics = liveMetrics(spec, [1, '3', 'n/a', NaN, 5], Float32Array.from([1.5, 2, 9, 9, 5]), 5);
    expect(metrics).toEqual(regressionMetrics(Float32Array.from([1, 3, 5]), Float32Array.from([1.5, 2, 5])));
  });
});
