import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsFromForm, parseHiddenLayers } from '$src/ui/steps/train/settings-form';
import { defaultSettings } from '$src/core/model/models/network';

describe('the Train form', () => {
  const form = formFromSettings(defaultSettings('mlp', 'classification', 1000));

  it('reads a decimal comma in the learning rate, dropout and L2 penalty', () => {
    const settings = settingsFromForm({ ...form, learningRate: '0,05', dropout: '0,2', l2: '0,001' });
    expect(settings.learningRate).toBe(0.05);
    expect(settings.dropout).toBe(0.2);
    expect(settings.l2).toBe(0.001);
  });

  it('names the field and what it must be', () => {
    expect(() => settingsFromForm({ ...form, epochs: '2,5' })).toThrow('Epochs must be a whole number between 1 and 10000; "2,5" is not.');
    expect(() => settingsFromForm({ ...form, learningRate: 'fast' })).toThrow('Learning rate must be a number greater than 0 and at most 10');
  });

  it('keeps a comma between hidden layer sizes, where it separates layers', () => {
    expect(parseHiddenLayers('64,32')).toEqual([64, 32]);
    expect(parseHiddenLayers('64; 32 16')).toEqual([64, 32, 16]);
  });

  it('shows a float32 setting in the digits it was written with', () => {
    expect(formFromSettings({ ...defaultSettings('mlp', 'classification', 1000), learningRate: Math.fround(0.003) }).learningRate).toBe('0.003');
  });
});
