import { describe, expect, it } from 'vitest';
import { specFromModel } from '$src/core/deploy/serving-spec';
import { describePreprocessor } from '$src/core/model/features';

describe('specFromModel', () => {
  it('shows a date feature’s typical value as a date, whether its input is days (now) or epoch ms (older models)', () => {
    const days = Date.UTC(2025, 11, 24) / 86_400_000;
    const model = (impute: number, expanded: boolean) => ({
      id: 'm',
      name: 'M',
      target: { task: 'regression' as const, column: 'y', classes: [] },
      preprocessor: describePreprocessor([
        {
          kind: 'numeric',
          name: 'When',
          sourceType: 'date',
          impute,
          mean: 0,
          std: 1,
          ...(expanded ? { date: { origin: days, impute: [2025, 12, 3, 358, 0], mean: [0, 0, 0, 0, 0], std: [1, 1, 1, 1, 1] } } : {}),
        },
      ]),
    });
    const inputs = [{ name: 'When', type: 'float32' as const, columnType: 'date' as const }];
    expect(specFromModel(model(days + 0.75, true), inputs, [], []).inputs[0]).toMatchObject({ sourceType: 'date', categories: null, typical: '2025-12-24' });
    expect(specFromModel(model(days * 86_400_000, false), inputs, [], []).inputs[0].typical).toBe('2025-12-24');
  });
});
