/**
 * Tagged JSON: the stores' records as JSON plus a data area of binary sections, so that typed
 * arrays, dates, `undefined` and the numbers JSON has no form for (NaN, ±Infinity, -0) come back
 * exactly. A value JSON cannot carry is an object with exactly one key that starts with `$`
 * (`$bin`, `$num`, `$undefined`, `$date`, and `$obj` for a plain object whose own keys start with
 * `$`); the format module describes each tag.
 */
import { StorageError } from '../errors';
import { notValid } from './messages';

/** Deeper nesting than any record has; a file nested deeper is refused rather than overflow the stack. */
const MAX_DEPTH = 64;

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/** The file stores typed arrays little-endian; a big-endian machine turns their bytes around. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
}

/** The typed array's kind, by its tag (so arrays from another realm count too), or null. */
function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value)) return null;
  const name = Object.prototype.toString.call(value).slice(8, -1);
  return Object.hasOwn(TYPED_ARRAYS, name) ? (name as TypedArrayName) : null;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Appends binary sections to the data area and says where each went. */
export class DataArea {
  readonly parts: Uint8Array[] = [];
  length = 0;

  add(value: TypedArray): [number, number] {
    let bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (!LITTLE_ENDIAN && value.BYTES_PER_ELEMENT > 1) {
      bytes = bytes.slice();
      swapBytes(bytes, value.BYTES_PER_ELEMENT);
    }
    const at = this.length;
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return [at, bytes.byteLength];
  }
}

function encodeNumber(x: number): unknown {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { $num: Object.is(x, -0) ? '-0' : String(x) };
}

/** A value as JSON-safe data; typed arrays go to `data`. Throws for what a record never holds. */
export function encodeValue(value: unknown, data: DataArea, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return encodeNumber(value);
    case 'undefined':
      return { $undefined: true };
    case 'object': {
      if (value === null) return null;
      const typed = typedArrayName(value);
      if (typed) return { $bin: [typed, ...data.add(value as TypedArray)] };
      if (value instanceof Date) return { $date: encodeNumber(value.getTime()) };
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i], data, `${path}[${i}]`);
        return out;
      }
      if (isPlainObject(value)) {
        const out: Record<string, unknown> = {};
        let tagLike = false;
        for (const [key, item] of Object.entries(value)) {
          if (key.startsWith('$')) tagLike = true;
          defineEntry(out, key, encodeValue(item, data, child(path, key)));
        }
        return tagLike ? { $obj: out } : out;
      }
      break;
    }
  }
  throw new StorageError(
    `The project holds a value the studio cannot write to a file (at ${path}), so it was not exported. Please report this.`,
    'failed',
  );
}

/** `out[key] = value`, also for the key `__proto__` (a column may be called that). */
function defineEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const SPECIAL_NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The inverse of `encodeValue`; `data` is the file's data area. Throws `notValid` for anything malformed. */
export function decodeValue(value: unknown, data: Uint8Array, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw notValid(`"${path.split(/[.[]/)[0]}" is nested too deeply`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => decodeValue(item, data, `${path}[${i}]`, depth + 1));
  const entries = value as Record<string, unknown>;
  const keys = Object.keys(entries);
  if (keys.length === 1 && keys[0].startsWith('$')) return decodeTagged(keys[0], entries[keys[0]], data, path, depth);
  if (keys.some((key) => key.startsWith('$'))) throw notValid(`${path} mixes a "$" tag with other fields`);
  return decodeEntries(entries, data, path, depth);
}

function decodeEntries(entries: Record<string, unknown>, data: Uint8Array, path: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entries)) defineEntry(out, key, decodeValue(entries[key], data, child(path, key), depth + 1));
  return out;
}

function decodeTagged(tag: string, body: unknown, data: Uint8Array, path: string, depth: number): unknown {
  switch (tag) {
    case '$num':
      if (typeof body === 'string' && Object.hasOwn(SPECIAL_NUMBERS, body)) return SPECIAL_NUMBERS[body];
      break;
    case '$undefined':
      if (body === true) return undefined;
      break;
    case '$date': {
      const time = decodeValue(body, data, path, depth + 1);
      if (typeof time === 'number') return new Date(time);
      break;
    }
    case '$obj':
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) return decodeEntries(body as Record<string, unknown>, data, path, depth);
      break;
    case '$bin':
      return decodeTypedArray(body, data, path);
  }
  throw notValid(`${path} holds an unknown or malformed value (${tag})`);
}

function decodeTypedArray(body: unknown, data: Uint8Array, path: string): TypedArray {
  if (!Array.isArray(body) || body.length !== 3) throw notValid(`${path} is a malformed binary section`);
  const [name, at, length] = body as unknown[];
  if (typeof name !== 'string' || !Object.hasOwn(TYPED_ARRAYS, name)) throw notValid(`${path} is a binary section of an unknown type`);
  const Type = TYPED_ARRAYS[name as TypedArrayName];
  const inBounds =
    Number.isSafeInteger(at) && Number.isSafeInteger(length) && (at as number) >= 0 && (length as number) >= 0 && (at as number) + (length as number) <= data.length;
  if (!inBounds || (length as number) % Type.BYTES_PER_ELEMENT !== 0) throw notValid(`${path} points outside the file's data`);
  // A copy with its own buffer: IndexedDB stores a view's whole buffer, which here is the whole file.
  const bytes = data.slice(at as number, (at as number) + (length as number));
  if (!LITTLE_ENDIAN && Type.BYTES_PER_ELEMENT > 1) swapBytes(bytes, Type.BYTES_PER_ELEMENT);
  return name === 'Uint8Array' ? bytes : new Type(bytes.buffer);
}
