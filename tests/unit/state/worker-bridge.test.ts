/**
 * The worker bridge with a fake worker: a real MessageChannel (Comlink speaks over a MessagePort
 * as over a Worker) whose far end runs a small API, wrapped to look like a Worker that can be
 * made to crash ('error' event) and records whether it was terminated.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Comlink from 'comlink';
import { Cancelled } from '$src/core/cancellation';
import { WorkerBridge, WorkerCrashed } from '$src/state/worker-bridge';
import { describeError, isCancellation } from '$src/state/errors';

/** The API the fake worker exposes, as a real one would (`cancel` plus its own calls). */
function makeApi() {
  const cancels = new Map<string, () => void>();
  return {
    cancelled: [] as string[],
    echo(value: string): string {
      return `echo ${value}`;
    },
    /** Work that never looks at its signal: only terminating the worker ends it. */
    hang(): Promise<never> {
      return new Promise<never>(() => undefined);
    },
    /** Work that stops when asked to. */
    wait(jobId: string): Promise<string> {
      return new Promise((_resolve, reject) => {
        cancels.set(jobId, () => reject(new Cancelled()));
      });
    },
    cancel(jobId: string): void {
      this.cancelled.push(jobId);
      cancels.get(jobId)?.();
    },
  };
}

type Api = ReturnType<typeof makeApi>;

/** A Worker look-alike: messages go through a MessageChannel, 'error' events are its own. */
class FakeWorker extends EventTarget {
  readonly #port: MessagePort;
  readonly #far: MessagePort;
  readonly api = makeApi();
  terminated = false;

  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#far = port2;
    Comlink.expose(this.api, port2);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.#port.postMessage(message, transfer);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    if (type === 'message') {
      if (listener) this.#port.addEventListener('message', listener, options);
      this.#port.start();
    } else {
      super.addEventListener(type, listener, options);
    }
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    if (type !== 'message') super.removeEventListener(type, listener, options);
    else if (listener) this.#port.removeEventListener('message', listener, options);
  }

  terminate(): void {
    this.terminated = true;
    this.#port.close();
    this.#far.close();
  }

  /** What the browser does when the worker throws or runs out of memory. */
  crash(message: string): ErrorEvent {
    const event = Object.assign(new Event('error', { cancelable: true }), { message }) as ErrorEvent;
    this.dispatchEvent(event);
    return event;
  }
}

let workers: FakeWorker[] = [];

function bridge(onRestart = vi.fn()) {
  const create = vi.fn(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { bridge: new WorkerBridge<Api>(create, onRestart), create, onRestart };
}

/** Settles a promise into its outcome so a test can look at a rejection without racing it. */
function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** Fakes only the grace-period timer: messages and `setImmediate` still run for real. */
function useFakeTimeouts(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
}

/** Lets real message passing run until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
  for (const worker of workers) if (!worker.terminated) worker.terminate();
  workers = [];
});

describe('WorkerBridge', () => {
  it('starts the worker on first use and reuses it', async () => {
    const { bridge: b, create } = bridge();
    expect(create).not.toHaveBeenCalled();
    expect(await b.run((remote) => remote.echo('a'))).toBe('echo a');
    expect(await b.run((remote) => remote.echo('b'))).toBe('echo b');
    expect(create).toHaveBeenCalledTimes(1);
    b.terminate();
  });

  it('a crash rejects every call in flight with WorkerCrashed in plain words, restarts, and the next call gets a new worker', async () => {
    const { bridge: b, create, onRestart } = bridge();
    const first = outcome(b.run((remote) => remote.hang()));
    const second = outcome(b.run((remote) => remote.hang()));
    const crashed = workers[0];
    const event = crashed.crash('Out of memory');

    const [a, c] = await Promise.all([first, second]);
    for (const { error } of [a, c]) {
      expect(error).toBeInstanceOf(WorkerCrashed);
      const message = (error as Error).message;
      expect(message).toBe('The background worker stopped unexpectedly (Out of memory). It has been restarted; your stored data is safe. Try again, perhaps with a smaller file.');
      // Words for a person: no stack frames, no error class names, no code.
      expect(message).not.toMatch(/\bat .+:\d+|Error:|undefined|\{|\}/);
      // The alert shows the message exactly as written.
      expect(describeError(error, 'load the data')).toBe(message);
      expect(isCancellation(error)).toBe(false);
    }
    // The bridge handled it: the browser does not also report it as uncaught.
    expect(event.defaultPrevented).toBe(true);
    expect(crashed.terminated).toBe(true);
    expect(onRestart).toHaveBeenCalledTimes(1);

    expect(await b.run((remote) => remote.echo('again'))).toBe('echo again');
    expect(create).toHaveBeenCalledTimes(2);
    expect(workers[1]).not.toBe(crashed);
    expect(workers[1].terminated).toBe(false);
    b.terminate();
  });

  it('a crash without a message still says what happened', async () => {
    const { bridge: b } = bridge();
    const call = outcome(b.run((remote) => remote.hang()));
    workers[0].crash('');
    const { error } = await call;
    expect((error as Error).message).toContain('stopped unexpectedly (an error in the worker)');
  });

  it('a crash with nothing in flight only restarts', async () => {
    const { bridge: b, onRestart } = bridge();
    expect(await b.run((remote) => remote.echo('x'))).toBe('echo x');
    workers[0].crash('boom');
    expect(onRestart).toHaveBeenCalledTimes(1);
    expect(await b.run((remote) => remote.echo('y'))).toBe('echo y');
    expect(workers).toHaveLength(2);
    b.terminate();
  });

  it('cancel asks the worker first; work that ignores it is terminated after the grace period', async () => {
    useFakeTimeouts();
    const { bridge: b, onRestart } = bridge();
    const controller = new AbortController();
    let jobId = '';
    const call = outcome(
      b.run((remote, id) => {
        jobId = id;
        return remote.hang();
      }, controller.signal),
    );
    const worker = workers[0];
    controller.abort();
    // The cancel message reaches the worker (real message passing, not a timer).
    await until(() => worker.api.cancelled.length > 0);
    expect(worker.api.cancelled).toEqual([jobId]);

    await vi.advanceTimersByTimeAsync(1499);
    expect(worker.terminated).toBe(false);
    expect(onRestart).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    const { error } = await call;
    expect(error).toBeInstanceOf(Cancelled);
    expect(isCancellation(error)).toBe(true);
    expect(worker.terminated).toBe(true);
    expect(onRestart).toHaveBeenCalledTimes(1);

    vi.useRealTimers();
    expect(await b.run((remote) => remote.echo('after'))).toBe('echo after');
    expect(workers).toHaveLength(2);
    b.terminate();
  });

  it('work that stops when asked is not terminated', async () => {
    useFakeTimeouts();
    const { bridge: b, onRestart } = bridge();
    const controller = new AbortController();
    const call = outcome(b.run((remote, id) => remote.wait(id), controller.signal));
    controller.abort();
    const { error } = await call;
    expect(isCancellation(error)).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(workers[0].terminated).toBe(false);
    expect(onRestart).not.toHaveBeenCalled();
    vi.useRealTimers();
    expect(await b.run((remote) => remote.echo('same worker'))).toBe('echo same worker');
    expect(workers).toHaveLength(1);
    b.terminate();
  });

  it('an already aborted signal rejects without starting any work', async () => {
    const { bridge: b } = bridge();
    const controller = new AbortController();
    controller.abort();
    const work = vi.fn((remote: Comlink.Remote<Api>) => remote.echo('never'));
    const { error } = await outcome(b.run(work, controller.signal));
    expect(error).toBeInstanceOf(Cancelled);
    expect(work).not.toHaveBeenCalled();
    b.terminate();
  });
});
