import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { autoPlan, backendOrder, chooseBackend, type BackendApi, type BackendName, type Gpus, type Renderer } from '$src/core/model/backend';

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

const gpus = (webgpu: Renderer['kind'], webgl: Renderer['kind'], name?: string) => async (): Promise<Gpus> => ({
  webgpu: { kind: webgpu, name },
  webgl: { kind: webgl, name },
});
const noAdapter = gpus('none', 'hardware');
const adapter = gpus('hardware', 'hardware');

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
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: noAdapter });
    expect(choice.backend).toBe('webgl');
    expect(choice.tried).toEqual([{ name: 'webgpu', error: expect.stringMatching(/no WebGPU adapter/) }]);
    expect(fake.calls).toEqual(['set webgl']);
  });

  it('uses WebGPU when an adapter exists', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', cpu: 'works' });
    expect(await chooseBackend(fake.tf, 'auto', { detectGpus: adapter })).toEqual({ backend: 'webgpu', tried: [] });
  });

  it('falls back through the chain, saying what failed', async () => {
    const fake = fakeTf({ webgpu: 'wrong', webgl: 'fails', wasm: 'throws', cpu: 'works' });
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: adapter });
    expect(choice.backend).toBe('cpu');
    expect(choice.tried).toEqual([
      { name: 'webgpu', error: 'The WebGPU backend started but computed a wrong result.' },
      { name: 'webgl', error: 'The WebGL backend could not start.' },
      { name: 'wasm', error: 'The WASM backend failed: context lost' },
    ]);
  });

  it('tries a preference first, and reports a backend that is not loaded', async () => {
    const fake = fakeTf({ webgpu: 'missing', webgl: 'fails', wasm: 'works', cpu: 'works' });
    expect(await chooseBackend(fake.tf, 'wasm', { detectGpus: adapter })).toEqual({ backend: 'wasm', tried: [] });
    const choice = await chooseBackend(fake.tf, 'webgpu', { detectGpus: adapter });
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
    await expect(chooseBackend(fake.tf, 'auto', { detectGpus: noAdapter })).rejects.toThrow(
      /No TensorFlow.js backend works here: WebGPU: .*WebGL: .*WASM: .*CPU: The CPU backend could not start/,
    );
  });

  it('ends on the CPU with the real TF.js in Node', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const choice = await chooseBackend(tf, 'auto');
      expect(choice.backend).toBe('cpu');
      // No GPU in Node: Auto puts WASM first (not loaded in this test), then WebGL (fails), then the CPU.
      expect(choice.tried.map((t) => t.name)).toEqual(['webgpu', 'wasm', 'webgl']);
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('Auto', () => {
  it('puts WASM first without a hardware GPU, and says why each GPU backend was passed over', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', wasm: 'works', cpu: 'works' });
    const timeBatch = vi.fn(async () => 1);
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: gpus('software', 'software', 'SwiftShader'), timeBatch });
    expect(choice.backend).toBe('wasm');
    expect(choice.tried).toEqual([
      { name: 'webgpu', error: 'WebGPU renders in software here (SwiftShader), with no hardware GPU.' },
      { name: 'webgl', error: 'WebGL renders in software here (SwiftShader), with no hardware GPU.' },
    ]);
    expect(fake.calls).toEqual(['set wasm']);
    expect(timeBatch).not.toHaveBeenCalled();
  });

  it('falls back from WASM to software WebGL, then the CPU, then software WebGPU', async () => {
    expect(autoPlan({ webgpu: { kind: 'software' }, webgl: { kind: 'software' } }).order).toEqual(['wasm', 'webgl', 'cpu', 'webgpu']);
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', wasm: 'missing', cpu: 'works' });
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: gpus('software', 'software') });
    expect(choice.backend).toBe('webgl');
    expect(choice.tried.map((t) => t.name)).toEqual(['webgpu', 'wasm']);
  });

  it('puts WASM first where there is no GPU API at all', async () => {
    const fake = fakeTf({ webgl: 'fails', wasm: 'works', cpu: 'works' });
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: gpus('none', 'none') });
    expect(choice.backend).toBe('wasm');
    expect(choice.tried.map((t) => t.error)).toEqual([
      'This browser or device offers no WebGPU adapter.',
      'This browser offers no WebGL here.',
    ]);
  });

  it('with a hardware GPU, times a few batches on it and on WASM and keeps WASM when it is faster', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', wasm: 'works', cpu: 'works' });
    const ms: Record<string, number> = { webgl: 4.2, wasm: 1.5 };
    const choice = await chooseBackend(fake.tf, 'auto', {
      detectGpus: gpus('none', 'hardware'),
      timeBatch: async () => ms[fake.tf.getBackend()],
    });
    expect(choice).toEqual({ backend: 'wasm', tried: [{ name: 'webgl', error: 'WebGL took 4.2 ms per batch of this model, WASM 1.5 ms.' }] });
    expect(fake.calls).toEqual(['set webgl', 'set wasm']);
  });

  it('with a hardware GPU that is faster, switches back to it', async () => {
    const fake = fakeTf({ webgpu: 'works', webgl: 'works', wasm: 'works', cpu: 'works' });
    const ms: Record<string, number> = { webgpu: 0.8, wasm: 12 };
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: adapter, timeBatch: async () => ms[fake.tf.getBackend()] });
    expect(choice).toEqual({ backend: 'webgpu', tried: [{ name: 'wasm', error: 'WASM took 12.0 ms per batch of this model, WebGPU 0.8 ms.' }] });
    expect(fake.calls).toEqual(['set webgpu', 'set wasm', 'set webgpu']);
  });

  it('keeps the chain when the timed GPU fails, and uses the GPU untimed without a timer', async () => {
    const broken = fakeTf({ webgpu: 'throws', webgl: 'works', wasm: 'works', cpu: 'works' });
    const choice = await chooseBackend(broken.tf, 'auto', { detectGpus: adapter, timeBatch: async () => 1 });
    expect(choice.backend).toBe('wasm');
    expect(choice.tried).toEqual([{ name: 'webgpu', error: 'The WebGPU backend failed: context lost' }]);
    const untimed = fakeTf({ webgpu: 'works', wasm: 'works' });
    expect((await chooseBackend(untimed.tf, 'auto', { detectGpus: adapter })).backend).toBe('webgpu');
  });

  it('keeps WASM when the GPU fails its trial batches', async () => {
    const fake = fakeTf({ webgl: 'works', wasm: 'works', cpu: 'works' });
    const timeBatch = async () => {
      if (fake.tf.getBackend() === 'webgl') throw new Error('out of memory');
      return 2;
    };
    const choice = await chooseBackend(fake.tf, 'auto', { detectGpus: gpus('none', 'hardware'), timeBatch });
    expect(choice).toEqual({ backend: 'wasm', tried: [{ name: 'webgl', error: 'The WebGL backend failed a trial batch: out of memory' }] });
  });

  it('does not look for GPUs when a CPU-side backend is asked for and works', async () => {
    const fake = fakeTf({ wasm: 'works' });
    const detectGpus = vi.fn(adapter);
    expect((await chooseBackend(fake.tf, 'wasm', { detectGpus })).backend).toBe('wasm');
    expect(detectGpus).not.toHaveBeenCalled();
  });
});
