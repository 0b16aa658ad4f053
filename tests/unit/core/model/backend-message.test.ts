import { describe, expect, it } from 'vitest';
import { autoPlan } from '$src/core/model/backend';
import { describeBackend } from '$src/core/model/backend-message';

describe('describeBackend', () => {
  it('says there is no hardware GPU when Auto passed over software renderers, with the renderer names only in the details', () => {
    const { passedOver } = autoPlan({ webgpu: { kind: 'software', name: 'SwiftShader' }, webgl: { kind: 'software', name: 'ANGLE (SwiftShader)' } });
    const message = describeBackend('wasm', passedOver, 'auto');
    expect(message.summary).toBe('No hardware GPU here: training runs on the CPU through WebAssembly.');
    expect(message.summary).not.toMatch(/SwiftShader/);
    expect(message.details).toEqual([
      'WebGPU: WebGPU renders in software here (SwiftShader), with no hardware GPU.',
      'WebGL: WebGL renders in software here (ANGLE (SwiftShader)), with no hardware GPU.',
    ]);
    expect(message.fellBack).toBe(false);
  });

  it('says so when there is no WebGPU adapter at all', () => {
    const { passedOver } = autoPlan({ webgpu: { kind: 'none' }, webgl: { kind: 'none' } });
    expect(describeBackend('wasm', passedOver, 'auto').summary).toBe('No hardware GPU here: training runs on the CPU through WebAssembly.');
  });

  it('says which backend the user chose could not be used, and where training runs instead', () => {
    const message = describeBackend('webgl', [{ name: 'webgpu', error: 'The WebGPU backend failed: device lost' }], 'webgpu');
    expect(message.fellBack).toBe(true);
    expect(message.summary).toBe('WebGPU could not be used, so training runs on the GPU through WebGL instead. Choose another Backend to try again.');
    expect(message.details).toEqual(['WebGPU: The WebGPU backend failed: device lost']);
  });

  it('names the winner of a timed race on a hardware GPU', () => {
    const message = describeBackend('wasm', [{ name: 'webgl', error: 'WebGL took 4.0 ms per batch of this model, WASM 1.0 ms.' }], 'auto');
    expect(message.summary).toBe('WASM was the faster for this model: training runs on the CPU through WebAssembly.');
  });

  it('is plain when the chosen backend just works', () => {
    expect(describeBackend('cpu', [], 'cpu')).toEqual({ summary: 'Training runs on the CPU in plain JavaScript, the slowest way.', details: [], fellBack: false });
    expect(describeBackend('webgpu', [], 'auto').summary).toBe('Training runs on the GPU through WebGPU.');
  });
});
