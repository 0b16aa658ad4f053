import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '$src/core/deploy/drift';
import type { DriftReport, FeatureDrift } from '$src/core/deploy/drift';
import { NO_RETRAINING_NEEDED, RETRAIN_RECOMMENDED, decisionHeadline, livePerformance, ordinal, retrainingDecision } from '$src/core/deploy/retrain';

function feature(name: string, psi: number, pValue: number | null = 0.5): FeatureDrift {
  const drifted = psi > 0.2 || (pValue !== null && pValue < 0.01 && psi > 0.1);
  return {
    feature: name,
    kind: 'numeric',
    psi,
    test: 'KS',
    statistic: 0.1,
    pValue,
    drifted,
    missingShareReference: 0,
    missingShareLive: 0,
    note: '',
    liveShares: [],
  };
}

function report(features: FeatureDrift[], predictionPsi: number | null = null): DriftReport {
  return {
    features,
    predictions: predictionPsi === null ? null : { psi: predictionPsi, drifted: predictionPsi > 0.2, test: 'chi-square', statistic: 1, pValue: 0.5, note: '', liveShares: [] },
    rows: 500,
  };
}

const IMPORTANCE = [
  { feature: 'Flipper Length (mm)', importance: 0.3 },
  { feature: 'Body Mass (g)', importance: 0.2 },
  { feature: 'Island', importance: 0.05 },
  { feature: 'Sex', importance: 0.01 },
  { feature: 'Year', importance: -0.002 },
];

const stable = ['Flipper Length (mm)', 'Body Mass (g)', 'Island', 'Sex', 'Year'].map((f) => feature(f, 0.01));

describe('retrainingDecision', () => {
  it('needs no retraining when nothing drifted and performance meets the threshold', () => {
    const d = retrainingDecision(report(stable, 0.02), IMPORTANCE, { metric: 'Accuracy', value: 0.95, threshold: 0.9, higherIsBetter: true }, DEFAULT_THRESHOLDS);
    expect(d.retrain).toBe(false);
    expect(decisionHeadline(d)).toBe('No retraining needed');
    expect(d.reasons).toEqual([
      'No feature drifted (every PSI is at most 0.2, and no significant test came with a PSI above 0.1).',
      "The model's predictions did not drift (PSI 0.02).",
      'Accuracy on the labelled live batch is 0.95, which meets the acceptance threshold of 0.9.',
    ]);
  });

  it('recommends retraining when an important feature drifted, naming its rank', () => {
    const features = stable.map((f) => (f.feature === 'Body Mass (g)' ? feature(f.feature, 0.35) : f));
    const d = retrainingDecision(report(features), IMPORTANCE, null, DEFAULT_THRESHOLDS);
    expect(d.retrain).toBe(true);
    expect(decisionHeadline(d)).toBe('Retraining recommended');
    expect(d.reasons).toEqual(['Body Mass (g) drifted (PSI 0.35 > 0.2) and is the 2nd most important feature.']);
  });

  it('says when the drift came from a significant test with a moderate PSI', () => {
    const features = stable.map((f) => (f.feature === 'Flipper Length (mm)' ? feature(f.feature, 0.14, 0.0003) : f));
    const d = retrainingDecision(report(features), IMPORTANCE, null, DEFAULT_THRESHOLDS);
    expect(d.reasons).toEqual(['Flipper Length (mm) drifted (PSI 0.14 > 0.1 and KS p-value 0.0003 < 0.01) and is the most important feature.']);
  });

  it('does not retrain for drift in a feature outside the top half, but notes it', () => {
    const features = stable.map((f) => (f.feature === 'Sex' ? feature(f.feature, 0.5) : f));
    const d = retrainingDecision(report(features, 0.01), IMPORTANCE, null, DEFAULT_THRESHOLDS);
    expect(d.retrain).toBe(false);
    expect(d.reasons[0]).toBe('No important feature drifted.');
    expect(d.notes).toEqual(['Sex drifted (PSI 0.5 > 0.2), but it is only the 4th of 5 features by importance, so on its own it is no reason to retrain.']);
  });

  it('counts the top half rounded up: the 3rd of 5 is important', () => {
    const features = stable.map((f) => (f.feature === 'Island' ? feature(f.feature, 0.3) : f));
    expect(retrainingDecision(report(features), IMPORTANCE, null).retrain).toBe(true);
  });

  it('does not count a feature the model does not rely on (importance ≤ 0), even in the top half', () => {
    const importance = [
      { feature: 'a', importance: 0.4 },
      { feature: 'b', importance: 0 },
    ];
    const d = retrainingDecision(report([feature('a', 0.01), feature('b', 0.9)]), importance, null);
    expect(d.retrain).toBe(false);
    expect(d.notes[0]).toMatch(/^b drifted \(PSI 0\.9 > 0\.2\), but the model does not rely on it/);
  });

  it('counts every feature as important when the importance is unknown', () => {
    const features = stable.map((f) => (f.feature === 'Year' ? feature(f.feature, 0.25) : f));
    for (const importance of [null, []]) {
      const d = retrainingDecision(report(features), importance, null);
      expect(d.retrain).toBe(true);
      expect(d.reasons).toEqual(['Year drifted (PSI 0.25 > 0.2); the feature importance is unknown, so every feature counts as important.']);
    }
  });

  it('counts a feature missing from a measured ranking as important', () => {
    const d = retrainingDecision(report([feature('Bill Depth (mm)', 0.3)]), IMPORTANCE, null);
    expect(d.retrain).toBe(true);
    expect(d.reasons[0]).toBe('Bill Depth (mm) drifted (PSI 0.3 > 0.2) and its importance was not measured, so it counts as important.');
  });

  it('recommends retraining when the predictions drifted', () => {
    const d = retrainingDecision(report(stable, 0.31), IMPORTANCE, null);
    expect(d.retrain).toBe(true);
    expect(d.reasons).toEqual(["The model's predictions drifted (PSI 0.31 > 0.2): it answers differently than it did on the training data."]);
  });

  it('recommends retraining when live performance misses the acceptance threshold, in either direction', () => {
    const low = retrainingDecision(report(stable), IMPORTANCE, { metric: 'Accuracy', value: 0.81, threshold: 0.9, higherIsBetter: true });
    expect(low.retrain).toBe(true);
    expect(low.reasons).toEqual(['Accuracy on the labelled live batch is 0.81, below the acceptance threshold of 0.9.']);
    const high = retrainingDecision(report(stable), IMPORTANCE, { metric: 'RMSE', value: 4.1, threshold: 3.5, higherIsBetter: false });
    expect(high.retrain).toBe(true);
    expect(high.reasons).toEqual(['RMSE on the labelled live batch is 4.1, above the acceptance threshold of 3.5 (lower is better).']);
    // Exactly on the threshold passes, as in the acceptance test.
    expect(retrainingDecision(report(stable), IMPORTANCE, { metric: 'RMSE', value: 3.5, threshold: 3.5, higherIsBetter: false }).retrain).toBe(false);
  });

  it('does not count a metric that could not be computed, but says so', () => {
    const d = retrainingDecision(report(stable), IMPORTANCE, { metric: 'ROC AUC', value: null, threshold: 0.8, higherIsBetter: true });
    expect(d.retrain).toBe(false);
    expect(d.notes).toEqual(['ROC AUC could not be computed on the labelled live batch, so performance was not checked.']);
  });

  it('lists every reason when several hold', () => {
    const features = stable.map((f) => (f.feature === 'Body Mass (g)' || f.feature === 'Sex' ? feature(f.feature, 0.4) : f));
    const d = retrainingDecision(report(features, 0.5), IMPORTANCE, { metric: 'F1', value: 0.5, threshold: 0.7, higherIsBetter: true });
    expect(d.retrain).toBe(true);
    expect(d.reasons).toHaveLength(3);
    expect(d.notes).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('headlines are exactly the two phrases the page shows', () => {
    expect(RETRAIN_RECOMMENDED).toBe('Retraining recommended');
    expect(NO_RETRAINING_NEEDED).toBe('No retraining needed');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });

  it('makes a performance check from an acceptance criterion and live metrics', () => {
    expect(livePerformance({ metric: 'RMSE', threshold: 3 }, { RMSE: 2.5 })).toEqual({ metric: 'RMSE', value: 2.5, threshold: 3, higherIsBetter: false });
    expect(livePerformance({ metric: 'Accuracy', threshold: 0.9 }, { Accuracy: null })).toEqual({ metric: 'Accuracy', value: null, threshold: 0.9, higherIsBetter: true });
  });
});
