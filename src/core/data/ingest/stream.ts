/**
 * Reading a Blob's bytes in chunks, so a large file never has to be in memory twice and the
 * caller can see progress and cancel between chunks.
 */
import { throwIfCancelled } from '../../cancellation';

export interface ReadContext {
  fileName: string;
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** The largest piece of bytes handed on at once. */
const MAX_PIECE = 1 << 20;

/** Ingest's checkpoint between chunks and stages: a cancellation that says loading stopped. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  throwIfCancelled(signal, 'Loading was cancelled.');
}

/** At most one progress report per interval (the UI repaints a few times a second at most). */
export class Progress {
  private last = -Infinity;
  private readonly total: number;
  private readonly callback: ((bytesRead: number, totalBytes: number) => void) | undefined;
  private readonly intervalMs: number;

  constructor(total: number, callback: ReadContext['onProgress'], intervalMs = 100) {
    this.total = total;
    this.callback = callback;
    this.intervalMs = intervalMs;
  }

  report(bytesRead: number): void {
    if (this.callback === undefined) return;
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.callback(Math.min(bytesRead, this.total), this.total);
  }

  /** The final report is always sent, so a progress bar ends at 100%. */
  done(): void {
    this.callback?.(this.total, this.total);
  }
}

/**
 * Yields the file's bytes from `start`, chunk by chunk, checking for cancellation before each
 * chunk and reporting progress (throttled) after it.
 */
export async function* readBytes(file: Blob, ctx: ReadContext, progress: Progress, start = 0): AsyncGenerator<Uint8Array> {
  throwIfAborted(ctx.signal);
  const reader = (start > 0 ? file.slice(start) : file).stream().getReader();
  let read = start;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      throwIfAborted(ctx.signal);
      if (done) break;
      // Some sources hand over a whole in-memory Blob part at once; cut it so that text is
      // decoded and parsed in bounded pieces whatever the source.
      for (let at = 0; at < value.byteLength; at += MAX_PIECE) {
        const piece = value.subarray(at, Math.min(at + MAX_PIECE, value.byteLength));
        if (at > 0) throwIfAborted(ctx.signal);
        read += piece.byteLength;
        progress.report(read);
        yield piece;
      }
    }
  } finally {
    // Stops the underlying read when the consumer gives up early (error, cancel, restart).
    await reader.cancel().catch(() => undefined);
  }
}

/** The whole file as one byte array (formats that need random access: JSON, Arrow). */
export async function readAllBytes(file: Blob, ctx: ReadContext, progress: Progress): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  let at = 0;
  for await (const chunk of readBytes(file, ctx, progress)) {
    // A Blob cannot grow, but guard against a source that reports a wrong size.
    if (at + chunk.byteLength > out.length) throw new RangeError('The file changed while it was being read.');
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return at === out.length ? out : out.subarray(0, at);
}
