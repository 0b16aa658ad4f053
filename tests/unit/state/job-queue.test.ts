import { describe, expect, it } from 'vitest';
import { JobQueue, Superseded } from '$src/state/job-queue';

/** A job that runs until `finish` is called (or its signal aborts), recording when it ran. */
function pending(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const work = async (signal: AbortSignal) => {
    log.push(`start ${name}`);
    await Promise.race([done, new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]);
    log.push(`end ${name}`);
    return name;
  };
  return { work, finish };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobQueue', () => {
  it('runs every job asked for, one at a time, in the order asked', async () => {
    const log: string[] = [];
    const queue = new JobQueue();
    const a = pending(log, 'a');
    const b = pending(log, 'b');
    const c = pending(log, 'c');
    const results = [queue.run('A', a.work), queue.run('B', b.work), queue.run('C', c.work)];
    await tick();
    expect(log).toEqual(['start a']);
    expect(queue.running?.label).toBe('A');
    expect(queue.waiting.map((j) => j.label)).toEqual(['B', 'C']);
    a.finish();
    await tick();
    expect(queue.waiting.map((j) => j.label)).toEqual(['C']);
    b.finish();
    c.finish();
    expect(await Promise.all(results)).toEqual([{ ran: true, value: 'a' }, { ran: true, value: 'b' }, { ran: true, value: 'c' }]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(queue.running).toBeNull();
    expect(queue.waiting).toEqual([]);
  });

  it('goes on after a job fails', async () => {
    const queue = new JobQueue();
    const failed = queue.run('A', async () => { throw new Error('broken'); });
    const next = queue.run('B', async () => 'b');
    await expect(failed).rejects.toThrow('broken');
    expect(await next).toEqual({ ran: true, value: 'b' });
  });

  it('lets the newest load win: a running load is stopped, a waiting one dropped, other jobs kept', async () => {
    const log: string[] = [];
    const queue = new JobQueue();
    const first = pending(log, 'first.csv');
    const train = pending(log, 'train');
    const second = pending(log, 'second.csv');
    const third = pending(log, 'third.csv');
    const one = queue.run('Reading first.csv', first.work, { kind: 'load', replaces: true });
    await tick();
    const two = queue.run('Training', train.work);
    const three = queue.run('Reading second.csv', second.work, { kind: 'load', replaces: true });
    const four = queue.run('Reading third.csv', third.work, { kind: 'load', replaces: true });
    // The first load was stopped with a reason that names its replacement.
    await expect(one).rejects.toBeInstanceOf(Superseded);
    await tick();
    expect(log).toEqual(['start first.csv', 'start train']);
    train.finish();
    third.finish();
    expect(await two).toEqual({ ran: true, value: 'train' });
    expect(await three).toEqual({ ran: false, supersededBy: 'Reading third.csv' });
    expect(await four).toEqual({ ran: true, value: 'third.csv' });
    expect(log).toEqual(['start first.csv', 'start train', 'end train', 'start third.csv', 'end third.csv']);
  });

  it('tells its listener whenever the running job or the waiting list changes', async () => {
    let changes = 0;
    const queue = new JobQueue(() => changes++);
    await queue.run('A', async () => undefined);
    expect(changes).toBeGreaterThanOrEqual(3);
  });
});
