import { describe, expect, it } from 'vitest';
import { Messages } from '$src/state/messages.svelte';

describe('Messages', () => {
  it('shows a step’s messages only on that step, and drops them when the user leaves it', () => {
    const messages = new Messages();
    messages.enterStep('clean');
    messages.fail('The step could not be applied.');
    messages.tell('Undone.');
    expect(messages.error).toBe('The step could not be applied.');
    expect(messages.notice).toBe('Undone.');
    messages.enterStep('split');
    expect(messages.error).toBeNull();
    expect(messages.notice).toBeNull();
    messages.enterStep('clean');
    expect(messages.error).toBeNull();
  });

  it('keeps a message for another step until the user gets there', () => {
    const messages = new Messages();
    messages.enterStep('monitor');
    messages.tell('Appended; train a new model to use it.', 'train');
    expect(messages.notice).toBeNull();
    messages.enterStep('train');
    expect(messages.notice).toBe('Appended; train a new model to use it.');
  });

  it('shows the studio’s own messages everywhere; its notice goes once seen, its error stays until dismissed', () => {
    const messages = new Messages();
    messages.enterStep('data');
    messages.fail('Storage is full.', null);
    messages.tell('Imported "Churn".', null);
    messages.enterStep('train');
    expect(messages.error).toBe('Storage is full.');
    expect(messages.notice).toBeNull();
    messages.dismissError();
    expect(messages.error).toBeNull();
  });

  it('drops the step’s messages when its form changes, but not the studio’s', () => {
    const messages = new Messages();
    messages.enterStep('split');
    messages.fail('Give the parts sizes that add up to 100%.');
    messages.formChanged();
    expect(messages.error).toBeNull();
    messages.fail('Another tab changed the storage.', null);
    messages.formChanged();
    expect(messages.error).toBe('Another tab changed the storage.');
  });
});
