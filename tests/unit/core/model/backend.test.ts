import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { backendOrder, chooseBackend, type BackendApi, type BackendName } from '../../../../src/core/model/backend';

type Behaviour = 'works' | 'fails' | 'throws' | 'wrong' | 'missing';

/** A fake TF.js with a behaviour per backend, recording the calls it gets. */
function fakeTf(behaviour: Partial<Record<BackendName, Behaviour>>) {
  const calls: string[] = [];
  let current = 'none';
  const registered = new Set(Object.entries(behaviour).filter(([, b]) => b !== 'missing').map(([n]) => n));
  const api = {
    getBackend: () => current,
    findBackendFactory: (name: string) => (registered.has(name) ? () => ({}) : null),
    setBackend: async (name: string) => {
      calls.push(`set ${name}`);
      const b = behaviour[name as BackendName];
      if (b === 'throws') throw new Error('context lost');
      if (b === 'fails') return false;
      current = name;
      return true;
    },
    tensor1d: (values: number[]) => {
      const wrong = behaviour[current as BackendName] === 'wrong';
      const t = {
        add: () => ({ data: async () => (wrong ? [0, 0, 0] : values.map((v) => 2 * v)), dispose: () => {} }),
        dispose: () => {},
      };
      return t;
    },
  };
  return { tf: api as unknown as BackendApi, calls, register: (name: string) => registered.add(name) };
}

const noAdapter = async () => false;
const adapter = async () => true;

describe('backendOrder', () => {
  it('tries the preference first, then the chain', () => {
    expect(backendOrder('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(backendOrder('cpu')).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
  });
});

describe('chooseBackend', () => {
  it('skips WebGPU when there is no adapter', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', wasm: 'works', cpu: 'works' });
    const choice = await chooseBackend(fake.tf, 'auto', { hasWebGPUAdapter: noAdapter });
    expect(choice.backend).toBe('webgl');
    expect(choice.tried).toEqual([{ name: 'webgpu', error: expect.stringMatching(/no WebGPU adapter/) }]);
    expect(fake.calls).toEqual(['set webgl']);
  });

  it('uses WebGPU when an adapter exists', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', cpu: 'works' });
    expect(await chooseBackend(fake.tf, 'auto', { hasWebGPUAdapter: adapter })).toEqual({ backend: 'webgpu', tried: [] });
  });

  it('falls back through the chain, saying what failed', async () => {
    const fake = fakeTf({ webgpu: 'wrong', webgl: 'fails', wasm: 'throws', cpu: 'works' });
    const choice = await chooseBackend(fake.tf, 'auto', { hasWebGPUAdapter: adapter });
    expect(choice.backend).toBe('cpu');
    expect(choice.tried).toEqual([
      { name: 'webgpu', error: 'The WebGPU backend started but computed a wrong result.' },
      { name: 'webgl', error: 'The WebGL backend could not start.' },
      { name: 'wasm', error: 'The WASM backend failed: context lost' },
    ]);
  });

  it('tries a preference first, and reports a backend that is not loaded', async () => {
    const fake = fakeTf({ webgpu: 'missing', webgl: 'fails', wasm: 'works', cpu: 'works' });
    expect(await chooseBackend(fake.tf, 'wasm', { hasWebGPUAdapter: adapter })).toEqual({ backend: 'wasm', tried: [] });
    const choice = await chooseBackend(fake.tf, 'webgpu', { hasWebGPUAdapter: adapter });
    expect(choice.backend).toBe('wasm');
    expect(choice.tried.map((t) => t.error)).toEqual(['The WebGPU backend is not loaded in this build.', 'The WebGL backend could not start.']);
  });

  it('sets the WASM paths before starting WASM, and calls a register loader first', async () => {
    const fake = fakeTf({ wasm: 'missing', cpu: 'works' });
    const setWasmPaths = vi.fn((paths: Record<string, string>) => fake.calls.push(`paths ${Object.keys(paths).join(',')}`));
    const register = vi.fn(() => fake.register('wasm'));
    const choice = await chooseBackend(fake.tf, 'wasm', {
      wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' },
      setWasmPaths,
      register: { wasm: register },
    });
    expect(choice).toEqual({ backend: 'wasm', tried: [] });
    expect(register).toHaveBeenCalledOnce();
    expect(fake.calls).toEqual(['paths tfjs-backend-wasm.wasm', 'set wasm']);
  });

  it('fails, listing every reason, when nothing works', async () => {
    const fake = fakeTf({ cpu: 'fails' });
    await expect(chooseBackend(fake.tf, 'auto', { hasWebGPUAdapter: noAdapter })).rejects.toThrow(
      /No TensorFlow.js backend works here: WebGPU: .*WebGL: .*WASM: .*CPU: The CPU backend could not start/,
    );
  });

  it('ends on the CPU with the real TF.js in Node', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const choice = await chooseBackend(tf, 'auto');
      expect(choice.backend).toBe('cpu');
      expect(choice.tried.map((t) => t.name)).toEqual(['webgpu', 'webgl', 'wasm']);
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      warn.mockRestore();
    }
  });
});
