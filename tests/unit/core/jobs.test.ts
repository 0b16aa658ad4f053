import { describe, it, expect } from 'vitest';
import { cancellationPoint, JobRegistry } from '$src/core/jobs';
import { Cancelled } from '$src/core/cancellation';

describe('job registry', () => {
  it('gives each job a signal that cancel(id) aborts, and only that job', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const signals: AbortSignal[] = [];
    const a = jobs.run('a', async (signal) => { signals.push(signal); await gate; return signal.aborted; });
    const b = jobs.run('b', async (signal) => { signals.push(signal); await gate; return signal.aborted; });
    expect(jobs.size).toBe(2);
    jobs.cancel('a');
    release();
    expect(await a).toBe(true);
    expect(await b).toBe(false);
    expect(jobs.size).toBe(0);
  });

  it('forgets a job once it fails, and passes its error on', async () => {
    const jobs = new JobRegistry();
    await expect(jobs.run('x', async () => { throw new Error('no rows'); })).rejects.toThrow('no rows');
    expect(jobs.size).toBe(0);
  });

  it('ignores a cancel for a job that is not running', async () => {
    const jobs = new JobRegistry();
    jobs.cancel('never');
    expect(await jobs.run('later', async (signal) => signal.aborted)).toBe(false);
  });

  it('keeps a job whose id was reused while the first one was still settling', async () => {
    const jobs = new JobRegistry();
    let releaseFirst!: () => void;
    const first = jobs.run('same', () => new Promise<void>((resolve) => { releaseFirst = resolve; }));
    let releaseSecond!: () => void;
    let secondSignal!: AbortSignal;
    const second = jobs.run('same', (signal) => { secondSignal = signal; return new Promise<void>((resolve) => { releaseSecond = resolve; }); });
    releaseFirst();
    await first;
    jobs.cancel('same');
    expect(secondSignal.aborted).toBe(true);
    releaseSecond();
    await second;
    expect(jobs.size).toBe(0);
  });
});

describe('cancellation point', () => {
  it('sees a cancel that arrived while the job was busy, and stops the job there', async () => {
    const controller = new AbortController();
    // The cancel message is handled after the synchronous work, on the next turn.
    setTimeout(() => controller.abort(), 0);
    await expect(cancellationPoint(controller.signal)).rejects.toBeInstanceOf(Cancelled);
  });

  it('lets a job that was not cancelled go on', async () => {
    await expect(cancellationPoint(new AbortController().signal)).resolves.toBeUndefined();
  });
});
