/**
 * Yielding to the event loop from a long synchronous loop (training), so that a worker hears
 * its incoming messages, such as a cancel request, between steps.
 */

/**
 * Lets other tasks run (a worker's incoming messages, such as a cancel request). A
 * MessageChannel round trip where there is one (browsers, workers and Node: no 4 ms timer
 * clamp), else setTimeout 0. `close` must be called, or Node keeps running.
 */
export function createYielder(): { yield(): Promise<void>; close(): void } {
  if (typeof MessageChannel !== 'function') {
    return { yield: () => new Promise((resolve) => setTimeout(resolve, 0)), close: () => {} };
  }
  let channel: MessageChannel | null = null;
  const waiting: (() => void)[] = [];
  return {
    yield: () =>
      new Promise<void>((resolve) => {
        if (!channel) {
          channel = new MessageChannel();
          channel.port1.onmessage = () => waiting.shift()?.();
        }
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel?.port1.close();
      channel?.port2.close();
      channel = null;
    },
  };
}
