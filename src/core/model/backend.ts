/**
 * Choosing the TF.js backend, explicitly, with a fallback chain: WebGPU (only when a WebGPU
 * adapter exists) → WebGL → WASM → CPU. A preference is tried first, then the rest of the chain
 * in that order. Each backend that fails is reported in plain words.
 *
 * This module does not import `@tensorflow/tfjs-backend-webgpu` or `-wasm` (core code must not
 * pull them into every bundle): the training worker either imports them itself before calling
 * `chooseBackend` (importing a backend package registers it), or passes `register`, loaders
 * called just before that backend is tried, e.g.
 * `{ webgpu: () => import('@tensorflow/tfjs-backend-webgpu') }`. For WASM, the worker passes the
 * package's `setWasmPaths` and the three `.wasm` files' URLs (imported with `?url`), which are set
 * before `setBackend('wasm')`.
 *
 * A backend counts as working only when `setBackend` succeeds and a small computation on it
 * gives the right answer (a WebGPU backend without a usable device fails on its first op).
 */
import type * as tfjs from '@tensorflow/tfjs';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** The fallback chain, best first. */
export const BACKEND_CHAIN: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The parts of TF.js this module uses (a fake with these is enough in tests). */
export type BackendApi = Pick<typeof tfjs, 'setBackend' | 'getBackend' | 'findBackendFactory' | 'tensor1d'>;

export interface ChooseBackendOptions {
  /** URLs of the WASM backend's files, by file name, for `setWasmPaths`. */
  wasmPaths?: Record<string, string>;
  /** `setWasmPaths` of `@tensorflow/tfjs-backend-wasm`; called with `wasmPaths` before WASM is tried. */
  setWasmPaths?: (paths: Record<string, string>) => void;
  /** Whether a WebGPU adapter exists; by default asks `navigator.gpu.requestAdapter()`. */
  hasWebGPUAdapter?: () => Promise<boolean>;
  /** Loaders that register a backend, called once just before it is tried. */
  register?: Partial<Record<BackendName, () => unknown>>;
}

export interface BackendChoice {
  /** The backend in use. */
  backend: string;
  /** The backends tried before it, each with why it failed. */
  tried: { name: string; error: string }[];
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** The order in which backends are tried for a preference. */
export function backendOrder(preference: BackendPreference): BackendName[] {
  if (preference === 'auto') return [...BACKEND_CHAIN];
  if (!BACKEND_CHAIN.includes(preference)) throw new Error(`Unknown TensorFlow.js backend: ${String(preference)}.`);
  return [preference, ...BACKEND_CHAIN.filter((b) => b !== preference)];
}

/** Sets the first working backend of the chain; throws, listing every failure, if none works. */
export async function chooseBackend(
  tf: BackendApi,
  preference: BackendPreference,
  options: ChooseBackendOptions = {},
): Promise<BackendChoice> {
  const tried: { name: string; error: string }[] = [];
  for (const name of backendOrder(preference)) {
    const error = await tryBackend(tf, name, options);
    if (error === null) return { backend: tf.getBackend(), tried };
    tried.push({ name, error });
  }
  throw new Error(
    `No TensorFlow.js backend works here: ${tried.map((t) => `${LABELS[t.name as BackendName]}: ${t.error}`).join(' ')}`,
  );
}

/** Null when `name` is now the backend in use, else why not. */
async function tryBackend(tf: BackendApi, name: BackendName, options: ChooseBackendOptions): Promise<string | null> {
  const label = LABELS[name];
  try {
    if (name === 'webgpu' && !(await (options.hasWebGPUAdapter ?? hasWebGPUAdapter)())) {
      return 'This browser or device offers no WebGPU adapter.';
    }
    const register = options.register?.[name];
    if (register) await register();
    if (!tf.findBackendFactory(name)) return `The ${label} backend is not loaded in this build.`;
    if (name === 'wasm' && options.wasmPaths) {
      if (!options.setWasmPaths) return 'The WASM file locations were given without setWasmPaths.';
      options.setWasmPaths(options.wasmPaths);
    }
    if (!(await tf.setBackend(name))) return `The ${label} backend could not start.`;
    if (!(await smokeTest(tf))) return `The ${label} backend started but computed a wrong result.`;
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `The ${label} backend failed: ${message}`;
  }
}

/** 1 + 1, 2 + 2, 3 + 3 on the backend, read back. */
async function smokeTest(tf: BackendApi): Promise<boolean> {
  const a = tf.tensor1d([1, 2, 3]);
  const b = a.add(a);
  try {
    const v = await b.data();
    return v[0] === 2 && v[1] === 4 && v[2] === 6;
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Whether `navigator.gpu.requestAdapter()` gives an adapter (false where there is no WebGPU). */
export async function hasWebGPUAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}
