/**
 * The serve worker: runs exported ONNX bytes with onnxruntime-web (the wasm build, which carries
 * the ai.onnx.ml kernels), for the parity check and for serving. What is served is what was
 * packaged: predictions never come from the TF.js model.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { compareOutputs, type ExpectedOutputs, type FeedColumn, type ParityReport } from '../src/core/deploy/feeds';

// Without cross-origin isolation the runtime is single-threaded anyway; saying so avoids a warning.
ort.env.wasm.numThreads = 1;

let session: { bytes: Uint8Array; session: ort.InferenceSession } | null = null;

async function sessionFor(bytes: Uint8Array): Promise<ort.InferenceSession> {
  if (session && session.bytes === bytes) return session.session;
  await session?.session.release();
  const created = await ort.InferenceSession.create(bytes);
  session = { bytes, session: created };
  return created;
}

function tensors(feeds: FeedColumn[], rows: number): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const feed of feeds) out[feed.name] = new ort.Tensor(feed.type, feed.values, [rows, 1]);
  return out;
}

async function run(bytes: Uint8Array, feeds: FeedColumn[], rows: number) {
  const s = await sessionFor(bytes);
  const results = await s.run(tensors(feeds, rows));
  const read = (name: string) => results[name]?.data;
  return {
    label: read('label') as ArrayLike<unknown> | undefined,
    probabilities: read('probabilities') as Float32Array | undefined,
    prediction: read('prediction') as Float32Array | undefined,
  };
}

const api = {
  /** Runs the exported bytes on the rows the data worker posts through `port`, and compares. */
  parity(port: MessagePort): Promise<ParityReport> {
    return new Promise((resolve, reject) => {
      port.onmessage = async (event: MessageEvent<{ bytes: Uint8Array; feeds: FeedColumn[]; rows: number; expected: ExpectedOutputs } | { failed: true }>) => {
        port.close();
        try {
          if ('failed' in event.data) throw new Error('The export failed before the check could run.');
          const { bytes, feeds, rows, expected } = event.data;
          resolve(compareOutputs(expected, await run(bytes, feeds, rows), rows));
        } catch (error) {
          reject(error);
        }
      };
    });
  },

  cancel(): void {
    /* each call is short; nothing to stop */
  },
};

export type ServeApi = typeof api;
Comlink.expose(api);
