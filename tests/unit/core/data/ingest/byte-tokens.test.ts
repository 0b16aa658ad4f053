/**
 * Cells read from bytes against the string readers of tokens.ts, which state the rules: the same
 * kind and the same value, bit for bit (the number fast path must equal `Number(text)`).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { asciiString, classifyBytes, isMissingBytes } from '$src/core/data/ingest/byte-tokens';
import { TokenKind, classify, isMissingToken, lastDateForm } from '$src/core/data/ingest/tokens';
import type { Token } from '$src/core/data/ingest/tokens';

const encoder = new TextEncoder();

function both(cell: string, decimalComma: boolean): [Token, Token] {
  const bytes = encoder.encode(cell);
  const fromBytes = { ...classifyBytes(bytes, 0, bytes.length, decimalComma, { kind: TokenKind.Missing, value: NaN }) };
  const fromText = { ...classify(cell, decimalComma, { kind: TokenKind.Missing, value: NaN }) };
  return [fromBytes, fromText];
}

function expectSame(cell: string, decimalComma = false): void {
  const [fromBytes, fromText] = both(cell, decimalComma);
  expect(fromBytes.kind, cell).toBe(fromText.kind);
  expect(Object.is(fromBytes.value, fromText.value) || (Number.isNaN(fromBytes.value) && Number.isNaN(fromText.value)), `${cell}: ${fromBytes.value} vs ${fromText.value}`).toBe(true);
}

/** Numbers written the ways files write them. */
const writtenNumber = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([x, k]) => x.toFixed(k)),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })).map(([x, k]) => x.toExponential(k)),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 21 })).map(([x, k]) => x.toPrecision(k)),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.stringMatching(/^[+-]?\d{0,24}(\.\d{0,24})?([eE][+-]?\d{1,4})?$/),
);

describe('classifyBytes', () => {
  test('numbers: the same kind and value as classify, bit for bit', () => {
    fc.assert(fc.property(writtenNumber, fc.boolean(), (cell, comma) => expectSame(cell, comma)), { numRuns: 5000 });
    for (const cell of ['-0', '-0.0', '0.0', '007', '+5', '1.', '.5', '9007199254740993', '1e999', '1e-400', '123456789012345.6', '0.1', '2.2250738585072014e-308']) {
      expectSame(cell);
    }
  });

  test('dates in every written form: the same kind, value and form as classify', () => {
    const written = fc
      .tuple(fc.integer({ min: 0, max: 35 }), fc.integer({ min: 0, max: 35 }), fc.integer({ min: 1890, max: 2110 }), fc.constantFrom('.', '/', '-'), fc.boolean(), fc.constantFrom('', ' 10:20', 'T23:59:59', ' 7:00'))
      .map(([a, b, y, mark, pad, time]) => {
        const p = (x: number) => (pad ? String(x).padStart(2, '0') : String(x));
        return `${p(a)}${mark}${p(b)}${mark}${y}${time}`;
      });
    fc.assert(
      fc.property(written, fc.boolean(), (cell, comma) => {
        const bytes = encoder.encode(cell);
        const fromBytes = { ...classifyBytes(bytes, 0, bytes.length, comma, { kind: TokenKind.Missing, value: NaN }) };
        const formFromBytes = lastDateForm();
        const fromText = { ...classify(cell, comma, { kind: TokenKind.Missing, value: NaN }) };
        expect(fromBytes.kind, cell).toBe(fromText.kind);
        expect(Object.is(fromBytes.value, fromText.value), cell).toBe(true);
        if (fromText.kind === TokenKind.Date) expect(formFromBytes, cell).toBe(lastDateForm());
      }),
      { numRuns: 3000 },
    );
  });

  test('thousands points with a decimal comma', () => {
    for (const cell of ['1.234,5', '-12.345.678,25', '1.234.567', '1.234', '1.234,', '12.34,5', '1.234.56']) expectSame(cell, true);
  });

  test('decimal commas in semicolon files', () => {
    fc.assert(fc.property(writtenNumber, (cell) => expectSame(cell.replace('.', ','), true)), { numRuns: 2000 });
    for (const cell of ['1,', ',5', '1,5e3', '1.5']) expectSame(cell, true);
  });

  test('booleans, dates, text and missing tokens as classify reads them', () => {
    const cells = ['24.12.2025', '1.2.2025', '24/12/2025', '12/24/2025', '05/06/2025 10:20', '5-6-2025', '31.02.2025', '1/2/25', '1.2', '12.30', '1/12/2025', 'true', 'TRUE', 'False', 'yes', '2024-02-29', '2023-02-29', '2024/01/05 10:20', '2024-01-05T10:20:30.5+02:00', '2024-01-05 é', 'NA', 'n/a', 'nan', 'null', 'Null', '?', '-', 'né', 'ïnf'];
    for (const cell of cells) {
      expectSame(cell);
      const bytes = encoder.encode(cell);
      expect(isMissingBytes(bytes, 0, bytes.length), cell).toBe(isMissingToken(cell));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (raw) => {
        const cell = raw.trim();
        const bytes = encoder.encode(cell);
        expect(isMissingBytes(bytes, 0, bytes.length)).toBe(isMissingToken(cell));
        // classify is only ever asked about cells that are not missing, and well-formed text.
        if (!isMissingToken(cell) && encoder.encode(cell).length === bytes.length && !/[\ud800-\udfff]/.test(cell)) expectSame(cell);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('asciiString', () => {
  test('builds a string of megabytes (far past the engine limit on call arguments)', () => {
    const bytes = new Uint8Array(5_000_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = 97 + (i % 26);
    const text = asciiString(bytes, 1, bytes.length);
    expect(text.length).toBe(5_000_002);
    expect(text.slice(0, 3)).toBe('bcd');
    expect(text.slice(8190, 8194)).toBe(String.fromCharCode(...bytes.subarray(8191, 8195)));
    expect(text.endsWith(String.fromCharCode(...bytes.subarray(bytes.length - 30)))).toBe(true);
  });

  test('short and mid-sized cells read as their bytes', () => {
    for (const n of [0, 5, 16, 17, 8192, 8193, 20_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => 32 + (i % 90));
      expect(asciiString(bytes, 0, n)).toBe(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
    }
  });
});
