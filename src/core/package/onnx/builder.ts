/**
 * A small typed builder for ONNX graphs, over onnx-proto's static protobuf code. It knows only
 * what the studio's exporters need: typed inputs and outputs (a symbolic batch dimension such as
 * 'N'), initializers from typed arrays or text, nodes with typed attributes, names that never
 * collide, the opset imports of the export contract (docs/architecture.md, "The ONNX contract"):
 * ai.onnx 17 always and ai.onnx.ml 3 only when an ML op is used, and IR version 8.
 *
 * Numbers are written as raw little-endian bytes (`raw_data`), so what is stored is exactly the
 * Float32Array / Float64Array / BigInt64Array given; text tensors as UTF-8 `string_data`.
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';

const { onnx } = onnxProto;

/** The ONNX IR version the studio writes. */
export const IR_VERSION = 8;
/** The opset of each domain the studio writes ('' is ai.onnx). */
export const OPSETS = { '': 17, 'ai.onnx.ml': 3 } as const;
export type Domain = keyof typeof OPSETS;

/** Element types of the tensors the studio writes. */
export type ElementType = 'float32' | 'float64' | 'int64' | 'int32' | 'string' | 'bool';

/** ONNX TensorProto.DataType of each element type. */
export const DATA_TYPE: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  string: onnx.TensorProto.DataType.STRING,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** One dimension: a size, or a symbolic name such as 'N' (rows). */
export type Dim = number | string;

/** The values of a constant tensor. Int32Array holds int32 or bool (0/1) values. */
export type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | readonly string[];

export interface TensorValue {
  data: TensorData;
  dims: readonly number[];
  /** Needed only to tell `bool` from `int32` for an Int32Array; otherwise taken from `data`. */
  type?: ElementType;
}

/** A typed node attribute; make them with `attr`. */
export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number | bigint }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorValue }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'ints'; value: readonly (number | bigint)[] }
  | { type: 'strings'; value: readonly string[] };

/** Attribute makers: `attr.int(1)`, `attr.floats([0.5])`, `attr.strings(['a', 'b'])` … */
export const attr = {
  float: (value: number): Attribute => ({ type: 'float', value }),
  int: (value: number | bigint): Attribute => ({ type: 'int', value }),
  string: (value: string): Attribute => ({ type: 'string', value }),
  tensor: (value: TensorValue): Attribute => ({ type: 'tensor', value }),
  floats: (value: readonly number[]): Attribute => ({ type: 'floats', value }),
  ints: (value: readonly (number | bigint)[]): Attribute => ({ type: 'ints', value }),
  strings: (value: readonly string[]): Attribute => ({ type: 'strings', value }),
};

/** A mistake in building a graph (a programming error, not the person's). */
export class GraphBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphBuildError';
  }
}

const utf8 = new TextEncoder();

type LongLike = number | { low: number; high: number; unsigned: boolean };

/** An int64 for protobufjs: a number when it is exact, else its two 32-bit halves. */
function int64(value: number | bigint): LongLike {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new GraphBuildError(`${value} is not a whole number that int64 can hold exactly.`);
    return value;
  }
  if (value < -(1n << 63n) || value >= 1n << 63n) throw new GraphBuildError(`${value} does not fit in int64.`);
  if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  const bits = BigInt.asUintN(64, value);
  return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned: false };
}

/** The element type of constant data. */
export function elementTypeOf(value: TensorValue): ElementType {
  const { data } = value;
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return value.type === 'bool' ? 'bool' : 'int32';
  return 'string';
}

/** A TensorProto for constant data (numbers as raw little-endian bytes). */
export function tensorProto(name: string, value: TensorValue): P.ITensorProto {
  const { data, dims } = value;
  const count = dims.reduce((a, b) => a * b, 1);
  for (const d of dims) if (!Number.isInteger(d) || d < 0) throw new GraphBuildError(`The tensor ${name} has a dimension ${d}.`);
  if (data.length !== count) throw new GraphBuildError(`The tensor ${name} has ${data.length} values for dims [${dims.join(', ')}].`);
  const type = elementTypeOf(value);
  if (value.type !== undefined && value.type !== type) throw new GraphBuildError(`The tensor ${name} is declared ${value.type} but holds ${type} values.`);
  const proto: P.ITensorProto = { name, dims: dims.map((d) => d), dataType: DATA_TYPE[type] };
  if (type === 'string') {
    proto.stringData = (data as readonly string[]).map((s) => utf8.encode(s));
    return proto;
  }
  const size = type === 'float64' || type === 'int64' ? 8 : type === 'bool' ? 1 : 4;
  const raw = new Uint8Array(count * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 'float32':
        view.setFloat32(i * 4, (data as Float32Array)[i], true);
        break;
      case 'float64':
        view.setFloat64(i * 8, (data as Float64Array)[i], true);
        break;
      case 'int64':
        view.setBigInt64(i * 8, (data as BigInt64Array)[i], true);
        break;
      case 'int32':
        view.setInt32(i * 4, (data as Int32Array)[i], true);
        break;
      case 'bool':
        raw[i] = (data as Int32Array)[i] ? 1 : 0;
        break;
    }
  }
  proto.rawData = raw;
  return proto;
}

function attributeProto(name: string, a: Attribute): P.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'int':
      return { name, type: T.INT, i: int64(a.value) as number };
    case 'string':
      return { name, type: T.STRING, s: utf8.encode(a.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto('', a.value) };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...a.value] };
    case 'ints':
      return { name, type: T.INTS, ints: a.value.map((v) => int64(v) as number) };
    case 'strings':
      return { name, type: T.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
  }
}

function valueInfo(name: string, type: ElementType, shape: readonly Dim[], docString?: string): P.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[type],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: int64(d) as number } : { dimParam: d })) },
      },
    },
    ...(docString ? { docString } : {}),
  };
}

export interface GraphOptions {
  /** The graph's name. */
  name: string;
  docString?: string;
  producerName?: string;
  producerVersion?: string;
  /** The model's doc string (the graph's when not given). */
  modelDocString?: string;
  modelVersion?: number;
}

export interface NodeOptions {
  domain?: Domain;
  /** The node's name; made unique from the op type when not given. */
  name?: string;
  docString?: string;
}

/**
 * Builds one ONNX model. Inputs, outputs and initializers keep their given names (a second
 * use of a name is refused); node outputs take a unique name made from a hint. `build()` gives
 * the model's bytes.
 */
export class GraphBuilder {
  private readonly names = new Set<string>();
  private readonly inputs: P.IValueInfoProto[] = [];
  private readonly outputs: P.IValueInfoProto[] = [];
  private readonly valueInfos: P.IValueInfoProto[] = [];
  private readonly initializers: P.ITensorProto[] = [];
  private readonly nodes: P.INodeProto[] = [];
  private readonly metadata = new Map<string, string>();
  private readonly domains = new Set<Domain>(['']);
  /** Values a node or an input gives, or an initializer holds. */
  private readonly defined = new Set<string>();

  constructor(private readonly options: GraphOptions) {}

  /** A name not used yet in this graph: `hint`, or `hint_2`, `hint_3` … */
  uniqueName(hint: string): string {
    const base = hint === '' ? 'value' : hint;
    let name = base;
    for (let k = 2; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Whether a value name is taken. */
  has(name: string): boolean {
    return this.names.has(name);
  }

  private claim(name: string, what: string): void {
    if (name === '') throw new GraphBuildError(`An ${what} needs a name.`);
    if (this.names.has(name)) throw new GraphBuildError(`The name ${JSON.stringify(name)} is already used in the graph.`);
    this.names.add(name);
  }

  /** A graph input, named exactly `name`. Returns the name. */
  addInput(name: string, type: ElementType, shape: readonly Dim[], docString?: string): string {
    this.claim(name, 'input');
    this.inputs.push(valueInfo(name, type, shape, docString));
    this.defined.add(name);
    return name;
  }

  /**
   * Declares `value` (a node's output) as a graph output. When `name` differs from `value`, an
   * Identity node gives it the output's name (which must be free).
   */
  addOutput(value: string, type: ElementType, shape: readonly Dim[], options: { name?: string; docString?: string } = {}): string {
    if (!this.defined.has(value)) throw new GraphBuildError(`The output ${JSON.stringify(value)} is not given by any node.`);
    let name = value;
    if (options.name !== undefined && options.name !== value) {
      this.claim(options.name, 'output');
      this.nodes.push({ opType: 'Identity', input: [value], output: [options.name], name: this.uniqueName(`Identity_${options.name}`) });
      this.defined.add(options.name);
      name = options.name;
    }
    if (this.outputs.some((o) => o.name === name)) throw new GraphBuildError(`${JSON.stringify(name)} is already an output.`);
    this.outputs.push(valueInfo(name, type, shape, options.docString));
    return name;
  }

  /**
   * Declares the type and shape of an inner value (`value_info`), for ops whose schema infers no
   * output type (the reference checker's strict shape inference needs one downstream).
   */
  addValueInfo(value: string, type: ElementType, shape: readonly Dim[]): void {
    if (!this.defined.has(value)) throw new GraphBuildError(`The value ${JSON.stringify(value)} is not given by any node.`);
    this.valueInfos.push(valueInfo(value, type, shape));
  }

  /** A constant tensor (an initializer) named from `hint`. Returns its name. */
  addInitializer(hint: string, data: TensorData, dims: readonly number[], type?: ElementType): string {
    const name = this.uniqueName(hint);
    this.initializers.push(tensorProto(name, { data, dims, type }));
    this.defined.add(name);
    return name;
  }

  /**
   * A node `opType(inputs) → outputs`; `outputs` are name hints (made unique) — give a number for
   * that many outputs named after the op. Returns the output names. Inputs must already exist
   * ('' marks an omitted optional input).
   */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[] | number = 1,
    attributes: Readonly<Record<string, Attribute>> = {},
    options: NodeOptions = {},
  ): string[] {
    for (const input of inputs) {
      if (input !== '' && !this.defined.has(input)) throw new GraphBuildError(`${opType} takes ${JSON.stringify(input)}, which nothing gives yet.`);
    }
    const domain = options.domain ?? '';
    if (!(domain in OPSETS)) throw new GraphBuildError(`The domain ${JSON.stringify(domain)} is not one the studio writes.`);
    const hints = typeof outputs === 'number' ? Array.from({ length: outputs }, () => opType) : outputs;
    const names = hints.map((h) => this.uniqueName(h));
    for (const n of names) this.defined.add(n);
    const node: P.INodeProto = {
      opType,
      input: [...inputs],
      output: names,
      name: options.name !== undefined ? this.uniqueName(options.name) : this.uniqueName(`${opType}_node`),
      attribute: Object.entries(attributes).map(([key, a]) => attributeProto(key, a)),
    };
    if (domain !== '') node.domain = domain;
    if (options.docString) node.docString = options.docString;
    this.nodes.push(node);
    this.domains.add(domain);
    return names;
  }

  /** One `metadata_props` entry (a later value for the same key replaces the earlier). */
  setMetadata(key: string, value: string): void {
    if (key === '') throw new GraphBuildError('A metadata entry needs a key.');
    this.metadata.set(key, value);
  }

  /** The opset imports the graph needs: ai.onnx always, ai.onnx.ml when an ML op is used. */
  opsetImports(): { domain: string; version: number }[] {
    return (Object.keys(OPSETS) as Domain[]).filter((d) => this.domains.has(d)).map((domain) => ({ domain, version: OPSETS[domain] }));
  }

  /** The model as a protobuf object (for tests and for `build`). */
  toModelProto(): P.ModelProto {
    if (this.outputs.length === 0) throw new GraphBuildError('The graph has no outputs.');
    const o = this.options;
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: this.opsetImports(),
      producerName: o.producerName ?? '',
      producerVersion: o.producerVersion ?? '',
      modelVersion: o.modelVersion ?? 1,
      docString: o.modelDocString ?? o.docString ?? '',
      graph: {
        name: o.name,
        docString: o.docString ?? '',
        input: this.inputs,
        output: this.outputs,
        valueInfo: this.valueInfos,
        initializer: this.initializers,
        node: this.nodes,
      },
      metadataProps: [...this.metadata].map(([key, value]) => ({ key, value })),
    });
  }

  /** The model's bytes (a fresh buffer holding nothing else). */
  build(): Uint8Array {
    const encoded = onnx.ModelProto.encode(this.toModelProto()).finish();
    return new Uint8Array(encoded);
  }
}
