/**
 * The backend a model trains on, said in plain words for the Train step: where the work runs
 * (the CPU or the GPU, through what) and, in one sentence, why. What each backend tried said
 * (adapter names, error texts, timings) is kept apart as details, for those who ask.
 */
import type { BackendPreference } from './backend';

export interface BackendMessage {
  /** One or two sentences anyone can read: 'No hardware GPU here: training runs on the CPU through WebAssembly.' */
  summary: string;
  /** One line per backend tried or passed over, with what it said. */
  details: string[];
  /** True when the backend the user chose could not be used and another one trains instead. */
  fellBack: boolean;
}

const LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

const WHERE: Record<string, string> = {
  webgpu: 'on the GPU through WebGPU',
  webgl: 'on the GPU through WebGL',
  wasm: 'on the CPU through WebAssembly',
  cpu: 'on the CPU in plain JavaScript, the slowest way',
  // The tree learners' backend name (`trees/boosting-model.ts`): no TF.js at all.
  'plain TypeScript': 'on the CPU in plain TypeScript (tree models need no TF.js backend)',
};

// The reasons `backend.ts` gives for a GPU backend that has no hardware GPU behind it.
const NO_HARDWARE_GPU = /renders in software|offers no WebGPU adapter|offers no WebGL/;
// The reason it gives for the backend that lost the race on this model's batches.
const SLOWER = /per batch of this model/;

/** The message for training on `backend` after `tried`, when the user asked for `preference`. */
export function describeBackend(backend: string, tried: readonly { name: string; error: string }[], preference: BackendPreference): BackendMessage {
  const label = (name: string) => LABELS[name] ?? name;
  const where = WHERE[backend] ?? `on the ${label(backend)} backend`;
  const onCpu = backend === 'wasm' || backend === 'cpu';
  const noGpu = onCpu && tried.some((t) => (t.name === 'webgpu' || t.name === 'webgl') && NO_HARDWARE_GPU.test(t.error));
  const details = tried.map((t) => `${label(t.name)}: ${t.error}`);
  const fellBack = preference !== 'auto' && preference !== backend;
  let summary: string;
  if (fellBack) {
    summary = `${noGpu && (preference === 'webgpu' || preference === 'webgl') ? 'No hardware GPU here: ' : ''}${label(preference)} could not be used, so training runs ${where} instead. Choose another Backend to try again.`;
  } else if (preference === 'auto' && tried.some((t) => SLOWER.test(t.error))) {
    summary = `${label(backend)} was the faster for this model: training runs ${where}.`;
  } else if (noGpu) {
    summary = `No hardware GPU here: training runs ${where}.`;
  } else {
    summary = `Training runs ${where}.`;
  }
  return { summary, details, fellBack };
}
