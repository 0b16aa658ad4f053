import { describe, it, expect } from 'vitest';
import { steps, firstUnmet, findStep } from '$src/ui/steps/steps';

describe('workflow steps', () => {
  it('has the thirteen steps of the contract in order, each with an intro', () => {
    expect(steps.map((s) => s.name)).toEqual(['Data', 'Explore', 'Validate', 'Clean', 'Label', 'Split', 'Train', 'Evaluate', 'Test', 'Package', 'Serve', 'Monitor', 'Logs']);
    for (const step of steps) {
      expect(step.id).toBe(step.name.toLowerCase());
      expect(step.intro.split('. ').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('names the earliest unmet requirement, so a step without data asks for data first', () => {
    const none = () => false;
    expect(firstUnmet('model', none)).toBe('data');
    expect(firstUnmet('model', (r) => r === 'data')).toBe('split');
    expect(firstUnmet('split', (r) => r === 'data')).toBe('split');
    expect(firstUnmet('data', (r) => r === 'data')).toBeNull();
    expect(firstUnmet(null, none)).toBeNull();
  });

  it('finds steps by address', () => {
    expect(findStep('logs')?.name).toBe('Logs');
    expect(findStep('nope')).toBeUndefined();
  });
});
