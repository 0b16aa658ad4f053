import { describe, expect, it } from 'vitest';
import { Jobs } from '$src/state/jobs.svelte';
import { Messages } from '$src/state/messages.svelte';
import { Cancelled } from '$src/core/cancellation';
import { deferred, tick } from './fakes';

function setUp(step = 'clean') {
  const messages = new Messages();
  messages.enterStep(step);
  return { messages, jobs: new Jobs(messages) };
}

describe('Jobs', () => {
  it('shows the running job with its progress and lists what waits behind it', async () => {
    const { jobs } = setUp();
    const first = deferred<string>();
    let report!: (done: number, total: number) => void;
    const a = jobs.task({ label: 'Reading a.csv', action: 'load the data', total: 10, unit: 'bytes' }, (progress) => {
      report = progress;
      return first.promise;
    });
    const b = jobs.task({ label: 'Splitting the data', action: 'split the data', unit: 'rows' }, async () => 'split');
    await tick();
    expect(jobs.job).toMatchObject({ label: 'Reading a.csv', done: 0, total: 10, unit: 'bytes' });
    expect(jobs.waiting.map((j) => j.label)).toEqual(['Splitting the data']);
    report(10, 10);
    expect(jobs.job).toMatchObject({ done: 10, total: 10 });
    first.resolve('read');
    expect(await a).toBe('read');
    expect(await b).toBe('split');
    expect(jobs.job).toBeNull();
    expect(jobs.waiting).toEqual([]);
  });

  it('turns a failure into an alert on the step it was asked from, even after the user moved on', async () => {
    const { jobs, messages } = setUp('clean');
    const work = deferred<never>();
    const result = jobs.task({ label: 'Applying the step', action: 'apply the step', unit: 'rows' }, () => work.promise);
    await tick();
    messages.enterStep('split');
    work.reject(new Error('disk on fire'));
    expect(await result).toBeUndefined();
    expect(messages.error).toBeNull();
    messages.enterStep('clean');
    expect(messages.error).toBe('Could not apply the step: disk on fire. Nothing you had saved was changed; try again.');
  });

  it('says a cancelled job changed nothing, and offers no Cancel for work that cannot stop', async () => {
    const { jobs, messages } = setUp();
    const result = jobs.task({ label: 'Profiling the columns', action: 'profile the data', unit: 'steps' }, (_progress, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Cancelled()))));
    await tick();
    jobs.job!.cancel!();
    expect(await result).toBeUndefined();
    expect(messages.notice).toBe('Profiling the columns was cancelled. Nothing was changed.');
    expect(messages.error).toBeNull();

    const unstoppable = jobs.task({ label: 'Switching project', action: 'switch project', unit: 'steps' }, () => tick(), { cancellable: false });
    await Promise.resolve();
    expect(jobs.job?.cancel).toBeNull();
    await unstoppable;
  });

  it('names the loads a newer load replaced, once, and ignores their late progress', async () => {
    const { jobs, messages } = setUp('data');
    let lateReport!: (done: number, total: number) => void;
    const first = jobs.task({ label: 'Reading big.csv', action: 'load the data', total: 100, unit: 'bytes' }, (progress, signal) => {
      lateReport = progress;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Cancelled())));
    }, { kind: 'load', replaces: true, name: 'big.csv' });
    await tick();
    const waiting = jobs.task({ label: 'Reading mid.csv', action: 'load the data', unit: 'bytes' }, async () => 'mid', { kind: 'load', replaces: true, name: 'mid.csv' });
    let shownMeanwhile: unknown = null;
    const last = jobs.task({ label: 'Reading small.csv', action: 'load the data', total: 5, unit: 'bytes' }, async () => {
      lateReport(99, 100);
      shownMeanwhile = jobs.job;
      return 'small';
    }, { kind: 'load', replaces: true, name: 'small.csv' });
    expect(await first).toBeUndefined();
    expect(await waiting).toBeUndefined();
    expect(await last).toBe('small');
    expect(shownMeanwhile).toMatchObject({ label: 'Reading small.csv', done: 0, total: 5 });
    expect(jobs.takeReplaced()).toEqual(['big.csv', 'mid.csv']);
    expect(jobs.takeReplaced()).toEqual([]);
    // A replaced load is not a cancellation the user asked for.
    expect(messages.notice).toBeNull();
  });

  it('guards quick saves: a failure becomes an alert on the given step', async () => {
    const { jobs, messages } = setUp('train');
    await jobs.guard('rename the model', 'train', async () => {
      throw Object.assign(new Error('A model needs a name.'), { name: 'StorageError' });
    });
    expect(messages.error).toBe('A model needs a name.');
  });
});
