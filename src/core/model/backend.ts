/**
 * Choosing the TF.js backend, explicitly, with a fallback chain: WebGPU (only when a WebGPU
 * adapter exists) → WebGL → WASM → CPU. A preference is tried first, then the rest of the chain
 * in that order. Each backend that fails is reported in plain words.
 *
 * `Auto` picks the fastest for the machine and the model (see `autoPlan`):
 * - No hardware GPU (WebGL renders with SwiftShader or another software rasteriser, WebGPU
 *   offers only a fallback adapter, or neither exists): WASM first. Measured in headless
 *   Chromium on a 2-core machine with the loop before backprop.ts, MLP 20→64→32→2, batch 1024:
 *   WASM 36.7k samples/s, software WebGL 12.5k, CPU 7.7k, software WebGPU 1.0k; so after WASM
 *   come WebGL, CPU, WebGPU.
 * - A hardware GPU: whether it beats WASM depends on the model and batch (a GPU pays a fixed
 *   cost per kernel, WASM pays per multiply), so both are timed on a few training batches of
 *   this very model (`timeBatch`) and the faster one is kept. Without `timeBatch`, the GPU.
 * Each backend passed over is listed in `tried` with why, so the Train step can say it.
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

/** How a GPU backend would render here: on a hardware GPU, in software, or not at all. */
export interface Renderer {
  kind: 'hardware' | 'software' | 'none';
  /** The adapter's or renderer's name, where the browser tells it. */
  name?: string;
}

export interface Gpus {
  webgpu: Renderer;
  webgl: Renderer;
}

export interface ChooseBackendOptions {
  /** URLs of the WASM backend's files, by file name, for `setWasmPaths`. */
  wasmPaths?: Record<string, string>;
  /** `setWasmPaths` of `@tensorflow/tfjs-backend-wasm`; called with `wasmPaths` before WASM is tried. */
  setWasmPaths?: (paths: Record<string, string>) => void;
  /** How WebGPU and WebGL render here; by default asked of the browser (`detectGpus`). */
  detectGpus?: () => Promise<Gpus>;
  /** Milliseconds per training batch of the model about to be trained, on the backend now set (see `models/probe.ts`). */
  timeBatch?: () => Promise<number>;
  /** Loaders that register a backend, called once just before it is tried. */
  register?: Partial<Record<BackendName, () => unknown>>;
}

export interface BackendChoice {
  /** The backend in use. */
  backend: string;
  /** The backends tried or passed over before it, each with why it is not the one in use. */
  tried: { name: string; error: string }[];
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** The order in which backends are tried for a preference. */
export function backendOrder(preference: BackendPreference): BackendName[] {
  if (preference === 'auto') return [...BACKEND_CHAIN];
  if (!BACKEND_CHAIN.includes(preference)) throw new Error(`Unknown TensorFlow.js backend: ${String(preference)}.`);
  return [preference, ...BACKEND_CHAIN.filter((b) => b !== preference)];
}

export interface AutoPlan {
  /** The order in which backends are tried. */
  order: BackendName[];
  /** Backends timed against each other before the order is followed: a hardware GPU and WASM. */
  race: BackendName[];
  /** GPU backends put after WASM, with why. */
  passedOver: { name: BackendName; error: string }[];
}

/** Auto's order for this machine (see the module comment). */
export function autoPlan(gpus: Gpus): AutoPlan {
  const gpu = (['webgpu', 'webgl'] as const).find((name) => gpus[name].kind === 'hardware');
  if (gpu) return { order: [...BACKEND_CHAIN], race: [gpu, 'wasm'], passedOver: [] };
  const passedOver = (['webgpu', 'webgl'] as const).map((name) => {
    const r = gpus[name];
    const why =
      r.kind === 'software'
        ? `${LABELS[name]} renders in software here${r.name ? ` (${r.name})` : ''}, with no hardware GPU.`
        : name === 'webgpu'
          ? 'This browser or device offers no WebGPU adapter.'
          : 'This browser offers no WebGL here.';
    return { name, error: why };
  });
  return { order: ['wasm', 'webgl', 'cpu', 'webgpu'], race: [], passedOver };
}

/** Sets the first working backend of the chain; throws, listing every failure, if none works. */
export async function chooseBackend(
  tf: BackendApi,
  preference: BackendPreference,
  options: ChooseBackendOptions = {},
): Promise<BackendChoice> {
  // Asked once, and only when needed: detecting creates a WebGL context and requests a WebGPU adapter.
  let detected: Promise<Gpus> | null = null;
  const gpus = () => (detected ??= (options.detectGpus ?? detectGpus)());
  const plan: AutoPlan = preference === 'auto' ? autoPlan(await gpus()) : { order: backendOrder(preference), race: [], passedOver: [] };
  const tried: { name: string; error: string }[] = [];
  const chosen = (extra: { name: string; error: string }[] = []): BackendChoice => {
    const backend = tf.getBackend();
    const passedOver = plan.passedOver.filter((p) => p.name !== backend && !tried.some((t) => t.name === p.name));
    return { backend, tried: [...passedOver, ...tried, ...extra] };
  };
  if (plan.race.length > 0 && options.timeBatch) {
    const timed: { name: BackendName; ms: number }[] = [];
    for (const name of plan.race) {
      let error = await tryBackend(tf, name, gpus, options);
      if (error === null) {
        try {
          timed.push({ name, ms: await options.timeBatch() });
        } catch (failure) {
          error = `The ${LABELS[name]} backend failed a trial batch: ${failure instanceof Error ? failure.message : String(failure)}`;
        }
      }
      if (error !== null) tried.push({ name, error });
    }
    timed.sort((a, b) => a.ms - b.ms);
    const [fastest, slower] = timed;
    if (fastest && (fastest.name === tf.getBackend() || (await tryBackend(tf, fastest.name, gpus, options)) === null)) {
      const ms = (t: { ms: number }) => `${t.ms.toFixed(1)} ms`;
      const lost = slower
        ? [{ name: slower.name, error: `${LABELS[slower.name]} took ${ms(slower)} per batch of this model, ${LABELS[fastest.name]} ${ms(fastest)}.` }]
        : [];
      return chosen(lost);
    }
  }
  for (const name of plan.order) {
    if (tried.some((t) => t.name === name)) continue;
    const error = await tryBackend(tf, name, gpus, options);
    if (error === null) return chosen();
    tried.push({ name, error });
  }
  throw new Error(
    `No TensorFlow.js backend works here: ${tried.map((t) => `${LABELS[t.name as BackendName]}: ${t.error}`).join(' ')}`,
  );
}

/** Null when `name` is now the backend in use, else why not. */
async function tryBackend(
  tf: BackendApi,
  name: BackendName,
  gpus: () => Promise<Gpus>,
  options: ChooseBackendOptions,
): Promise<string | null> {
  const label = LABELS[name];
  try {
    if (name === 'webgpu' && (await gpus()).webgpu.kind === 'none') {
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

/** Names of software rasterisers and adapters: SwiftShader, Mesa's llvmpipe / lavapipe / softpipe, Windows' Basic Render Driver. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/** How WebGPU and WebGL render in this browser or worker (`none` where there is no such API, e.g. Node). */
export async function detectGpus(): Promise<Gpus> {
  return { webgpu: await webgpuRenderer(), webgl: webglRenderer() };
}

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

async function webgpuRenderer(): Promise<Renderer> {
  type Adapter = { isFallbackAdapter?: boolean; info?: AdapterInfo };
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<Adapter | null> } } | undefined)?.gpu;
  if (!gpu) return { kind: 'none' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { kind: 'none' };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
    const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || SOFTWARE.test(name);
    return { kind: software ? 'software' : 'hardware', name: name || undefined };
  } catch {
    return { kind: 'none' };
  }
}

function webglRenderer(): Renderer {
  if (typeof OffscreenCanvas !== 'function') return { kind: 'none' };
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { kind: 'none' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    // Frees the context now rather than at garbage collection: browsers cap live WebGL contexts.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { kind: SOFTWARE.test(name) ? 'software' : 'hardware', name };
  } catch {
    return { kind: 'none' };
  }
}
