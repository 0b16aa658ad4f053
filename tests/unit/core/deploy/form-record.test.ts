import { describe, expect, it } from 'vitest';
import { isNumberField, readFormRecord } from '$src/core/deploy/form-record';
import type { ServingInput } from '$src/core/deploy/serving-spec';

const input = (name: string, over: Partial<ServingInput> = {}): ServingInput => ({ name, type: 'float32', sourceType: 'number', categories: null, typical: null, ...over });

describe('readFormRecord', () => {
  const inputs = [
    input('mass'),
    input('island', { type: 'string', sourceType: 'text', categories: ['Biscoe', 'Dream'] }),
    input('joined', { sourceType: 'date' }),
    input('smoker', { sourceType: 'boolean' }),
  ];

  it('reads number fields as numbers (a decimal comma too) and keeps every other field as typed', () => {
    expect(readFormRecord(inputs, { mass: '4050,5', island: 'Dream', joined: '2024-03-01', smoker: 'true' })).toEqual({
      record: { mass: 4050.5, island: 'Dream', joined: '2024-03-01', smoker: 'true' },
      problems: [],
    });
  });

  it('leaves an empty field empty (missing) and names each number field that holds no number', () => {
    expect(readFormRecord(inputs, { mass: '  ' }).record).toEqual({ mass: '  ', island: '', joined: '', smoker: '' });
    const { problems } = readFormRecord([input('mass'), input('flipper')], { mass: 'heavy', flipper: '12x' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^mass /);
    expect(problems[1]).toMatch(/^flipper /);
  });

  it('counts as a number field only a float input that is no category, date or boolean', () => {
    expect(inputs.map(isNumberField)).toEqual([true, false, false, false]);
  });
});
