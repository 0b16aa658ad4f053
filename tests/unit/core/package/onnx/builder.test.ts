import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { GraphBuildError, GraphBuilder, IR_VERSION, attr, tensorProto } from '$src/core/package/onnx/builder';
import { inspectOnnx } from '$src/core/package/onnx/export';
import { CHECKER_UNAVAILABLE, RUNTIMES, checkWithOnnx, runOnnx } from './helpers';

const { onnx } = onnxProto;
const T = onnx.AttributeProto.AttributeType;
const D = onnx.TensorProto.DataType;

/** An int64 as protobufjs decodes it (a number, or a Long when the `long` package is present). */
function num(v: unknown): number {
  return typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber();
}

function decode(bytes: Uint8Array): P.ModelProto & { graph: P.GraphProto } {
  return onnx.ModelProto.decode(bytes) as P.ModelProto & { graph: P.GraphProto };
}

/** y = x + 1 (float32 [N, 2]). */
function tiny(): GraphBuilder {
  const g = new GraphBuilder({ name: 'tiny', docString: 'adds one', producerName: 'tests', producerVersion: '9' });
  const x = g.addInput('x', 'float32', ['N', 2]);
  const [y] = g.addNode('Add', [x, g.addInitializer('one', Float32Array.of(1), [1])], ['y']);
  g.addOutput(y, 'float32', ['N', 2]);
  return g;
}

describe('GraphBuilder', () => {
  it('writes IR version 8, producer, doc strings and the graph', () => {
    const m = decode(tiny().build());
    expect(num(m.irVersion)).toBe(IR_VERSION);
    expect(IR_VERSION).toBe(8);
    expect(m.producerName).toBe('tests');
    expect(m.producerVersion).toBe('9');
    expect(m.docString).toBe('adds one');
    expect(m.graph.name).toBe('tiny');
    expect(m.graph.docString).toBe('adds one');
    expect(m.graph.node.map((n) => n.opType)).toEqual(['Add']);
    expect(m.graph.input[0].type!.tensorType!.elemType).toBe(D.FLOAT);
    expect(m.graph.input[0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || num(d.dimValue))).toEqual(['N', 2]);
  });

  it('imports ai.onnx 17 only, and ai.onnx.ml 3 once an ML op is used', () => {
    expect(decode(tiny().build()).opsetImport.map((o) => [o.domain, num(o.version)])).toEqual([['', 17]]);
    const g = new GraphBuilder({ name: 'ml' });
    const x = g.addInput('x', 'float32', ['N', 1]);
    const [y] = g.addNode('Imputer', [x], ['y'], { imputed_value_floats: attr.floats([0]), replaced_value_float: attr.float(NaN) }, { domain: 'ai.onnx.ml' });
    g.addOutput(y, 'float32', ['N', 1]);
    expect(g.opsetImports()).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    const m = decode(g.build());
    expect(m.opsetImport.map((o) => [o.domain, num(o.version)])).toEqual([
      ['', 17],
      ['ai.onnx.ml', 3],
    ]);
    expect(m.graph.node[0].domain).toBe('ai.onnx.ml');
  });

  it('types every attribute', () => {
    const g = new GraphBuilder({ name: 'attrs' });
    const x = g.addInput('x', 'float32', ['N', 1]);
    const [y] = g.addNode('Custom', [x], ['y'], {
      f: attr.float(0.5),
      i: attr.int(-3),
      big: attr.int(2n ** 40n + 1n),
      s: attr.string('naïve'),
      fs: attr.floats([1.5, -2]),
      is: attr.ints([1, 2n, -3]),
      ss: attr.strings(['a', '', 'é']),
      t: attr.tensor({ data: BigInt64Array.of(7n), dims: [1] }),
    });
    g.addOutput(y, 'float32', ['N', 1]);
    const a = Object.fromEntries(decode(g.build()).graph.node[0].attribute!.map((x) => [x.name, x]));
    expect(a.f.type).toBe(T.FLOAT);
    expect(a.f.f).toBe(0.5);
    expect(a.i.type).toBe(T.INT);
    expect(num(a.i.i)).toBe(-3);
    expect(num(a.big.i)).toBe(2 ** 40 + 1);
    expect(a.s.type).toBe(T.STRING);
    expect(new TextDecoder().decode(a.s.s)).toBe('naïve');
    expect(a.fs.type).toBe(T.FLOATS);
    expect(a.fs.floats).toEqual([1.5, -2]);
    expect(a.is.type).toBe(T.INTS);
    expect(a.is.ints!.map(num)).toEqual([1, 2, -3]);
    expect(a.ss.type).toBe(T.STRINGS);
    expect(a.ss.strings!.map((b: Uint8Array) => new TextDecoder().decode(b))).toEqual(['a', '', 'é']);
    expect(a.t.type).toBe(T.TENSOR);
    expect(a.t.t!.dataType).toBe(D.INT64);
  });

  it('writes an int64 beyond 2^53 exactly, and refuses one that is not whole or does not fit', () => {
    const g = new GraphBuilder({ name: 'big' });
    const x = g.addInput('x', 'float32', ['N', 1]);
    const [y] = g.addNode('Custom', [x], ['y'], { huge: attr.int(-(2n ** 62n) - 5n) });
    g.addOutput(y, 'float32', ['N', 1]);
    const i = decode(g.build()).graph.node[0].attribute![0].i as unknown as { low: number; high: number };
    expect(BigInt.asIntN(64, (BigInt(i.high >>> 0) << 32n) | BigInt(i.low >>> 0))).toBe(-(2n ** 62n) - 5n);
    expect(() => g.addNode('Custom', [x], ['z'], { bad: attr.int(1.5) })).toThrow(GraphBuildError);
    expect(() => g.addNode('Custom', [x], ['z'], { bad: attr.int(2n ** 63n) })).toThrow(/does not fit in int64/);
  });

  it('encodes initializers exactly: floats and int64 as raw little-endian bytes, text as UTF-8', () => {
    const f32 = tensorProto('a', { data: Float32Array.of(1.5, -0, NaN, 3.4028234663852886e38), dims: [2, 2] });
    expect(f32.dataType).toBe(D.FLOAT);
    expect(f32.dims).toEqual([2, 2]);
    const back32 = new DataView(f32.rawData!.buffer);
    expect([0, 1, 2, 3].map((k) => back32.getFloat32(k * 4, true))).toEqual([1.5, -0, NaN, 3.4028234663852886e38]);
    const f64 = tensorProto('b', { data: Float64Array.of(0.1, 1e300), dims: [2] });
    expect(f64.dataType).toBe(D.DOUBLE);
    expect(new DataView(f64.rawData!.buffer).getFloat64(0, true)).toBe(0.1);
    const i64 = tensorProto('c', { data: BigInt64Array.of(-1n, 2n ** 62n), dims: [2] });
    expect(i64.dataType).toBe(D.INT64);
    expect(Array.from(new BigInt64Array(i64.rawData!.slice().buffer))).toEqual([-1n, 2n ** 62n]);
    expect(Array.from(i64.rawData!.slice(0, 8))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    const s = tensorProto('d', { data: ['Adélie', '', '企鹅'], dims: [3] });
    expect(s.dataType).toBe(D.STRING);
    expect(s.rawData).toBeUndefined();
    expect(s.stringData!.map((b) => new TextDecoder().decode(b))).toEqual(['Adélie', '', '企鹅']);
    const b = tensorProto('e', { data: Int32Array.of(1, 0, 5), dims: [3], type: 'bool' });
    expect(b.dataType).toBe(D.BOOL);
    expect(Array.from(b.rawData!)).toEqual([1, 0, 1]);
    expect(() => tensorProto('f', { data: Float32Array.of(1, 2, 3), dims: [2] })).toThrow(/3 values for dims \[2\]/);
    expect(() => tensorProto('g', { data: Float32Array.of(1), dims: [1], type: 'int64' })).toThrow(/declared int64 but holds float32/);
  });

  it('runs the initializers it wrote', async () => {
    const g = new GraphBuilder({ name: 'gather' });
    const i = g.addInput('i', 'int64', ['N']);
    const [s] = g.addNode('Gather', [g.addInitializer('names', ['Adélie', '', '企鹅'], [3]), i], ['s'], { axis: attr.int(0) });
    const [n] = g.addNode('Gather', [g.addInitializer('ints', BigInt64Array.of(-1n, 2n ** 62n, 0n), [3]), i], ['n'], { axis: attr.int(0) });
    const [d] = g.addNode('Gather', [g.addInitializer('doubles', Float64Array.of(0.1, -2, 1e300), [3]), i], ['d'], { axis: attr.int(0) });
    g.addOutput(s, 'string', ['N']);
    g.addOutput(n, 'int64', ['N']);
    g.addOutput(d, 'float64', ['N']);
    const bytes = g.build();
    for (const { ort } of RUNTIMES) {
      const session = await ort.InferenceSession.create(bytes);
      const out = await session.run({ i: new ort.Tensor('int64', BigInt64Array.of(2n, 0n, 1n), [3]) });
      expect(out.s.data).toEqual(['企鹅', 'Adélie', '']);
      expect(out.n.data).toEqual(BigInt64Array.of(0n, -1n, 2n ** 62n));
      expect(out.d.data).toEqual(Float64Array.of(1e300, 0.1, -2));
      await session.release();
    }
    if (CHECKER_UNAVAILABLE === null) expect(checkWithOnnx(bytes)).toBeNull();
  });

  it('keeps input names exact and makes every other name unique', async () => {
    const g = new GraphBuilder({ name: 'names' });
    const a = g.addInput('Add', 'float32', ['N', 1]);
    const b = g.addInput('x = 1 / y (%)', 'float32', ['N', 1]);
    expect([a, b]).toEqual(['Add', 'x = 1 / y (%)']);
    const [s1] = g.addNode('Add', [a, b]);
    const [s2] = g.addNode('Add', [s1, b]);
    const [s3] = g.addNode('Add', [s2, b], ['Add']);
    expect(new Set([a, b, s1, s2, s3]).size).toBe(5);
    expect(g.uniqueName('Add')).not.toBe('Add');
    g.addOutput(s3, 'float32', ['N', 1], { name: 'sum' });
    const out = await runOnnx(RUNTIMES[0].ort, g.build(), { Add: Float32Array.of(1, 2), 'x = 1 / y (%)': Float32Array.of(10, 20) });
    expect(out.sum.data).toEqual(Float32Array.of(31, 62));
  });

  it('refuses a name used twice, an input nothing gives, an output no node gives', () => {
    const g = new GraphBuilder({ name: 'bad' });
    g.addInput('x', 'float32', ['N', 1]);
    expect(() => g.addInput('x', 'float32', ['N', 1])).toThrow(/already used/);
    expect(() => g.addInput('', 'float32', ['N', 1])).toThrow(/needs a name/);
    expect(() => g.addNode('Relu', ['nothing'])).toThrow(/nothing gives yet/);
    expect(() => g.addOutput('nothing', 'float32', ['N', 1])).toThrow(/not given by any node/);
    expect(() => g.addNode('Relu', ['x'], 1, {}, { domain: 'com.example' as 'ai.onnx.ml' })).toThrow(/domain "com.example"/);
    expect(() => g.build()).toThrow(/no outputs/);
  });

  it('writes metadata_props, the last value of a key winning', () => {
    const g = tiny();
    g.setMetadata('task', 'regression');
    g.setMetadata('note', 'first');
    g.setMetadata('note', 'ünïcode ✓');
    expect(() => g.setMetadata('', 'x')).toThrow(/needs a key/);
    expect(inspectOnnx(g.build()).metadata).toEqual({ task: 'regression', note: 'ünïcode ✓' });
  });

  it('gives a fresh buffer holding the model only', () => {
    const bytes = tiny().build();
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  it.skipIf(CHECKER_UNAVAILABLE !== null)('builds graphs the ONNX checker accepts', () => {
    expect(checkWithOnnx(tiny().build())).toBeNull();
  });
});

describe('inspectOnnx', () => {
  it('reads inputs, outputs, opsets and producer', () => {
    const info = inspectOnnx(tiny().build());
    expect(info).toEqual({
      inputs: [{ name: 'x', type: 'float32', shape: ['N', 2] }],
      outputs: [{ name: 'y', type: 'float32', shape: ['N', 2] }],
      metadata: {},
      opsets: { 'ai.onnx': 17 },
      irVersion: 8,
      producer: { name: 'tests', version: '9' },
      graphName: 'tiny',
      docString: 'adds one',
    });
  });

  it('reads models made elsewhere: old IR with initializers among the inputs, unknown ranks, non-tensor outputs', () => {
    const m = onnx.ModelProto.create({
      irVersion: 3,
      opsetImport: [{ domain: '', version: 9 }],
      graph: {
        name: 'old',
        input: [
          { name: 'x', type: { tensorType: { elemType: D.DOUBLE } } },
          { name: 'w', type: { tensorType: { elemType: D.FLOAT, shape: { dim: [{ dimValue: 1 }] } } } },
        ],
        initializer: [{ name: 'w', dims: [1], dataType: D.FLOAT, floatData: [1] }],
        output: [
          { name: 'p', type: { sequenceType: { elemType: { mapType: { keyType: D.INT64 } } } } },
          { name: 'q', type: { tensorType: { elemType: D.INT64, shape: { dim: [{}, { dimValue: 3 }] } } } },
        ],
      },
    });
    const info = inspectOnnx(onnx.ModelProto.encode(m).finish());
    expect(info.inputs).toEqual([{ name: 'x', type: 'float64', shape: null }]);
    expect(info.outputs).toEqual([
      { name: 'p', type: 'sequence', shape: null },
      { name: 'q', type: 'int64', shape: [null, 3] },
    ]);
    expect(info.opsets).toEqual({ 'ai.onnx': 9 });
    expect(info.irVersion).toBe(3);
  });
});
