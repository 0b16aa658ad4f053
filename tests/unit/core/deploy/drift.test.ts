import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  MonitorError,
  checkThresholds,
  driftReport,
  isDrifted,
  largestPsi,
} from '$src/core/deploy/drift';
import type { FeatureDrift } from '$src/core/deploy/drift';
import { binLabels, buildReference, referenceShares } from '$src/core/deploy/reference';
import { createRandom } from '$src/core/random';
import { classify, penguinFrame, penguins, range } from './helpers';

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
    expect(largestPsi(report)).toBeLessThan(0.1);
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
    expect(largestPsi(report)).toBe(Math.max(...report.features.map((f) => f.psi)));
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

describe('largestPsi', () => {
  const feature = (name: string, psi: number): FeatureDrift => ({
    feature: name,
    kind: 'numeric',
    psi,
    test: 'KS',
    statistic: null,
    pValue: null,
    drifted: false,
    missingShareReference: 0,
    missingShareLive: 0,
    note: '',
    liveShares: [],
  });

  it("is the largest feature PSI, leaving the predictions' PSI out", () => {
    const predictions = { psi: 5, drifted: true, test: 'chi-square' as const, statistic: 1, pValue: 0, note: '', liveShares: [] };
    expect(largestPsi({ features: [feature('a', 0.1), feature('b', 0.31), feature('c', 0.2)], predictions, rows: 10 })).toBe(0.31);
  });

  it('is 0 for a report without features', () => {
    expect(largestPsi({ features: [], predictions: null, rows: 0 })).toBe(0);
  });
});
