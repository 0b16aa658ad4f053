import { describe, expect, it } from 'vitest';
import { StorageError } from '$src/storage/errors';
import { DataArea, decodeValue, encodeValue } from '$src/storage/project-file/tagged-json';

/** Encodes `value` to JSON text and a data area, as a file holds them, and reads it back. */
function roundTrip(value: unknown): { json: string; back: unknown } {
  const area = new DataArea();
  const json = JSON.stringify(encodeValue(value, area, ''));
  const data = new Uint8Array(area.length);
  let at = 0;
  for (const part of area.parts) {
    data.set(part, at);
    at += part.byteLength;
  }
  return { json, back: decodeValue(JSON.parse(json), data, '', 0) };
}

function refusal(value: unknown, data = new Uint8Array()): string {
  try {
    decodeValue(value, data, '', 0);
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('tagged JSON', () => {
  it('brings back typed arrays, dates, undefined and the numbers JSON has no form for', () => {
    const value = {
      weights: Float32Array.of(1.5, -2, NaN),
      bytes: Uint8Array.of(1, 2, 3),
      ids: Int32Array.of(-7, 8),
      at: new Date(Date.UTC(2024, 1, 29)),
      numbers: [NaN, Infinity, -Infinity, -0, 0, 1.25],
      missing: undefined,
      list: [1, undefined, 'x', null, true],
    };
    const { back } = roundTrip(value);
    expect(back).toEqual(value);
    const b = back as typeof value;
    expect(b.weights).toBeInstanceOf(Float32Array);
    expect(b.ids).toBeInstanceOf(Int32Array);
    expect(Object.is(b.numbers[3], -0)).toBe(true);
    expect(Object.hasOwn(b, 'missing')).toBe(true);
    expect(b.list).toHaveLength(5);
  });

  it('keeps keys that look like tags or like __proto__ as plain keys', () => {
    const value = JSON.parse('{"$price": 3, "__proto__": {"x": 1}, "name": "a"}') as Record<string, unknown>;
    const { json, back } = roundTrip(value);
    expect(JSON.parse(json)).toHaveProperty('$obj');
    expect(Object.keys(back as object)).toEqual(['$price', '__proto__', 'name']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect((back as Record<string, unknown>).__proto__).toEqual({ x: 1 });
  });

  it('gives each typed array its own buffer when read', () => {
    const { back } = roundTrip({ a: Uint8Array.of(1, 2), b: Float64Array.of(3) });
    const b = back as { a: Uint8Array; b: Float64Array };
    expect(b.a.buffer.byteLength).toBe(2);
    expect(b.b.buffer.byteLength).toBe(8);
  });

  it('refuses a value a record never holds', () => {
    expect(() => encodeValue({ f: () => 1 }, new DataArea(), '')).toThrow(/at f\)/);
    expect(() => encodeValue(new Map(), new DataArea(), 'models[0]')).toThrow(StorageError);
  });

  it('refuses malformed tags, sections outside the data and deep nesting, naming where', () => {
    expect(refusal({ a: { $num: 'NaN', b: 1 } })).toMatch(/a mixes a "\$" tag with other fields/);
    expect(refusal({ a: { $num: 'twelve' } })).toMatch(/a holds an unknown or malformed value \(\$num\)/);
    expect(refusal({ a: { $what: 1 } })).toMatch(/\(\$what\)/);
    expect(refusal({ a: { $bin: ['Float32Array', 0, 8] } }, new Uint8Array(4))).toMatch(/a points outside the file's data/);
    expect(refusal({ a: { $bin: ['Float32Array', 0, 3] } }, new Uint8Array(4))).toMatch(/points outside/);
    expect(refusal({ a: { $bin: ['BigInt64Array', 0, 8] } }, new Uint8Array(8))).toMatch(/of an unknown type/);
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(refusal({ models: deep })).toMatch(/"models" is nested too deeply/);
  });
});
