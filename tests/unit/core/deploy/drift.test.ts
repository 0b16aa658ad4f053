import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  MonitorError,
  checkThresholds,
  chiSquareSurvival,
  chiSquareTest,
  driftReport,
  isDrifted,
  kolmogorovQ,
  ksTest,
  logGamma,
  maxPsi,
  populationStabilityIndex,
  regularizedGammaP,
  regularizedGammaQ,
} from '$src/core/deploy/drift';
import type { FeatureDrift } from '$src/core/deploy/drift';
import { binLabels, buildReference, referenceShares } from '$src/core/deploy/reference';
import { createRandom } from '$src/core/random';
import { classify, penguinFrame, penguins, range } from './helpers';

describe('populationStabilityIndex', () => {
  it('matches hand-computed values', () => {
    // (−.15)·ln(.4) + (−.05)·ln(.8) + (.05)·ln(1.2) + (.15)·ln(1.6)
    //   = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228217
    expect(populationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.22821740957339182, 12);
    // Symmetric in its two arguments.
    expect(populationStabilityIndex([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0.22821740957339182, 12);
    expect(populationStabilityIndex([0.3, 0.7], [0.3, 0.7])).toBe(0);
  });

  it('counts an empty bin as a share of 1e-4', () => {
    // Third bin: expected 0 → 1e-4; (0.1 − 1e-4)·ln(0.1 / 1e-4) = 0.690086; second bin: (−0.1)·ln(0.8) = 0.022314
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(0.7123991075017365, 12);
    // Empty on both sides adds nothing.
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.5, 0])).toBe(0);
    expect(Number.isFinite(populationStabilityIndex([1, 0], [0, 1]))).toBe(true);
  });

  it('needs the same bins on both sides', () => {
    expect(() => populationStabilityIndex([0.5, 0.5], [1])).toThrow(/same bins/);
  });
});

describe('kolmogorovQ', () => {
  it('matches scipy.special.kolmogorov on both sides of the series switch at 1.18', () => {
    // scipy.special.kolmogorov(x)
    const known: [number, number][] = [
      [0.3, 0.9999906941986655],
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1.0, 0.26999967167735456],
      [1.18, 0.1234538094297657],
      [1.2, 0.11224966667072497],
      [1.5, 0.022217962616525127],
      [2.0, 0.0006709252557796953],
      [3.0, 3.045995948942526e-8],
    ];
    for (const [x, q] of known) expect(kolmogorovQ(x)).toBeCloseTo(q, 12);
    expect(kolmogorovQ(0)).toBe(1);
    expect(kolmogorovQ(0.05)).toBe(1);
  });
});

describe('ksTest', () => {
  const a = Float64Array.from([0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47]);
  const b = Float64Array.from([2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, -0.38, -0.75, 0.33, 1.41, 1.56, 0.34, 1.09, 2.02, 1.03]);

  it('matches scipy.stats.ks_2samp on two samples of 25', () => {
    // scipy.stats.ks_2samp(a, b): statistic = 0.28; p = 0.2850 (method='exact'), 0.2523 (method='asymp').
    // Ours: λ = (√12.5 + 0.12 + 0.11/√12.5)·0.28 = 1.032261; scipy.special.kolmogorov(λ) = 0.237010099316509.
    const r = ksTest(a, b);
    expect(r.statistic).toBeCloseTo(0.28, 12);
    expect(r.pValue).toBeCloseTo(0.237010099316509, 9);
    expect(Math.abs(r.pValue - 0.2850421476958367)).toBeLessThan(0.06);
    // Symmetric, and the input order does not matter.
    expect(ksTest(b, a).statistic).toBeCloseTo(0.28, 12);
  });

  it('matches scipy on larger samples, where the asymptotic p-value is close to the exact one', () => {
    const A = Float64Array.from(range(0, 300), (i) => Math.sin(i + 1) * 2);
    const B = Float64Array.from(range(0, 200), (j) => Math.cos(1.7 * j) * 2 + 0.3);
    // scipy.stats.ks_2samp(A, B): statistic = 0.18, p = 0.000750529 (exact), 0.000712827 (asymp);
    // ours: kolmogorov((√120 + 0.12 + 0.11/√120)·0.18) = kolmogorov(1.9952087) = 0.000697109
    const r = ksTest(A, B);
    expect(r.statistic).toBeCloseTo(0.18, 12);
    expect(r.pValue).toBeCloseTo(0.0006971093558750082, 9);
    expect(r.pValue / 0.0007505287685634804).toBeGreaterThan(0.9);
  });

  it('handles ties exactly by stepping past every copy of a value', () => {
    const x = Float64Array.from([1, 1, 2, 2, 3, 3, 3, 4, 5, 5]);
    const y = Float64Array.from([2, 3, 3, 4, 4, 5, 5, 6, 6, 6]);
    // scipy.stats.ks_2samp(x, y): statistic = 0.4 (at 3), p (exact) = 0.4175;
    // ours: kolmogorov((√5 + 0.12 + 0.11/√5)·0.4) = kolmogorov(0.9621046) = 0.312853
    const r = ksTest(x, y);
    expect(r.statistic).toBeCloseTo(0.4, 12);
    expect(r.pValue).toBeCloseTo(0.3128526760169558, 9);
    // Identical samples with ties: no gap at all.
    expect(ksTest(x, Float64Array.from(x).reverse())).toEqual({ statistic: 0, pValue: 1 });
  });

  it('gives D = 1 for samples that do not overlap, and NaN for an empty sample', () => {
    const r = ksTest(Float64Array.from(range(0, 50)), Float64Array.from(range(100, 150)));
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeLessThan(1e-15);
    const empty = ksTest(new Float64Array(0), Float64Array.from([1]));
    expect(empty.statistic).toBeNaN();
    expect(empty.pValue).toBeNaN();
    // NaN values are left out.
    expect(ksTest(Float64Array.from([1, 2, NaN]), Float64Array.from([1, 2])).statistic).toBe(0);
  });
});

describe('gamma functions', () => {
  it('ln Γ matches scipy.special.gammaln', () => {
    // gammaln([0.5, 1, 3.7, 10, 100.5]) = [0.57236494, 0, 1.42807233, 12.80182748, 361.43554047]
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 12); // ln √π
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(3.7)).toBeCloseTo(1.42807233, 7);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(100.5)).toBeCloseTo(361.43554047, 6);
  });

  it('the regularised incomplete gamma matches scipy.special.gammaincc / gammainc', () => {
    // [a, x, gammaincc(a, x)] from scipy 1.10
    const known: [number, number, number][] = [
      [1, 2.9955, 0.05001161502657909],
      [0.5, 1.0, 0.15729920705028105],
      [2.5, 3.0, 0.30621891841327875],
      [5, 2, 0.9473469826562889],
      [10, 15, 0.06985366069940986],
      [3, 0.1, 0.9998453469297354],
      [0.1, 0.01, 0.3373787400455204],
      [20, 40, 0.0001763028977385677],
    ];
    for (const [a, x, q] of known) {
      expect(regularizedGammaQ(a, x)).toBeCloseTo(q, 12);
      expect(regularizedGammaP(a, x)).toBeCloseTo(1 - q, 12);
    }
    // Q(1, x) = e^−x exactly; a small upper tail keeps its relative precision.
    expect(regularizedGammaQ(1, 50) / Math.exp(-50)).toBeCloseTo(1, 10);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(0, 1)).toBeNaN();
    expect(regularizedGammaQ(1, -1)).toBeNaN();
  });

  it('gives the chi-square upper tail', () => {
    // scipy.stats.chi2.sf(5.991, 2) = 0.050012; chi2.sf(3.841, 1) = 0.050014; chi2.sf(11.07, 5) = 0.050010
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05001161502657909, 12);
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.050013683763956804, 10);
    expect(chiSquareSurvival(11.07, 5)).toBeCloseTo(0.050009618622405425, 10);
  });
});

describe('chiSquareTest', () => {
  it('matches scipy.stats.chisquare', () => {
    // chisquare([30, 14, 34, 45, 57, 20]) = (37.78, 4.1773254752651764e-07)
    const die = chiSquareTest([1, 1, 1, 1, 1, 1].map((s) => s / 6), [30, 14, 34, 45, 57, 20]);
    expect(die.statistic).toBeCloseTo(37.78, 10);
    expect(die.df).toBe(5);
    expect(die.pValue).toBeCloseTo(4.1773254752651764e-7, 15);
    expect(die.pValue / 4.1773254752651764e-7).toBeCloseTo(1, 8);
    // chisquare([50, 30, 20], [40, 40, 20]) = (5.0, 0.0820849986238988)
    const three = chiSquareTest([0.4, 0.4, 0.2], [50, 30, 20]);
    expect(three.statistic).toBeCloseTo(5, 12);
    expect(three.pValue).toBeCloseTo(0.0820849986238988, 12);
  });

  it('normalises the expected shares', () => {
    expect(chiSquareTest([4, 4, 2], [50, 30, 20]).statistic).toBeCloseTo(5, 12);
  });

  it('pools cells expected fewer than 5 times into one other cell', () => {
    // Expected 45, 45, 4, 3, 3 → cells 45, 45, (10); observed 40, 45, (15):
    // χ² = 25/45 + 0 + 25/10 = 3.0556, df = 2, p = chi2.sf(3.0556, 2) = 0.2170174
    const r = chiSquareTest([0.45, 0.45, 0.04, 0.03, 0.03], [40, 45, 5, 5, 5]);
    expect(r.statistic).toBeCloseTo(25 / 45 + 2.5, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.2170173927400507, 10);
  });

  it('merges a pooled cell still under 5 into the smallest remaining cell', () => {
    // Expected 50, 47, 3 → pooled (3) joins 47 → cells 50, 50; observed 45, 55: χ² = 1, df = 1, p = 0.3173105
    const r = chiSquareTest([0.5, 0.47, 0.03], [45, 50, 5]);
    expect(r.statistic).toBeCloseTo(1, 12);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.31731050786291115, 10);
  });

  it('counts values in a category never expected (share 0) through the pooled cell', () => {
    // Expected 50, 50, 0 → pooled (0 expected, 20 observed) joins a 50 → cells 50, 50; observed 40, 60.
    const r = chiSquareTest([0.5, 0.5, 0], [40, 40, 20]);
    expect(r.df).toBe(1);
    expect(r.statistic).toBeCloseTo(100 / 50 + 100 / 50, 12);
  });

  it('has nothing to test with one cell, and no result without observations', () => {
    expect(chiSquareTest([0.98, 0.01, 0.01], [3, 0, 0])).toEqual({ statistic: 0, df: 0, pValue: 1 });
    const none = chiSquareTest([0.5, 0.5], [0, 0]);
    expect(none.statistic).toBeNaN();
    expect(none.pValue).toBeNaN();
    expect(() => chiSquareTest([1], [1, 2])).toThrow(/one expected share per observed count/);
  });
});

describe('the drift rule', () => {
  it('drifts on a large PSI alone, or on a significant test with a moderate PSI', () => {
    const t = DEFAULT_THRESHOLDS;
    expect(isDrifted(0.25, 0.9, t)).toBe(true); // PSI > 0.2
    expect(isDrifted(0.25, null, t)).toBe(true);
    expect(isDrifted(0.15, 0.001, t)).toBe(true); // p < 0.01 and PSI > 0.1
    expect(isDrifted(0.15, 0.05, t)).toBe(false); // not significant
    expect(isDrifted(0.05, 1e-12, t)).toBe(false); // significant but tiny: large batches
    expect(isDrifted(0.15, null, t)).toBe(false);
    expect(isDrifted(0.2, 0.5, t)).toBe(false); // exactly on the threshold is not above it
  });

  it('checks thresholds', () => {
    expect(checkThresholds(DEFAULT_THRESHOLDS)).toBeNull();
    expect(checkThresholds({ psi: 0, pValue: 0.01, minPsiForTest: 0.1 })).toMatch(/PSI threshold/);
    expect(checkThresholds({ psi: 0.2, pValue: 1, minPsiForTest: 0.1 })).toMatch(/p-value threshold/);
    expect(checkThresholds({ psi: 0.2, pValue: NaN, minPsiForTest: 0.1 })).toMatch(/p-value threshold/);
    expect(checkThresholds({ psi: 0.2, pValue: 0.01, minPsiForTest: -1 })).toMatch(/smallest PSI/);
  });
});

describe('driftReport', () => {
  const FEATURES = ['Body Mass (g)', 'Flipper Length (mm)', 'Island', 'Male', 'Seen'];
  const trainData = penguins(6000, 11);
  const frame = penguinFrame(trainData);
  const reference = buildReference(frame, range(0, 6000), FEATURES, { task: 'classification', classes: ['light', 'heavy'], output: classify(trainData.mass) });

  function liveOf(p: ReturnType<typeof penguins>) {
    return {
      columns: { 'Body Mass (g)': p.mass, 'Flipper Length (mm)': p.flipper, Island: p.island, Male: p.male, Seen: p.seen },
      rows: p.mass.length,
      predictions: { output: classify(p.mass) },
    };
  }

  function entry(report: { features: FeatureDrift[] }, name: string): FeatureDrift {
    const found = report.features.find((f) => f.feature === name);
    if (!found) throw new Error(`no entry for ${name}`);
    return found;
  }

  it('finds no drift in a sample of the training data itself', () => {
    const random = createRandom(5);
    const rows = random.shuffle(range(0, 6000)).slice(0, 1500);
    const pick = <T>(values: ArrayLike<T>): T[] => rows.map((r) => values[r]);
    const live = {
      columns: {
        'Body Mass (g)': pick(trainData.mass),
        'Flipper Length (mm)': pick(trainData.flipper),
        Island: pick(trainData.island),
        Male: pick(trainData.male),
        Seen: pick(trainData.seen),
      },
      rows: rows.length,
      predictions: { output: classify(pick(trainData.mass)) },
    };
    const report = driftReport(reference, live, DEFAULT_THRESHOLDS);
    expect(report.rows).toBe(1500);
    expect(report.features.map((f) => f.feature)).toEqual(FEATURES);
    for (const f of report.features) {
      expect(f.drifted, f.note).toBe(false);
      expect(f.psi).toBeLessThan(0.05);
      expect(f.pValue).not.toBeNull();
      expect(f.pValue!).toBeGreaterThan(0.01);
      expect(f.note).toMatch(/^No drift\./);
      expect(f.liveShares).toHaveLength(referenceShares(reference.features[FEATURES.indexOf(f.feature)]).length);
    }
    expect(entry(report, 'Body Mass (g)').test).toBe('KS');
    expect(entry(report, 'Island').test).toBe('chi-square');
    expect(entry(report, 'Male').kind).toBe('numeric');
    expect(report.predictions).not.toBeNull();
    expect(report.predictions!.drifted).toBe(false);
  });

  it('finds no drift in a fresh batch from the same distribution', () => {
    const report = driftReport(reference, liveOf(penguins(2000, 99)), DEFAULT_THRESHOLDS);
    for (const f of report.features) expect(f.drifted, `${f.feature}: ${f.note}`).toBe(false);
    expect(report.predictions!.drifted).toBe(false);
    expect(maxPsi(report)).toBeLessThan(0.1);
  });

  it('treats dates as numbers: deciles and KS on the date, whether live dates are Dates or text like 24.12.2023', () => {
    const fresh = penguins(2000, 99);
    const asText = (d: Date | null) => (d === null ? '' : `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`);
    const same = liveOf(fresh);
    const sameColumns: Record<string, ArrayLike<unknown>> = { ...same.columns, Seen: fresh.seen.map(asText) };
    const seen = entry(driftReport(reference, { ...same, columns: sameColumns }, DEFAULT_THRESHOLDS), 'Seen');
    expect(seen).toMatchObject({ kind: 'numeric', test: 'KS', drifted: false });
    expect(seen.liveShares.at(-1)).toBe(0);
    // A year later: every date beyond the training range.
    const later = { ...liveOf(fresh), columns: { ...same.columns, Seen: fresh.seen.map((d) => asText(d === null ? null : new Date(d.getTime() + 365 * 86_400_000))) } };
    const moved = entry(driftReport(reference, later, DEFAULT_THRESHOLDS), 'Seen');
    expect(moved).toMatchObject({ kind: 'numeric', test: 'KS', drifted: true });
    expect(moved.pValue!).toBeLessThan(1e-10);
  });

  it('finds drift in a shifted batch: the shifted features and the predictions, not the others', () => {
    const report = driftReport(reference, liveOf(penguins(2000, 7, 1)), DEFAULT_THRESHOLDS);
    const mass = entry(report, 'Body Mass (g)');
    expect(mass.drifted).toBe(true);
    expect(mass.psi).toBeGreaterThan(0.2);
    expect(mass.pValue!).toBeLessThan(1e-10);
    expect(mass.note).toMatch(/^Drifted: PSI \d\.\d+ > 0\.2\./);
    const island = entry(report, 'Island');
    expect(island.drifted).toBe(true);
    expect(island.test).toBe('chi-square');
    expect(island.pValue!).toBeLessThan(1e-10);
    expect(entry(report, 'Flipper Length (mm)').drifted).toBe(false);
    expect(entry(report, 'Male').drifted).toBe(false);
    expect(report.predictions!.drifted).toBe(true);
    expect(maxPsi(report)).toBe(Math.max(...report.features.map((f) => f.psi)));
  });

  it('does not call a tiny shift drift in a huge batch, although the test finds it significant', () => {
    const p = penguins(100_000, 8);
    for (let r = 0; r < p.mass.length; r++) p.mass[r] += 80; // 0.1 standard deviations
    const mass = entry(driftReport(reference, liveOf(p), DEFAULT_THRESHOLDS), 'Body Mass (g)');
    expect(mass.pValue!).toBeLessThan(0.01);
    expect(mass.psi).toBeLessThan(0.1);
    expect(mass.drifted).toBe(false);
  });

  it('uses the thresholds it is given', () => {
    const live = liveOf(penguins(2000, 7, 0.3));
    const loose = entry(driftReport(reference, live, { psi: 5, pValue: 1e-300, minPsiForTest: 0.1 }), 'Body Mass (g)');
    expect(loose.drifted).toBe(false);
    const strict = entry(driftReport(reference, live, { psi: 0.001, pValue: 0.01, minPsiForTest: 0.1 }), 'Body Mass (g)');
    expect(strict.drifted).toBe(true);
  });

  it('counts a missing column as all missing, and says so', () => {
    const live = liveOf(penguins(500, 3));
    const columns: Record<string, ArrayLike<unknown>> = { ...live.columns };
    delete columns.Island;
    const island = entry(driftReport(reference, { ...live, columns }, DEFAULT_THRESHOLDS), 'Island');
    expect(island.drifted).toBe(true);
    expect(island.missingShareLive).toBe(1);
    expect(island.note).toMatch(/The live data has no column Island; every value counts as missing\./);
    expect(island.note).toMatch(/Missing values rose from 0% to 100%\./);
  });

  it('counts unreadable values as missing and names categories never seen in training', () => {
    const p = penguins(1000, 4);
    const mass: unknown[] = Array.from(p.mass, (x, i) => (i < 10 ? 'heavy' : String(x)));
    const island = p.island.map((v, i) => (i % 4 === 0 ? 'Anvers' : i % 4 === 1 ? 'Palmer' : v));
    const report = driftReport(reference, { columns: { ...liveOf(p).columns, 'Body Mass (g)': mass, Island: island }, rows: 1000 }, DEFAULT_THRESHOLDS);
    const m = entry(report, 'Body Mass (g)');
    expect(m.note).toMatch(/10 live values could not be read as numbers and count as missing\./);
    expect(m.drifted).toBe(false);
    const i = entry(report, 'Island');
    expect(i.drifted).toBe(true);
    expect(i.note).toMatch(/Live values never seen in training: “Anvers”, “Palmer”\./);
    expect(i.liveShares[binLabels(reference.features[2]).indexOf('(other)')]).toBeCloseTo(0.5, 12);
    expect(report.predictions).toBeNull(); // no live predictions given
  });

  it('notes values outside the training range', () => {
    const p = penguins(1000, 5);
    const flipper = Float64Array.from(p.flipper, (x, i) => (i < 100 ? 400 : x));
    const f = entry(driftReport(reference, { ...liveOf(p), columns: { ...liveOf(p).columns, 'Flipper Length (mm)': flipper } }, DEFAULT_THRESHOLDS), 'Flipper Length (mm)');
    expect(f.note).toMatch(/10% of live values lie outside the training range\./);
  });

  it('refuses a batch without rows', () => {
    expect(() => driftReport(reference, { columns: {}, rows: 0 }, DEFAULT_THRESHOLDS)).toThrow(MonitorError);
  });

  it('compares regression predictions with KS', () => {
    const reg = buildReference(frame, range(0, 6000), ['Island'], { task: 'regression', classes: [], output: Float32Array.from(trainData.mass, (m) => (Number.isNaN(m) ? 4200 : m)) });
    const shifted = penguins(1500, 12, 1);
    const report = driftReport(reg, { columns: { Island: shifted.island }, rows: 1500, predictions: { output: Float32Array.from(shifted.mass, (m) => (Number.isNaN(m) ? 4200 : m)) } });
    expect(report.predictions!.test).toBe('KS');
    expect(report.predictions!.drifted).toBe(true);
    const same = penguins(1500, 13);
    const calm = driftReport(reg, { columns: { Island: same.island }, rows: 1500, predictions: { output: Float32Array.from(same.mass, (m) => (Number.isNaN(m) ? 4200 : m)) } });
    expect(calm.predictions!.drifted).toBe(false);
  });
});
