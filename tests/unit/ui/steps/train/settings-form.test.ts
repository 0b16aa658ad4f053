import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsFromForm, parseHiddenLayers, modelsFor, MODEL_LABELS } from '$src/ui/steps/train/settings-form';
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

describe('the Train form for gradient-boosted trees', () => {
  const trees = formFromSettings(defaultSettings('gradient-boosted-trees', 'classification', 1000));

  it('offers Gradient-boosted trees for both tasks', () => {
    expect(modelsFor('classification')).toContain('gradient-boosted-trees');
    expect(modelsFor('regression')).toContain('gradient-boosted-trees');
    expect(MODEL_LABELS['gradient-boosted-trees']).toBe('Gradient-boosted trees');
  });

  it("starts from scikit-learn's defaults: 100 trees, 31 leaves, no depth limit, 20 per leaf, learning rate 0.1", () => {
    expect(trees).toMatchObject({ epochs: '100', maxLeaves: '31', maxDepth: '0', minSamplesLeaf: '20', learningRate: '0.1' });
    expect(settingsFromForm(trees)).toMatchObject({ kind: 'gradient-boosted-trees', epochs: 100, maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20, learningRate: 0.1, patience: 10 });
  });

  it('reads the tree settings and refuses bad values in the words of their fields', () => {
    expect(settingsFromForm({ ...trees, epochs: '250', maxLeaves: '63', maxDepth: '6', minSamplesLeaf: '5' })).toMatchObject({ epochs: 250, maxLeaves: 63, maxDepth: 6, minSamplesLeaf: 5 });
    expect(() => settingsFromForm({ ...trees, epochs: '0' })).toThrow(/^Trees must be a whole number/);
    expect(() => settingsFromForm({ ...trees, maxLeaves: '1' })).toThrow(/^Max leaves must be a whole number/);
    expect(() => settingsFromForm({ ...trees, maxDepth: '-1' })).toThrow(/^Max depth must be a whole number/);
    expect(() => settingsFromForm({ ...trees, minSamplesLeaf: '0,5' })).toThrow(/^Min samples per leaf must be a whole number/);
  });

  it('gives a model stored before trees the tree defaults in the form, and no tree settings to other kinds', () => {
    const { maxLeaves: _l, maxDepth: _d, minSamplesLeaf: _m, ...old } = defaultSettings('mlp', 'classification', 1000);
    expect(formFromSettings(old)).toMatchObject({ maxLeaves: '31', maxDepth: '0', minSamplesLeaf: '20' });
    expect(settingsFromForm(formFromSettings(old))).not.toHaveProperty('maxLeaves');
  });
});

describe('the Train form for the other tree models', () => {
  const forest = formFromSettings(defaultSettings('random-forest', 'classification', 1000));
  const tree = formFromSettings(defaultSettings('decision-tree', 'regression', 1000));

  it('offers the random forest and the decision tree for both tasks', () => {
    for (const task of ['classification', 'regression'] as const) expect(modelsFor(task)).toEqual(expect.arrayContaining(['random-forest', 'decision-tree']));
    expect([MODEL_LABELS['random-forest'], MODEL_LABELS['decision-tree']]).toEqual(['Random forest', 'Decision tree']);
  });

  it('reads a forest’s Trees, Features per split and Bootstrap samples', () => {
    expect(forest).toMatchObject({ epochs: '100', maxDepth: '0', minSamplesLeaf: '1', featuresPerSplit: 'sqrt', bootstrap: true });
    expect(settingsFromForm(forest)).toMatchObject({ kind: 'random-forest', epochs: 100, featuresPerSplit: 'sqrt', bootstrap: true, maxDepth: 0, minSamplesLeaf: 1 });
    expect(settingsFromForm(forest)).not.toHaveProperty('maxLeaves');
    expect(settingsFromForm({ ...forest, featuresPerSplit: ' ALL ', bootstrap: false })).toMatchObject({ featuresPerSplit: 'all', bootstrap: false });
    expect(settingsFromForm({ ...forest, featuresPerSplit: '0,5' }).featuresPerSplit).toBe(0.5);
    expect(formFromSettings(settingsFromForm({ ...forest, featuresPerSplit: '0.25' })).featuresPerSplit).toBe('0.25');
    for (const bad of ['0', '1.5', 'half']) {
      expect(() => settingsFromForm({ ...forest, featuresPerSplit: bad })).toThrow(`Features per split must be sqrt, all, or a fraction of the features above 0 and at most 1 (such as 0.5), not "${bad}".`);
    }
  });

  it('reads a decision tree’s limits, 0 meaning none, and refuses one leaf', () => {
    expect(settingsFromForm(tree)).toMatchObject({ kind: 'decision-tree', maxDepth: 0, maxLeaves: 0, minSamplesLeaf: 1, patience: 0, l2: 0 });
    expect(settingsFromForm({ ...tree, maxDepth: '4', maxLeaves: '12' })).toMatchObject({ maxDepth: 4, maxLeaves: 12 });
    expect(() => settingsFromForm({ ...tree, maxLeaves: '1' })).toThrow('Max leaves must be 0 (no limit) or at least 2: a tree with one leaf makes no split.');
  });

  it('gives boosting an L2 penalty and, for regression, the absolute-error loss', () => {
    const boosting = formFromSettings(defaultSettings('gradient-boosted-trees', 'regression', 1000));
    expect(settingsFromForm({ ...boosting, l2: '1,5', regressionLoss: 'absolute-error' })).toMatchObject({ l2: 1.5, regressionLoss: 'absolute-error' });
    expect(() => settingsFromForm({ ...boosting, l2: '-1' })).toThrow(/^L2 penalty must be/);
  });
});
