import { describe, expect, it } from 'vitest';
import { specFromModel, specFromOnnx } from '$src/core/deploy/serving-spec';
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

describe('specFromModel with a tree model\'s preprocessing', () => {
  it('offers the coded categories alphabetically and shows the train median and most frequent value as typical', () => {
    const model = {
      id: 'm',
      name: 'Trees',
      target: { task: 'classification' as const, column: 'y', classes: ['no', 'yes'] },
      preprocessor: describePreprocessor([
        { kind: 'numeric', name: 'tenure', sourceType: 'number', impute: 12, mean: 14.5, std: 3, encoding: 'raw' },
        { kind: 'categorical', name: 'plan', sourceType: 'text', impute: 'basic', categories: ['pro', 'basic', 'free'], other: false, encoding: 'ordinal' },
      ]),
    };
    const inputs = [{ name: 'tenure', type: 'float32' as const, columnType: 'number' as const }, { name: 'plan', type: 'string' as const, columnType: 'text' as const }];
    const spec = specFromModel(model, inputs, [], []);
    expect(spec.inputs[0]).toMatchObject({ name: 'tenure', categories: null, typical: 12 });
    // Code order (by the train target) means nothing to a person choosing one.
    expect(spec.inputs[1]).toMatchObject({ name: 'plan', categories: ['basic', 'free', 'pro'], typical: 'basic' });
  });
});

describe('specFromOnnx', () => {
  const input = (name: string, type: string) => ({ name, type, shape: [null, 1] });

  it('reads the inputs from the graph, and the task, classes and date inputs from the studio’s metadata', () => {
    const spec = specFromOnnx('churn.onnx', {
      inputs: [input('plan', 'string'), input('tenure', 'float32'), input('joined', 'float32')],
      metadata: {
        task: 'classification',
        classes: '["no","yes"]',
        inputs: JSON.stringify([{ name: 'joined', columnType: 'date', description: 'days since 1970-01-01' }]),
      },
    });
    expect(spec).toMatchObject({ modelId: 'file:churn.onnx', modelName: 'churn.onnx', task: 'classification', classes: ['no', 'yes'], rules: [], columns: [] });
    expect(spec.inputs.map((i) => [i.name, i.type, i.sourceType])).toEqual([
      ['plan', 'string', 'text'],
      ['tenure', 'float32', 'number'],
      ['joined', 'float32', 'date'],
    ]);
  });

  it('serves a file without the studio’s metadata as a model of unknown task', () => {
    const spec = specFromOnnx('other.onnx', { inputs: [input('x', 'float32')], metadata: {} });
    expect(spec.task).toBe('unknown');
    expect(spec.classes).toEqual([]);
    expect(spec.inputs[0]).toEqual({ name: 'x', type: 'float32', sourceType: 'number', categories: null, typical: null });
  });

  it('refuses inputs the form cannot fill, naming every input and its type', () => {
    expect(() => specFromOnnx('ints.onnx', { inputs: [input('a', 'float32'), input('b', 'int64')], metadata: {} }))
      .toThrow('The studio serves models whose inputs are float32 or string columns; ints.onnx has a (float32), b (int64).');
  });
});
