import { describe, expect, it } from 'vitest';
import {
  CHI_SQUARE_EXPLANATION,
  KS_EXPLANATION,
  PSI_EXPLANATION,
  RETRAINING_RULE,
  describeDriftRule,
  describeFeatureDrift,
  describePValueThreshold,
  describePsiThreshold,
  describeShares,
  psiBand,
} from '$src/core/deploy/describe';
import type { FeatureDrift } from '$src/core/deploy/drift';
import { categoricalReference } from '$src/core/deploy/reference';

describe('explanations', () => {
  it('explain each measure in plain words', () => {
    expect(PSI_EXPLANATION).toMatch(/Population Stability Index/);
    expect(PSI_EXPLANATION).toMatch(/above 0\.2 is a significant shift/);
    expect(KS_EXPLANATION).toMatch(/biggest gap/);
    expect(CHI_SQUARE_EXPLANATION).toMatch(/fewer than 5 times are pooled/);
    expect(RETRAINING_RULE).toMatch(/top half of the features by permutation importance/);
  });

  it('state the rule with the thresholds in use', () => {
    expect(describeDriftRule({ psi: 0.25, pValue: 0.001, minPsiForTest: 0.15 })).toMatch(/^A feature has drifted when its PSI is above 0\.25, or when its test gives a p-value below 0\.001 and its PSI is above 0\.15\./);
    expect(describePsiThreshold(0.2)).toMatch(/above 0\.2 counts as drifted/);
    expect(describePValueThreshold(0.01)).toMatch(/below 0\.01 calls a shift significant; it counts as drift only when the PSI is also above 0\.1/);
  });

  it('reads PSI values by the usual bands', () => {
    expect(psiBand(0.05)).toBe('stable');
    expect(psiBand(0.15)).toBe('some shift');
    expect(psiBand(0.35)).toBe('significant shift');
  });

  it('describes one feature and its shares', () => {
    const entry: FeatureDrift = {
      feature: 'Island',
      kind: 'categorical',
      psi: 0.35,
      test: 'chi-square',
      statistic: 120.5,
      pValue: 1e-20,
      drifted: true,
      missingShareReference: 0,
      missingShareLive: 0,
      note: '',
      liveShares: [0.2, 0.8, 0, 0],
    };
    expect(describeFeatureDrift(entry)).toBe('Island drifted (PSI 0.35 > 0.2): PSI 0.35 (significant shift), chi-square χ² 120.5, p-value 1e-20.');
    const ref = categoricalReference('Island', 'text', new Map([['Biscoe', 60], ['Dream', 40]]));
    expect(describeShares(ref, entry.liveShares)).toBe('Biscoe: training 60%, live 20%; Dream: training 40%, live 80%.');
  });
});
