/**
 * A column built from cells as bytes (`addBytes`, the CSV path) against the same cells as text
 * (`addText`, which states the rules): the same type, values, missing count and warnings, also
 * for columns that hold numbers written differently from how they print and then turn to text.
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { ColumnBuilder } from '$src/core/data/ingest/infer';

const encoder = new TextEncoder();

const cell = fc.oneof(
  fc.constantFrom('1', '-2', '007', '+5', '1.50', '2.5', '-0', '0.0', '1e3', '1,5', 'true', 'TRUE', 'false', '2024-01-05', '2024-01-05T10:00:00Z'),
  fc.constantFrom('', 'NA', '?', ' 3 ', '\u00a04\u00a0', 'red', 'Zoë', '😀', '\ufeff7'),
  fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((x) => x.toFixed(3)),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);

function build(cells: string[], bytes: boolean, decimalComma: boolean): unknown {
  const builder = new ColumnBuilder({ decimalComma });
  cells.forEach((text, i) => {
    if (!bytes) builder.addText(text, i + 2);
    else {
      // Padded, so that the builder reads a range inside a larger buffer.
      const buf = encoder.encode(`,${text},`);
      builder.addBytes(buf, 1, buf.length - 1, i + 2);
    }
  });
  return { ...builder.finish('x', 'line'), usedDecimalComma: builder.usedDecimalComma };
}

test('addBytes builds the column addText builds', () => {
  const columns = fc.oneof(
    fc.array(cell, { maxLength: 120 }),
    // Mostly one kind, so that the typed paths and the 2% rule are exercised.
    fc.tuple(fc.constantFrom('1.50', '3', '-2.25', 'true', '2024-03-01'), fc.array(cell, { maxLength: 5 }), fc.nat({ max: 200 })).map(([common, rare, n]) => [
      ...Array.from({ length: n }, () => common),
      ...rare,
    ]),
  );
  fc.assert(
    fc.property(columns, fc.boolean(), (cells, comma) => {
      expect(build(cells, true, comma)).toEqual(build(cells, false, comma));
    }),
    { numRuns: 1500 },
  );
});
